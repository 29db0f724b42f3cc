package io.acd.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads JMH JSON results ({@code -rf json}) and prints one Markdown row per benchmark and parameter set: the
 * median of the measured iterations, their range, and the allocation per operation when {@code -prof gc} ran.
 * JMH's own summary prints the mean with a confidence interval, which on a small, noisy machine is dominated
 * by one slow iteration; the median is what our benchmark pages quote. For a benchmark measured at several
 * numbers of agents it then prints what going from the fewest to the most costs: the median at the fewest
 * over the median at the most (the routing-core goal is at most 1.5× from 1,000 to 100,000 agents).
 *
 * <pre>java -cp load-tests/target/benchmarks.jar io.acd.loadtest.bench.JmhMedians results.json [more.json ...]</pre>
 */
public final class JmhMedians {

    private JmhMedians() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: JmhMedians RESULTS.json [MORE.json ...]");
            System.exit(2);
        }
        System.out.println("| file | benchmark | parameters | median | range | B/op |");
        System.out.println("| --- | --- | --- | ---: | --- | ---: |");
        ObjectMapper json = new ObjectMapper();
        List<String> costs = new ArrayList<>();
        for (String file : args) {
            List<JsonNode> runs = new ArrayList<>();
            for (JsonNode run : json.readTree(new File(file))) {
                System.out.println(row(new File(file).getName(), run));
                runs.add(run);
            }
            costs.addAll(scaling(new File(file).getName(), runs));
        }
        if (!costs.isEmpty()) {
            System.out.println();
            System.out.println("| file | benchmark | agents | cost |");
            System.out.println("| --- | --- | --- | ---: |");
            costs.forEach(System.out::println);
        }
    }

    /**
     * One row per benchmark (and parameters other than {@code agents}) measured at two or more numbers of
     * agents: the median at the fewest over the median at the most.
     */
    static List<String> scaling(String file, List<JsonNode> runs) {
        Map<String, TreeMap<Integer, Double>> byBenchmark = byAgents(runs,
                run -> String.join(" ", name(run), String.join(" ", params(run, "agents"))).trim());
        List<String> rows = new ArrayList<>();
        byBenchmark.forEach((benchmark, medians) -> {
            if (medians.size() >= 2) {
                rows.add(String.format(Locale.ROOT, "| %s | %s | %,d → %,d | %.2f× |", file, benchmark,
                        medians.firstKey(), medians.lastKey(),
                        medians.firstEntry().getValue() / medians.lastEntry().getValue()));
            }
        });
        return rows;
    }

    /**
     * The medians of the runs that have an {@code agents} parameter, grouped under {@code key} of the run
     * (in the order first met) and by number of agents.
     */
    static Map<String, TreeMap<Integer, Double>> byAgents(List<JsonNode> runs, Function<JsonNode, String> key) {
        Map<String, TreeMap<Integer, Double>> grouped = new LinkedHashMap<>();
        for (JsonNode run : runs) {
            JsonNode agents = run.path("params").path("agents");
            if (!agents.isMissingNode()) {
                grouped.computeIfAbsent(key.apply(run), k -> new TreeMap<>()).put(agents.asInt(), median(run));
            }
        }
        return grouped;
    }

    static String row(String file, JsonNode run) {
        List<Double> scores = scores(run);
        JsonNode alloc = run.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
        return String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %,.0f–%,.0f | %s |", file, name(run),
                String.join(" ", params(run, null)), median(scores), scores.get(0), scores.get(scores.size() - 1),
                alloc.isMissingNode() ? "" : String.format(Locale.ROOT, "%.0f", alloc.asDouble()));
    }

    /** The run's parameters as {@code name=value}, leaving out the one named {@code except} (may be null). */
    private static List<String> params(JsonNode run, String except) {
        List<String> params = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = run.path("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (!p.getKey().equals(except)) {
                params.add(p.getKey() + "=" + p.getValue().asText());
            }
        }
        return params;
    }

    /** The median of the run's measured iterations, all forks together. */
    static double median(JsonNode run) {
        return median(scores(run));
    }

    /** The benchmark's class and method, without the package. */
    private static String name(JsonNode run) {
        String name = run.path("benchmark").asText();
        return name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
    }

    /** Every measured iteration of every fork, sorted. */
    private static List<Double> scores(JsonNode run) {
        List<Double> scores = new ArrayList<>();
        for (JsonNode fork : run.path("primaryMetric").path("rawData")) {
            for (JsonNode score : fork) {
                scores.add(score.asDouble());
            }
        }
        scores.sort(Double::compare);
        return scores;
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
