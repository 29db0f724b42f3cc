package io.acd.loadtest.chaos;

import io.acd.loadtest.audit.AuditReport;
import io.acd.loadtest.audit.AuditResult;
import io.acd.loadtest.report.LineChart;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chaos run's report: the timeline as CSV, two charts with the kills marked (throughput, and create→offer
 * latency), and a summary in Markdown with the audit's result.
 */
final class ChaosReport {

    /** What the run was asked to do and what it saw; the timeline and the audit are the rest of the report. */
    record Summary(String command, String machine, int nodes, double ratePerSecond, int warmUpSeconds, int trafficSeconds,
                   int killEverySeconds, int agents, long sent, long acknowledged, long stillOpen, long kills,
                   Counters counters, long retries, Histogram latency, double drainSeconds) {
    }

    private ChaosReport() {
    }

    static void write(Path dir, Summary summary, Timeline timeline, AuditResult audit) throws IOException {
        Files.createDirectories(dir);
        List<Timeline.Second> seconds = timeline.seconds();
        StringBuilder csv = new StringBuilder("second,acknowledged,offered,completed,abandoned,create_to_offer_p50_ms,"
                + "create_to_offer_p99_ms\n");
        for (Timeline.Second s : seconds) {
            csv.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%s,%s%n", s.at(), s.acknowledged(), s.offered(),
                    s.completed(), s.abandoned(), number(s.p50Millis()), number(s.p99Millis())));
        }
        Files.writeString(dir.resolve("timeline.csv"), csv);
        StringBuilder faults = new StringBuilder("second,fault,node\n");
        for (Timeline.Fault f : timeline.faults()) {
            faults.append(String.format(Locale.ROOT, "%.1f,%s,%s%n", f.at(), f.what(), node(f)));
        }
        Files.writeString(dir.resolve("faults.csv"), faults);
        charts(dir, seconds, timeline.faults(), summary.killEverySeconds());
        Files.writeString(dir.resolve("summary.md"), markdown(summary, timeline, audit));
    }

    /** Five-second averages: a second-by-second line of a Poisson load is mostly noise. */
    private static void charts(Path dir, List<Timeline.Second> seconds, List<Timeline.Fault> faults, int killEvery)
            throws IOException {
        int window = 5;
        int points = (seconds.size() + window - 1) / window;
        double[] x = new double[points];
        double[] acknowledged = new double[points];
        double[] completed = new double[points];
        double[] p50 = new double[points];
        double[] p99 = new double[points];
        for (int p = 0; p < points; p++) {
            List<Timeline.Second> in = seconds.subList(p * window, Math.min(seconds.size(), (p + 1) * window));
            x[p] = p * window + in.size() / 2.0;
            acknowledged[p] = in.stream().mapToLong(Timeline.Second::acknowledged).sum() / (double) in.size();
            completed[p] = in.stream().mapToLong(Timeline.Second::completed).sum() / (double) in.size();
            // The worst second of the window: a failover's wait is what the chart is for.
            p50[p] = in.stream().mapToDouble(Timeline.Second::p50Millis).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
            p99[p] = in.stream().mapToDouble(Timeline.Second::p99Millis).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
        }
        List<Double> kills = new ArrayList<>();
        faults.stream().filter(f -> f.what().equals("killed")).forEach(f -> kills.add(f.at()));
        new LineChart("Throughput while a node is killed every " + killEvery + " s", "seconds since the traffic started",
                "contacts per second (5 s averages)", x)
                .add("created (acknowledged)", acknowledged, LineChart.colour(1))
                .add("completed", completed, LineChart.colour(3))
                .markers(kills, "node killed (SIGKILL)")
                .write(dir.resolve("chaos-throughput.png"));
        new LineChart("Create → offer latency by creation time", "seconds since the traffic started",
                "milliseconds (worst second of each 5 s)", x)
                .add("p50", p50, LineChart.colour(1))
                .add("p99", p99, LineChart.colour(2))
                .markers(kills, "node killed (SIGKILL)")
                .write(dir.resolve("chaos-latency.png"));
    }

    private static String markdown(Summary s, Timeline timeline, AuditResult audit) {
        Histogram h = s.latency();
        StringBuilder md = new StringBuilder();
        md.append("# Chaos run\n\n");
        md.append("- Command: `").append(s.command()).append("`\n");
        md.append("- Machine: ").append(s.machine()).append("\n");
        md.append(String.format(Locale.ROOT, "- %d nodes on Cassandra; %d agents; a warm-up of %d s rising to %.0f new "
                        + "contacts per second, then %d s at that rate with a random node killed with SIGKILL every %d s "
                        + "and started again%n", s.nodes(), s.agents(), s.warmUpSeconds(), s.ratePerSecond(),
                s.trafficSeconds(), s.killEverySeconds()));
        md.append("\n| figure | value |\n| --- | --- |\n");
        row(md, "kills", Long.toString(s.kills()));
        row(md, "creates sent", String.format(Locale.ROOT, "%,d", s.sent()));
        row(md, "creates acknowledged", String.format(Locale.ROOT, "%,d", s.acknowledged()));
        row(md, "creates never acknowledged", Long.toString(s.counters().createsUnacknowledged.get()));
        row(md, "acknowledged contacts not seen ending by the driver", Long.toString(s.stillOpen()));
        row(md, "endings learned by reading the contact after the drain", Long.toString(s.counters().endingsRead.get()));
        row(md, "drain after the traffic stopped", String.format(Locale.ROOT, "%.0f s", s.drainSeconds()));
        if (h.getTotalCount() > 0) {
            row(md, "create → offer p50 / p99 / max", String.format(Locale.ROOT, "%.0f / %.0f / %.0f ms",
                    h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0));
        }
        row(md, "customers who hung up (patience over)", Long.toString(s.counters().abandons.get()));
        row(md, "calls retried (on the next node)", Long.toString(s.retries()));
        row(md, "desktop sockets reopened", Long.toString(s.counters().reconnects.get()));
        row(md, "offers missed (agent went not ready)", Long.toString(s.counters().missedOffers.get()));
        row(md, "work resumed from the agent's record", Long.toString(s.counters().repairs.get()));
        row(md, "driver errors", Long.toString(s.counters().errors.get()));
        md.append("\n![throughput](chaos-throughput.png)\n\n![latency](chaos-latency.png)\n\n");
        md.append("## Faults\n\n| second | fault | node |\n| --- | --- | --- |\n");
        for (Timeline.Fault f : timeline.faults()) {
            md.append(String.format(Locale.ROOT, "| %.1f | %s | %s |%n", f.at(), f.what(), node(f)));
        }
        md.append("\n## Audit\n\n```\n").append(audit == null ? "not run\n" : AuditReport.text(audit)).append("```\n");
        if (!s.counters().errorSamples().isEmpty()) {
            md.append("\n## Driver errors (first ").append(s.counters().errorSamples().size()).append(")\n\n");
            s.counters().errorSamples().forEach(e -> md.append("- ").append(e.replace('\n', ' ')).append('\n'));
        }
        return md.toString();
    }

    private static String node(Timeline.Fault f) {
        return f.node() < 0 ? "" : Integer.toString(f.node() + 1);
    }

    private static void row(StringBuilder md, String figure, String value) {
        md.append("| ").append(figure).append(" | ").append(value).append(" |\n");
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
    }
}
