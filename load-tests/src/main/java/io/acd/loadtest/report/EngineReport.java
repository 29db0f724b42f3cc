package io.acd.loadtest.report;

import io.acd.loadtest.scenario.Scenario;
import io.acd.loadtest.sim.Figures;
import io.acd.loadtest.sim.ScenarioTime;
import io.acd.loadtest.sim.engine.EngineResult;
import org.HdrHistogram.Histogram;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An engine-mode run's report folder: {@code summary.md}, {@code timeseries.csv} (one row per interval and
 * queue, plus the total), charts of service level, ASA and abandonment over time (a line per queue) and the
 * create-to-offer latency histogram.
 */
public final class EngineReport {

    private EngineReport() {
    }

    public static void write(Path folder, Scenario scenario, String engine, double timeScale, EngineResult r)
            throws IOException {
        Files.createDirectories(folder);
        List<EngineResult.Interval> intervals = r.intervals();

        StringBuilder csv = new StringBuilder("start_s,end_s,queue," + QueueReport.FIGURES_CSV_HEADER
                + ",p50_create_to_offer_ms,p99_create_to_offer_ms,lifecycles_per_s\n");
        for (EngineResult.Interval i : intervals) {
            csvRow(csv, i, "(total)", i.figures(), i.p50LatencyMillis(), i.p99LatencyMillis(), i.lifecyclesPerSecond());
            i.queues().forEach((queue, f) -> csvRow(csv, i, queue, f, Double.NaN, Double.NaN, Double.NaN));
        }
        Files.writeString(folder.resolve("timeseries.csv"), csv);

        QueueReport.Axis axis = QueueReport.Axis.forDuration(scenario.durationSeconds());
        double[] x = axis.midpoints(intervals);
        String threshold = QueueReport.seconds(scenario.slThresholdSeconds());
        QueueReport.writeQueueCharts(folder, scenario.slThresholdSeconds(), axis, intervals);
        latencyChart(r.latency()).write(folder.resolve("create-to-offer.png"));
        double[] offeredRate = intervals.stream().mapToDouble(i -> i.figures().offered()
                / ((i.endSeconds() - i.startSeconds()) / timeScale)).toArray();
        new LineChart("Throughput by interval", axis.label(), "contacts per real second", x)
                .add("created", offeredRate, LineChart.colour(1))
                .add("lifecycles completed", intervals.stream().mapToDouble(EngineResult.Interval::lifecyclesPerSecond)
                        .toArray(), LineChart.colour(2))
                .write(folder.resolve("throughput.png"));
        new LineChart("Create → offer latency by interval", axis.label(), "milliseconds", x)
                .add("p50", intervals.stream().mapToDouble(i -> zeroIfNaN(i.p50LatencyMillis())).toArray(),
                        LineChart.colour(1))
                .add("p99", intervals.stream().mapToDouble(i -> zeroIfNaN(i.p99LatencyMillis())).toArray(),
                        LineChart.colour(2))
                .write(folder.resolve("latency-over-time.png"));

        StringBuilder md = new StringBuilder("# Engine-mode simulation report\n\n");
        md.append(String.format(Locale.ROOT, "Scenario `%s` against %s: %,.0f scenario seconds at a time scale of %s "
                        + "(%,.0f s of real time; the run with its drain took %,.0f s), %,d agents, seed %d, "
                        + "service-level threshold %s.%n%n", scenario.name(), engine, scenario.durationSeconds(),
                QueueReport.trim(timeScale), scenario.durationSeconds() / timeScale, r.wallSeconds(),
                scenario.agentCount(), scenario.seed(), threshold));
        QueueReport.queueTable(md, r.queues(), r.total());
        md.append(String.format(Locale.ROOT, "%nOccupancy (talk and wrap-up over logged-in agent time): %.3f.%n%n",
                r.occupancy()));
        md.append("## The engine\n\n");
        md.append(String.format(Locale.ROOT, "- create → offer (real time, through the API and a desktop WebSocket): "
                        + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms over %,d offers%n",
                r.latencyMillis(50), r.latencyMillis(90), r.latencyMillis(99), r.latencyMillis(99.9),
                r.latency().getTotalCount() == 0 ? Double.NaN : r.latency().getMaxValue() / 1000.0,
                r.latency().getTotalCount()));
        md.append(String.format(Locale.ROOT, "- throughput: %.1f creates/s, %.1f full lifecycles/s%n",
                r.createsPerSecond(), r.lifecyclesPerSecond()));
        r.chatFigures().ifPresent(chat -> md.append(String.format(Locale.ROOT, "- chat messages: %,d from customers"
                        + " (%,d refused after their chat ended), %,d reached the desktops, %,d agent replies; %.1f"
                        + " messages/s; customer send → desktop receive p50 %.1f ms, p99 %.1f ms%n", chat.sent(),
                chat.late(), chat.received(), chat.replies(), (chat.sent() + chat.replies()) / Math.max(1e-9,
                        r.wallSeconds()), chat.latencyMillis(50), chat.latencyMillis(99))));
        md.append(String.format(Locale.ROOT, "- errors: %d; calls retried after a 503 or a lost connection: %d; "
                + "expected races (a customer hanging up as the agent accepts): %d%n", r.errors(), r.retries(), r.races()));
        r.errorSamples().forEach(e -> md.append("  - `").append(e.replace('`', '\'')).append("`\n"));
        md.append(String.format(Locale.ROOT, "- checked through the API after the run: %s; lost %d, disagreeing "
                        + "with what the simulator saw %d; %d still waiting at the end hung up%n%n",
                r.apiStatuses(), r.lost(), r.disagreements(), r.abandonedAtEnd()));
        md.append("![create to offer](create-to-offer.png)\n\n");
        md.append("## By interval\n\n| scenario time | created/s | lifecycles/s | create→offer p50 (ms) | p99 (ms) "
                + "| SL | abandoned |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (int k = 0; k < intervals.size(); k++) {
            EngineResult.Interval i = intervals.get(k);
            md.append(String.format(Locale.ROOT, "| %s–%s | %.1f | %.1f | %.1f | %.1f | %.3f | %,d |%n",
                    ScenarioTime.clock(i.startSeconds()), ScenarioTime.clock(i.endSeconds()), offeredRate[k],
                    i.lifecyclesPerSecond(), i.p50LatencyMillis(), i.p99LatencyMillis(), i.figures().serviceLevel(), i.figures().abandoned()));
        }
        md.append("\n![throughput](throughput.png)\n\n![latency over time](latency-over-time.png)\n\n"
                + "![service level](service-level.png)\n\n![ASA](asa.png)\n\n![abandonment](abandonment.png)\n\n");
        md.append("The series by interval and queue are in `timeseries.csv`.\n");
        Files.writeString(folder.resolve("summary.md"), md);
    }

