package io.acd.loadtest.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acd.loadtest.erlang.ErlangA;
import io.acd.loadtest.erlang.ErlangC;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bin/acd simulate}: one M/M/c(+M) queue in virtual time, held against Erlang C or Erlang A. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate one queue in virtual time with the engine's routing core and compare the result "
                + "with Erlang C (no abandonment) or Erlang A (with --patience).")
public final class SimulateCommand implements Callable<Integer> {

    @CommandLine.Parameters(arity = "0..1", paramLabel = "SCENARIO",
            description = "a scenario file (HOCON, see load-tests/scenarios/example.conf); without it the flags "
                    + "describe one M/M/c(+M) queue")
    java.nio.file.Path scenarioFile;

    @Option(names = "--mode", defaultValue = "virtual",
            description = "virtual: discrete-event, in-process, virtual time; engine: real time against a running "
                    + "engine over its public API (needs --url)")
    String mode;

    @Option(names = "--url", description = "engine mode: the engine's base URL, e.g. http://127.0.0.1:8080")
    java.net.URI url;

    @Option(names = "--time-scale", defaultValue = "1",
            description = "engine mode: scenario seconds per real second (60 plays an hour in a minute)")
    double timeScale;

    @Option(names = "--drain-timeout", defaultValue = "120",
            description = "engine mode: seconds contacts still queued after the last arrival may wait before "
                    + "their customers hang up")
    double drainTimeout;

    @Option(names = "--arrival-rate", description = "contacts per second (λ)")
    double arrivalRate;

    @Option(names = "--aht", description = "average handle time, seconds")
    double aht;

    @Option(names = "--agents", description = "number of agents")
    int agents;

    @Option(names = "--patience", defaultValue = "0", description = "mean patience in seconds; 0: nobody abandons")
    double patience;

    @Option(names = "--sl-threshold", defaultValue = "20", description = "service-level threshold, seconds")
    double slThreshold;

    @Option(names = "--duration", defaultValue = "1000000", description = "simulated seconds")
    double duration;

    @Option(names = "--seed", defaultValue = "1", description = "random seed; the same seed gives the same run")
    long seed;

    @Option(names = "--batches", defaultValue = "20", description = "batches for the confidence intervals")
    int batches;

    @Option(names = "--format", defaultValue = "text", description = "text or json")
    String format;

