package io.acd.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acd.loadtest.report.LineChart;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Draws RoutingBenchmark's results against the number of agents, one line per benchmark.
 *
 * <p>The decisions chart (the default) shows decisions per second with the routing core's goal of a million
 * a second as a dashed line: how a benchmark holds up as the centre grows shows at a glance.
 * {@code decisionOnly} is left out (it runs five to ten times faster than the operations with index updates
 * and would flatten them; the table has it), and so is {@code agentReportsRead}, which decides nothing.
 *
 * <p>The agent inputs chart ({@code --agent-inputs}) shows nanoseconds per operation of {@code agentFrees}
 * and of {@code agentReportsRead}, the reading of {@code agentFrees}'s records alone, with the scaling goal's
 * budget as a dashed line: 1.5 times what {@code agentFrees} costs at the fewest agents. Where the inputs'
 * line is above it, no index meets the goal in that benchmark on the machine measured.
 *
 * <pre>java -cp load-tests/target/benchmarks.jar io.acd.loadtest.bench.RoutingBenchChart [--agent-inputs] out.png results.json [more.json ...]</pre>
 */
public final class RoutingBenchChart {

    private static final double GOAL = 1_000_000;
    /** Going from the fewest agents to the most may cost this much, by the routing core's goal. */
    private static final double SCALING_GOAL = 1.5;
    private static final Set<String> NOT_CHARTED_AS_DECISIONS = Set.of("decisionOnly", "agentReportsRead");
    private static final List<String> AGENT_INPUTS = List.of("agentFrees", "agentReportsRead");

    private RoutingBenchChart() {
    }

    public static void main(String[] args) throws IOException {
        boolean agentInputs = args.length > 0 && args[0].equals("--agent-inputs");
        int first = agentInputs ? 1 : 0;
        if (args.length - first < 2) {
            System.err.println("usage: RoutingBenchChart [--agent-inputs] OUT.png RESULTS.json [MORE.json ...]");
            System.exit(2);
        }
        List<JsonNode> runs = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (int i = first + 1; i < args.length; i++) {
            json.readTree(new File(args[i])).forEach(runs::add);
        }
        (agentInputs ? agentInputsChart(runs) : chart(runs)).write(Path.of(args[first]));
    }

    static LineChart chart(List<JsonNode> runs) {
        Medians medians = Medians.of(runs, name -> !NOT_CHARTED_AS_DECISIONS.contains(name));
        String title = "Routing core: decisions per second (median) by number of agents, 500,000 waiting";
        LineChart chart = new LineChart(title, "agents", "decisions per second", medians.agents())
                .reference(GOAL, "goal: 1,000,000/s");
        int colour = 0;
        for (String benchmark : medians.byBenchmark().keySet()) {
            chart.add(benchmark, medians.perSecond(benchmark), LineChart.colour(colour++));
        }
        return chart;
    }

    static LineChart agentInputsChart(List<JsonNode> runs) {
        Medians medians = Medians.of(runs, AGENT_INPUTS::contains);
        for (String benchmark : AGENT_INPUTS) {
            if (!medians.byBenchmark().containsKey(benchmark)) {
                throw new IllegalArgumentException(benchmark + " was not measured");
            }
        }
        String title = "agentFrees and the reading of its inputs alone: nanoseconds per operation (median)";
        LineChart chart = new LineChart(title, "agents", "nanoseconds per operation", medians.agents())
                .reference(scalingBudget(medians.nanos("agentFrees")),
                        String.format(Locale.ROOT, "goal: %s × agentFrees at %,d agents", SCALING_GOAL,
                                (long) medians.agents()[0]));
        for (int i = 0; i < AGENT_INPUTS.size(); i++) {
            chart.add(AGENT_INPUTS.get(i), medians.nanos(AGENT_INPUTS.get(i)), LineChart.colour(i));
        }
        return chart;
    }

    /** What an operation may cost at the most agents, by the scaling goal, given its costs by size (fewest first). */
    static double scalingBudget(double[] nanosBySize) {
        return SCALING_GOAL * nanosBySize[0];
    }

    /** The median decisions per second of each benchmark (by method) at each number of agents measured. */
    record Medians(Map<String, TreeMap<Integer, Double>> byBenchmark, double[] agents) {

        static Medians of(List<JsonNode> runs, Predicate<String> charted) {
            Map<String, TreeMap<Integer, Double>> byBenchmark = new TreeMap<>(JmhMedians.byAgents(
                    runs.stream().filter(run -> charted.test(method(run))).toList(), RoutingBenchChart::method));
            TreeSet<Integer> agents = new TreeSet<>();
            byBenchmark.values().forEach(medians -> agents.addAll(medians.keySet()));
            for (Map.Entry<String, TreeMap<Integer, Double>> benchmark : byBenchmark.entrySet()) {
                if (benchmark.getValue().size() != agents.size()) {
                    throw new IllegalArgumentException(benchmark.getKey() + " was not measured at every size");
                }
            }
            return new Medians(byBenchmark, agents.stream().mapToDouble(Integer::doubleValue).toArray());
        }

        double[] perSecond(String benchmark) {
            return byBenchmark.get(benchmark).values().stream().mapToDouble(Double::doubleValue).toArray();
        }

        double[] nanos(String benchmark) {
            return byBenchmark.get(benchmark).values().stream().mapToDouble(perSecond -> 1e9 / perSecond).toArray();
        }
    }

    /** The benchmark's method: the chart's legend has no room for the class. */
    private static String method(JsonNode run) {
        String name = run.path("benchmark").asText();
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