    private static void csvRow(StringBuilder csv, EngineResult.Interval i, String queue, Figures f,
                               double p50, double p99, double lifecycles) {
        csv.append(String.format(Locale.ROOT, "%.0f,%.0f,%s,%s,%s,%s,%s%n", i.startSeconds(), i.endSeconds(), queue,
                QueueReport.figuresCsv(f), blankIfNaN(p50), blankIfNaN(p99), blankIfNaN(lifecycles)));
    }

    private static String blankIfNaN(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** Buckets growing by √2 from 0.25 ms, so that both the fast majority and the tail are visible. */
    static BarChart latencyChart(Histogram latency) {
        List<String> labels = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        double lower = 0;
        double upper = 0.25;
        double max = latency.getTotalCount() == 0 ? 1 : latency.getMaxValue() / 1000.0;
        while (lower <= max) {
            long n = latency.getCountBetweenValues((long) (lower * 1000), (long) (upper * 1000) - 1);
            labels.add(String.format(Locale.ROOT, upper < 10 ? "%.1f" : "%.0f", upper));
            counts.add((double) n);
            lower = upper;
            upper *= Math.sqrt(2);
        }
        return new BarChart("Create → offer latency", "milliseconds (upper bound of each bucket)", "offers",
                labels.toArray(String[]::new), counts.stream().mapToDouble(Double::doubleValue).toArray(),
                new Color(0, 114, 178));
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