    @Option(names = "--report", description = "a folder to write summary.md, timeseries.csv and PNG charts into")
    java.nio.file.Path report;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) {
            System.err.println("--format is text or json");
            return 2;
        }
        if (mode.equals("engine")) {
            return engine();
        }
        if (!mode.equals("virtual")) {
            System.err.println("--mode is virtual or engine");
            return 2;
        }
        if (scenarioFile != null) {
            System.err.println("Scenario files play in engine mode (--mode engine --url ...); in virtual mode "
                    + "the simulator runs the single queue of the flags so far.");
            return 2;
        }
        if (!(arrivalRate > 0) || !(aht > 0) || agents < 1) {
            System.err.println("Give a scenario file, or --arrival-rate, --aht and --agents (see --help)");
            return 2;
        }
        VirtualSimulation.Scenario scenario = new VirtualSimulation.Scenario(arrivalRate, aht, patience, agents,
                slThreshold, duration, seed, batches);
        boolean json = format.equals("json");
        long started = System.nanoTime();
        VirtualSimulation.Result r = new VirtualSimulation(scenario).run(line -> {
            if (!json) {
                System.err.println(line);
            }
        });
        double seconds = (System.nanoTime() - started) / 1e9;

        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        out.put("mode", mode);
        out.put("offered", r.offered());
        out.put("answered", r.answered());
        out.put("abandoned", r.abandoned());
        put(out, "pWait", r.pWait());
        put(out, "asa", r.asa());
        put(out, "serviceLevel", r.serviceLevel());
        put(out, "pAbandon", r.pAbandon());
        put(out, "occupancy", r.occupancy());
        ObjectNode formula = out.putObject(patience > 0 ? "erlangA" : "erlangC");
        if (patience > 0) {
            ErlangA a = new ErlangA(arrivalRate, aht, patience, agents);
            formula.put("pWait", a.pWait());
            formula.put("serviceLevel", a.serviceLevel(slThreshold));
            formula.put("pAbandon", a.pAbandon());
            formula.put("occupancy", a.occupancy());
        } else {
            ErlangC c = new ErlangC(arrivalRate, aht, agents);
            formula.put("pWait", c.pWait());
            formula.put("asa", c.asa());
            formula.put("serviceLevel", c.serviceLevel(slThreshold));
            formula.put("pAbandon", 0.0);
            formula.put("occupancy", c.occupancy());
        }
        if (report != null) {
            java.util.Map<String, Double> values = new java.util.HashMap<>();
            formula.fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue().asDouble()));
            try {
                io.acd.loadtest.report.SimulationReport.write(report, scenario, r,
                        patience > 0 ? "Erlang A" : "Erlang C", values);
            } catch (java.io.IOException e) {
                System.err.println("Cannot write the report to " + report + ": " + e.getMessage());
                return 1;
            }
            out.put("report", report.toAbsolutePath().toString());
        }
        out.put("events", r.events());
        out.put("wallSeconds", Math.round(seconds * 1000) / 1000.0);
        if (json) {
            System.out.println(out);
        } else {
            System.out.printf(Locale.ROOT, "offered %d, answered %d, abandoned %d (%,d events in %.1f s)%n",
                    r.offered(), r.answered(), r.abandoned(), r.events(), seconds);
            row("P(wait)", r.pWait(), formula.path("pWait").asDouble());
            if (formula.has("asa")) {
                row("ASA (s)", r.asa(), formula.path("asa").asDouble());
            } else {
                System.out.printf(Locale.ROOT, "%-16s %10.4f ± %.4f%n", "ASA (s)", r.asa().value(), r.asa().halfWidth());
            }
            row("SL(" + (int) slThreshold + " s)", r.serviceLevel(), formula.path("serviceLevel").asDouble());
            row("P(abandon)", r.pAbandon(), formula.path("pAbandon").asDouble());
            row("occupancy", r.occupancy(), formula.path("occupancy").asDouble());
            if (report != null) {
                System.out.println("report: " + report.toAbsolutePath().resolve("summary.md"));
            }
        }
        return 0;
    }

    private int engine() throws Exception {
        if (url == null) {
            System.err.println("--mode engine needs --url, the base URL of a running engine (bin/acd run)");
            return 2;
        }
        io.acd.loadtest.scenario.Scenario scenario;
        try {
            if (scenarioFile != null) {
                scenario = io.acd.loadtest.scenario.Scenario.load(scenarioFile);
            } else if (arrivalRate > 0 && aht > 0 && agents > 0) {
                scenario = io.acd.loadtest.scenario.Scenario.singleQueue(arrivalRate, aht, agents, patience,
                        slThreshold, duration, seed);
            } else {
                System.err.println("Give a scenario file, or --arrival-rate, --aht and --agents (see --help)");
                return 2;
            }
        } catch (io.acd.loadtest.scenario.ScenarioException e) {
            System.err.println("Bad scenario: " + e.getMessage());
            return 2;
        }
        io.acd.loadtest.sim.engine.EngineSimulation.Options options = new io.acd.loadtest.sim.engine.EngineSimulation.Options(
                url, timeScale, 1, java.time.Duration.ofMillis((long) (drainTimeout * 1000)), 32,
                Long.toString(System.currentTimeMillis(), 36));
        boolean json = format.equals("json");
        io.acd.loadtest.sim.engine.EngineResult r = new io.acd.loadtest.sim.engine.EngineSimulation(scenario, options)
                .run(line -> System.err.println(line));
        if (report != null) {
            io.acd.loadtest.report.EngineReport.write(report, scenario, url.toString(), timeScale, r);
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode out = mapper.createObjectNode();
        out.put("mode", "engine");
        figures(out, r.total());
        out.put("occupancy", r.occupancy());
        ObjectNode queues = out.putObject("queues");
        r.queues().forEach((name, f) -> figures(queues.putObject(name), f));
        ObjectNode latency = out.putObject("createToOfferMillis");
        latency.put("p50", r.latencyMillis(50));
        latency.put("p99", r.latencyMillis(99));
        latency.put("p999", r.latencyMillis(99.9));
        out.put("createsPerSecond", r.createsPerSecond());
        out.put("lifecyclesPerSecond", r.lifecyclesPerSecond());
        out.put("retries", r.retries());
        out.put("errors", r.errors());
        out.put("lost", r.lost());
        out.put("disagreements", r.disagreements());
        out.putPOJO("apiStatuses", r.apiStatuses());
        out.put("wallSeconds", r.wallSeconds());
        if (report != null) {
            out.put("report", report.toAbsolutePath().toString());
        }
        System.out.println(json ? mapper.writeValueAsString(out) : mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return r.lost() == 0 ? 0 : 1;
    }

    private static void figures(ObjectNode out, io.acd.loadtest.sim.engine.EngineResult.Figures f) {
        out.put("offered", f.offered());
        out.put("answered", f.answered());
        out.put("abandoned", f.abandoned());
        out.put("completed", f.completed());
        out.put("pWait", f.pWait());
        out.put("asa", f.asa());
        out.put("serviceLevel", f.serviceLevel());
        out.put("pAbandon", f.pAbandon());
        out.put("aht", f.aht());
    }

    private static void put(ObjectNode out, String name, VirtualSimulation.Estimate e) {
        out.put(name, e.value());
        out.put(name + "HalfWidth95", e.halfWidth());
    }

    private static void row(String name, VirtualSimulation.Estimate e, double formula) {
        System.out.printf(Locale.ROOT, "%-16s %10.4f ± %.4f   formula %.4f %s%n", name, e.value(), e.halfWidth(),
                formula, e.contains(formula) ? "(inside the interval)" : "(OUTSIDE the interval)");
    }
}
