package io.acd.loadtest.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acd.loadtest.erlang.ErlangA;
import io.acd.loadtest.erlang.ErlangC;
import io.acd.loadtest.report.ScenarioReport;
import io.acd.loadtest.scenario.Scenario;
import io.acd.loadtest.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bin/acd simulate}: a scenario file, or one M/M/c(+M) queue of the flags held against Erlang C or
 * Erlang A, in virtual time with the engine's routing core; or either in real time against a running engine.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate in virtual time with the engine's routing core: a scenario file, or one queue of "
                + "the flags compared with Erlang C (no abandonment) or Erlang A (with --patience). With --mode "
                + "engine, play either against a running engine over its API.")
public final class SimulateCommand implements Callable<Integer> {

    @CommandLine.Parameters(arity = "0..1", paramLabel = "SCENARIO",
            description = "a scenario file (HOCON, see load-tests/scenarios/example.conf), played in virtual "
                    + "mode unless --mode engine; without it the flags describe one M/M/c(+M) queue")
    java.nio.file.Path scenarioFile;

    @Option(names = "--mode", defaultValue = "virtual",
            description = "virtual: discrete-event, in-process, virtual time; engine: real time against a running "
                    + "engine over its public API (needs --url)")
    String mode;

    @Option(names = "--url", description = "engine mode: the engine's base URL, e.g. http://127.0.0.1:8080")
    java.net.URI url;

    @Option(names = "--key-file", defaultValue = "data/admin.key",
            description = "engine mode: the file with the engine's admin key (default: ${DEFAULT-VALUE}, where"
                    + " bin/acd run writes it)")
    java.nio.file.Path keyFile;

    @Option(names = "--time-scale", defaultValue = "1",
            description = "engine mode: scenario seconds per real second (60 plays an hour in a minute)")
    double timeScale;

    @Option(names = "--drain-timeout", defaultValue = "120",
            description = "scenario seconds contacts still queued after the last arrival may wait before their "
                    + "customers hang up (engine mode, and scenario files in virtual mode)")
    double drainTimeout;

    @Option(names = "--chat-messages", defaultValue = "0",
            description = "engine mode: messages each chat's customer writes once an agent took it, each answered by"
                    + " the agent from the desktop; reports messages per second and customer → desktop latency")
    int chatMessages;

    @Option(names = "--arrival-rate", description = "contacts per second (λ)")
    double arrivalRate;

    @Option(names = "--aht", description = "average handle time, seconds")
    double aht;

    @Option(names = "--agents", description = "number of agents")
    int agents;

    @Option(names = "--patience", defaultValue = "0", description = "mean patience in seconds; 0: nobody abandons")
    double patience;

