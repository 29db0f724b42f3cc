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

    @Option(names = "--mode", defaultValue = "virtual",
            description = "virtual: discrete-event, in-process, virtual time (the only mode built so far)")
    String mode;

    @Option(names = "--arrival-rate", required = true, description = "contacts per second (λ)")
    double arrivalRate;

    @Option(names = "--aht", required = true, description = "average handle time, seconds")
    double aht;

    @Option(names = "--agents", required = true, description = "number of agents")
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
    public Integer call() {
        if (!mode.equals("virtual")) {
            System.err.println("Only --mode virtual is built so far; engine mode drives a running engine and comes next.");
            return 2;
        }
        if (!format.equals("text") && !format.equals("json")) {
            System.err.println("--format is text or json");
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

    private static void put(ObjectNode out, String name, VirtualSimulation.Estimate e) {
        out.put(name, e.value());
        out.put(name + "HalfWidth95", e.halfWidth());
    }

    private static void row(String name, VirtualSimulation.Estimate e, double formula) {
        System.out.printf(Locale.ROOT, "%-16s %10.4f ± %.4f   formula %.4f %s%n", name, e.value(), e.halfWidth(),
                formula, e.contains(formula) ? "(inside the interval)" : "(OUTSIDE the interval)");
    }
}
