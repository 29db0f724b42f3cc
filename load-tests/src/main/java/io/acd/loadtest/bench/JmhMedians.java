package io.acd.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JMH JSON results ({@code -rf json}) and prints one Markdown row per benchmark and parameter set: the
 * median of the measured iterations, their range, and the allocation per operation when {@code -prof gc} ran.
 * JMH's own summary prints the mean with a confidence interval, which on a small, noisy machine is dominated
 * by one slow iteration; the median is what our benchmark pages quote.
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
        for (String file : args) {
            for (JsonNode run : json.readTree(new File(file))) {
                System.out.println(row(new File(file).getName(), run));
            }
        }
    }

    static String row(String file, JsonNode run) {
        String name = run.path("benchmark").asText();
        name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
        List<String> params = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = run.path("params").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            params.add(p.getKey() + "=" + p.getValue().asText());
        }
        List<Double> scores = new ArrayList<>();
        for (JsonNode fork : run.path("primaryMetric").path("rawData")) {
            for (JsonNode score : fork) {
                scores.add(score.asDouble());
            }
        }
        scores.sort(Double::compare);
        JsonNode alloc = run.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
        return String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %,.0f–%,.0f | %s |", file, name,
                String.join(" ", params), median(scores), scores.get(0), scores.get(scores.size() - 1),
                alloc.isMissingNode() ? "" : String.format(Locale.ROOT, "%.0f", alloc.asDouble()));
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
