package io.acd.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acd.loadtest.report.LineChart;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Draws RoutingBenchmark's results as decisions per second against the number of agents, one line per
 * benchmark, with the routing core's goal of a million a second as a dashed line: how a benchmark holds up
 * as the centre grows shows at a glance. {@code decisionOnly} is left out of the chart (it runs five to ten
 * times faster than the operations with index updates and would flatten them); the table has it.
 *
 * <pre>java -cp load-tests/target/benchmarks.jar io.acd.loadtest.bench.RoutingBenchChart out.png results.json [more.json ...]</pre>
 */
public final class RoutingBenchChart {

    private static final double GOAL = 1_000_000;

    private RoutingBenchChart() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: RoutingBenchChart OUT.png RESULTS.json [MORE.json ...]");
            System.exit(2);
        }
        List<JsonNode> runs = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (int i = 1; i < args.length; i++) {
            json.readTree(new File(args[i])).forEach(runs::add);
        }
        chart(runs).write(Path.of(args[0]));
    }

    static LineChart chart(List<JsonNode> runs) {
        // benchmark -> agents -> median decisions per second
        Map<String, Map<Double, Double>> byBenchmark = new TreeMap<>();
        TreeSet<Double> agents = new TreeSet<>();
        for (JsonNode run : runs) {
            String name = run.path("benchmark").asText();
            name = name.substring(name.lastIndexOf('.') + 1);
            if (name.equals("decisionOnly")) {
                continue;
            }
            double size = run.path("params").path("agents").asDouble();
            byBenchmark.computeIfAbsent(name, n -> new TreeMap<>()).put(size, JmhMedians.median(run));
            agents.add(size);
        }
        double[] x = agents.stream().mapToDouble(Double::doubleValue).toArray();
        String title = "Routing core: decisions per second (median) by number of agents, 500,000 waiting";
        LineChart chart = new LineChart(title, "agents", "decisions per second", x)
                .reference(GOAL, "goal: 1,000,000/s");
        int colour = 0;
        for (Map.Entry<String, Map<Double, Double>> benchmark : byBenchmark.entrySet()) {
            Map<Double, Double> medians = benchmark.getValue();
            if (medians.size() != x.length) {
                throw new IllegalArgumentException(benchmark.getKey() + " was not measured at every size");
            }
            double[] y = agents.stream().mapToDouble(medians::get).toArray();
            chart.add(benchmark.getKey(), y, LineChart.colour(colour++));
        }
        return chart;
    }
}