    @Option(names = "--sl-threshold",
            description = "service-level threshold, seconds (default: the scenario file's, or 20)")
    Double slThreshold;

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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulateCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) {
            err().println("--format is text or json");
            return 2;
        }
        if (slThreshold != null && !(slThreshold >= 0)) {
            err().println("--sl-threshold is 0 or more seconds");
            return 2;
        }
        if (mode.equals("engine")) {
            return engine();
        }
        if (!mode.equals("virtual")) {
            err().println("--mode is virtual or engine");
            return 2;
        }
        if (scenarioFile != null) {
            return virtualScenario();
        }
        if (!(arrivalRate > 0) || !(aht > 0) || agents < 1) {
            err().println("Give a scenario file, or --arrival-rate, --aht and --agents (see --help)");
            return 2;
        }
        double threshold = slThreshold != null ? slThreshold : 20;
        VirtualSimulation.Scenario scenario = new VirtualSimulation.Scenario(arrivalRate, aht, patience, agents,
                threshold, duration, seed, batches);
        boolean json = format.equals("json");
        long started = System.nanoTime();
        VirtualSimulation.Result r = new VirtualSimulation(scenario).run(line -> {
            if (!json) {
                err().println(line);
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
        put(out, "aht", r.aht());
        put(out, "occupancy", r.occupancy());
        ObjectNode formula = out.putObject(patience > 0 ? "erlangA" : "erlangC");
        if (patience > 0) {
            ErlangA a = new ErlangA(arrivalRate, aht, patience, agents);
            formula.put("pWait", a.pWait());
            formula.put("serviceLevel", a.serviceLevel(threshold));
            formula.put("pAbandon", a.pAbandon());
            formula.put("aht", aht);
            formula.put("occupancy", a.occupancy());
        } else {
            ErlangC c = new ErlangC(arrivalRate, aht, agents);
            formula.put("pWait", c.pWait());
            formula.put("asa", c.asa());
            formula.put("serviceLevel", c.serviceLevel(threshold));
            formula.put("pAbandon", 0.0);
            // An input of the formulas, not a result: the simulated AHT should come out at it.
            formula.put("aht", aht);
            formula.put("occupancy", c.occupancy());
        }
        if (report != null) {
            java.util.Map<String, Double> values = new java.util.HashMap<>();
            formula.fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue().asDouble()));
            try {
                io.acd.loadtest.report.SimulationReport.write(report, scenario, r,
                        patience > 0 ? "Erlang A" : "Erlang C", values);
            } catch (java.io.IOException e) {
                err().println("Cannot write the report to " + report + ": " + e.getMessage());
                return 1;
            }
            out.put("report", report.toAbsolutePath().toString());
        }
        out.put("events", r.events());
        out.put("wallSeconds", Math.round(seconds * 1000) / 1000.0);
        if (json) {
            out().println(out);
        } else {
            out().printf(Locale.ROOT, "offered %d, answered %d, abandoned %d (%,d events in %.1f s)%n",
                    r.offered(), r.answered(), r.abandoned(), r.events(), seconds);
            row("P(wait)", r.pWait(), formula.path("pWait").asDouble());
            if (formula.has("asa")) {
                row("ASA (s)", r.asa(), formula.path("asa").asDouble());
            } else {
                out().printf(Locale.ROOT, "%-16s %10.4f ± %.4f%n", "ASA (s)", r.asa().value(), r.asa().halfWidth());
            }
            row("SL(" + (int) threshold + " s)", r.serviceLevel(), formula.path("serviceLevel").asDouble());
            row("P(abandon)", r.pAbandon(), formula.path("pAbandon").asDouble());
            row("AHT (s)", r.aht(), formula.path("aht").asDouble());
            row("occupancy", r.occupancy(), formula.path("occupancy").asDouble());
            if (report != null) {
                out().println("report: " + report.toAbsolutePath().resolve("summary.md"));
            }
        }
        return 0;
    }

    /** A scenario file in virtual time: every queue and agent group of the file, routed by the routing index. */
    private int virtualScenario() throws Exception {
        if (url != null) {
            err().println("--url drives a running engine: add --mode engine to play the scenario against it, "
                    + "or leave --url out to play it in virtual time");
            return 2;
        }
        Scenario scenario;
        try {
            scenario = Scenario.load(scenarioFile);
        } catch (ScenarioException e) {
            err().println("Bad scenario: " + e.getMessage());
            return 2;
        }
        if (slThreshold != null) {
            scenario = scenario.withSlThreshold(slThreshold);
        }
        long started = System.nanoTime();
        ScenarioSimulation.Result r = new ScenarioSimulation(scenario, drainTimeout).run(line -> err().println(line));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (report != null) {
            try {
                ScenarioReport.write(report, scenario, drainTimeout, r);
            } catch (java.io.IOException e) {
                err().println("Cannot write the report to " + report + ": " + e.getMessage());
                return 1;
            }
        }
        double hoursPerSecond = scenario.durationSeconds() / 3600 / seconds;
        if (format.equals("json")) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode();
            out.put("mode", "virtual");
            out.put("scenario", scenario.name());
            out.put("durationSeconds", scenario.durationSeconds());
            out.put("slThresholdSeconds", scenario.slThresholdSeconds());
            out.put("agents", scenario.agentCount());
            out.put("seed", scenario.seed());
            figures(out, r.total());
            out.put("occupancy", r.occupancy());
            ObjectNode queues = out.putObject("queues");
            r.queues().forEach((name, f) -> figures(queues.putObject(name), f));
            out.put("abandonedAtEnd", r.abandonedAtEnd());
            out.put("events", r.events());
            out.put("wallSeconds", Math.round(seconds * 1000) / 1000.0);
            out.put("simulatedHoursPerWallSecond", Math.round(hoursPerSecond * 10) / 10.0);
            if (report != null) {
                out.put("report", report.toAbsolutePath().toString());
            }
            out().println(out);
            return 0;
        }
        out().printf(Locale.ROOT, "scenario %s: %,.0f simulated seconds, %,d agents, seed %d, SL threshold %.0f s%n",
                scenario.name(), scenario.durationSeconds(), scenario.agentCount(), scenario.seed(),
                scenario.slThresholdSeconds());
        out().printf(Locale.ROOT, "%-14s %9s %9s %9s %8s %8s %8s %10s %8s%n", "queue", "offered", "answered",
                "abandoned", "P(wait)", "ASA (s)", "SL", "P(abandon)", "AHT (s)");
        r.queues().forEach(this::queueRow);
        queueRow("all", r.total());
        out().printf(Locale.ROOT, "occupancy %.3f (busy slots over logged-in slots); %,d still waiting at the end "
                + "hung up%n", r.occupancy(), r.abandonedAtEnd());
        out().printf(Locale.ROOT, "%,d events in %.2f s of wall time: %,.1f simulated hours per second%n",
                r.events(), seconds, hoursPerSecond);
        if (report != null) {
            out().println("report: " + report.toAbsolutePath().resolve("summary.md"));
        }
        return 0;
    }

    private void queueRow(String name, Figures f) {
        out().printf(Locale.ROOT, "%-14s %,9d %,9d %,9d %8.3f %8.1f %8.3f %10.3f %8.1f%n", name, f.offered(),
                f.answered(), f.abandoned(), f.pWait(), f.asa(), f.serviceLevel(), f.pAbandon(), f.aht());
    }

    private int engine() throws Exception {
        if (url == null) {
            err().println("--mode engine needs --url, the base URL of a running engine (bin/acd run)");
            return 2;
        }
        String key;
        try {
            key = java.nio.file.Files.readString(keyFile).trim();
        } catch (java.io.IOException e) {
            err().println("--mode engine needs the engine's admin key: no file " + keyFile
                    + " (give the engine's --admin-key-file with --key-file)");
            return 2;
        }
        Scenario scenario;
        try {
            if (scenarioFile != null) {
                scenario = Scenario.load(scenarioFile);
                if (slThreshold != null) {
                    scenario = scenario.withSlThreshold(slThreshold);
                }
            } else if (arrivalRate > 0 && aht > 0 && agents > 0) {
                scenario = Scenario.singleQueue(arrivalRate, aht, agents, patience,
                        slThreshold != null ? slThreshold : 20, duration, seed);
            } else {
                err().println("Give a scenario file, or --arrival-rate, --aht and --agents (see --help)");
                return 2;
            }
        } catch (ScenarioException e) {
            err().println("Bad scenario: " + e.getMessage());
            return 2;
        }
        io.acd.loadtest.sim.engine.EngineSimulation.Options options = new io.acd.loadtest.sim.engine.EngineSimulation.Options(
                url, key, timeScale, 1, java.time.Duration.ofMillis((long) (drainTimeout * 1000)), 32,
                Long.toString(System.currentTimeMillis(), 36), chatMessages);
        boolean json = format.equals("json");
        io.acd.loadtest.sim.engine.EngineResult r = new io.acd.loadtest.sim.engine.EngineSimulation(scenario, options)
                .run(line -> err().println(line));
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
        r.chatFigures().ifPresent(chat -> {
            ObjectNode c = out.putObject("chat");
            c.put("customerMessages", chat.sent());
            c.put("receivedOnDesktops", chat.received());
            c.put("agentReplies", chat.replies());
            c.put("refusedAfterEnd", chat.late());
            c.put("messagesPerSecond", (chat.sent() + chat.replies()) / Math.max(1e-9, r.wallSeconds()));
            c.put("sendToDesktopP50Millis", chat.latencyMillis(50));
            c.put("sendToDesktopP99Millis", chat.latencyMillis(99));
        });
        out.put("retries", r.retries());
        out.put("errors", r.errors());
        out.put("lost", r.lost());
        out.put("disagreements", r.disagreements());
        out.putPOJO("apiStatuses", r.apiStatuses());
        out.put("wallSeconds", r.wallSeconds());
        if (report != null) {
            out.put("report", report.toAbsolutePath().toString());
        }
        out().println(json ? mapper.writeValueAsString(out) : mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return r.lost() == 0 ? 0 : 1;
    }

    private static void figures(ObjectNode out, Figures f) {
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

    private void row(String name, VirtualSimulation.Estimate e, double formula) {
        out().printf(Locale.ROOT, "%-16s %10.4f ± %.4f   formula %.4f %s%n", name, e.value(), e.halfWidth(),
                formula, e.contains(formula) ? "(inside the interval)" : "(OUTSIDE the interval)");
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
