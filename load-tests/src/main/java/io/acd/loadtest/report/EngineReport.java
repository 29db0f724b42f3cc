package io.acd.loadtest.report;

import io.acd.loadtest.scenario.Scenario;
import io.acd.loadtest.sim.engine.EngineResult;
import org.HdrHistogram.Histogram;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * An engine-mode run's report folder: {@code summary.md}, {@code timeseries.csv} (one row per interval and
 * queue, plus the total), charts of service level, ASA and abandonment over time (a line per queue) and the
 * create-to-offer latency histogram.
 */
public final class EngineReport {

    private static final Color[] PALETTE = {new Color(0, 0, 0), new Color(0, 114, 178), new Color(213, 94, 0),
            new Color(0, 158, 115), new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233)};

    private EngineReport() {
    }

    public static void write(Path folder, Scenario scenario, String engine, double timeScale, EngineResult r)
            throws IOException {
        Files.createDirectories(folder);
        List<EngineResult.Interval> intervals = r.intervals();

        StringBuilder csv = new StringBuilder("start_s,end_s,queue,offered,answered,abandoned,completed,p_wait,asa_s,"
                + "service_level,p_abandon,aht_s,p50_create_to_offer_ms,p99_create_to_offer_ms,lifecycles_per_s\n");
        for (EngineResult.Interval i : intervals) {
            csvRow(csv, i, "(total)", i.figures(), i.p50LatencyMillis(), i.p99LatencyMillis(), i.lifecyclesPerSecond());
            i.queues().forEach((queue, f) -> csvRow(csv, i, queue, f, Double.NaN, Double.NaN, Double.NaN));
        }
        Files.writeString(folder.resolve("timeseries.csv"), csv);

        // The time axis in the unit that suits the run: a two-minute load test in seconds, a day in hours.
        double unit = scenario.durationSeconds() <= 600 ? 1 : scenario.durationSeconds() <= 3 * 3600 ? 60 : 3600;
        String axis = "scenario " + (unit == 1 ? "seconds" : unit == 60 ? "minutes" : "hours");
        double[] hours = intervals.stream().mapToDouble(i -> (i.startSeconds() + i.endSeconds()) / 2 / unit).toArray();
        String threshold = String.format(Locale.ROOT, "%.0f s", scenario.slThresholdSeconds());
        overTime("Service level (answered within " + threshold + ") over time", axis, "share of offered", hours, intervals,
                EngineResult.Figures::serviceLevel).write(folder.resolve("service-level.png"));
        overTime("Average speed of answer over time", axis, "seconds", hours, intervals, EngineResult.Figures::asa)
                .write(folder.resolve("asa.png"));
        overTime("Abandonment over time", axis, "share of offered", hours, intervals, EngineResult.Figures::pAbandon)
                .write(folder.resolve("abandonment.png"));
        latencyChart(r.latency()).write(folder.resolve("create-to-offer.png"));
        double[] offeredRate = intervals.stream().mapToDouble(i -> i.figures().offered()
                / ((i.endSeconds() - i.startSeconds()) / timeScale)).toArray();
        new LineChart("Throughput by interval", axis, "contacts per real second", hours)
                .add("created", offeredRate, PALETTE[1])
                .add("lifecycles completed", intervals.stream().mapToDouble(EngineResult.Interval::lifecyclesPerSecond)
                        .toArray(), PALETTE[2])
                .write(folder.resolve("throughput.png"));
        new LineChart("Create → offer latency by interval", axis, "milliseconds", hours)
                .add("p50", intervals.stream().mapToDouble(i -> zeroIfNaN(i.p50LatencyMillis())).toArray(), PALETTE[1])
                .add("p99", intervals.stream().mapToDouble(i -> zeroIfNaN(i.p99LatencyMillis())).toArray(), PALETTE[2])
                .write(folder.resolve("latency-over-time.png"));

        StringBuilder md = new StringBuilder("# Engine-mode simulation report\n\n");
        md.append(String.format(Locale.ROOT, "Scenario `%s` against %s: %,.0f scenario seconds at a time scale of %s "
                        + "(%,.0f s of real time; the run with its drain took %,.0f s), %,d agents, seed %d, "
                        + "service-level threshold %s.%n%n", scenario.name(), engine, scenario.durationSeconds(),
                trim(timeScale), scenario.durationSeconds() / timeScale, r.wallSeconds(), scenario.agentCount(),
                scenario.seed(), threshold));
        md.append("| queue | offered | answered | abandoned | completed | SL | ASA (s) | P(wait) | P(abandon) | AHT (s) |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        r.queues().forEach((queue, f) -> figuresRow(md, queue, f));
        figuresRow(md, "**all**", r.total());
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
                    clock(i.startSeconds()), clock(i.endSeconds()), offeredRate[k], i.lifecyclesPerSecond(),
                    i.p50LatencyMillis(), i.p99LatencyMillis(), i.figures().serviceLevel(), i.figures().abandoned()));
        }
        md.append("\n![throughput](throughput.png)\n\n![latency over time](latency-over-time.png)\n\n"
                + "![service level](service-level.png)\n\n![ASA](asa.png)\n\n![abandonment](abandonment.png)\n\n");
        md.append("The series by interval and queue are in `timeseries.csv`.\n");
        Files.writeString(folder.resolve("summary.md"), md);
    }

    private static void csvRow(StringBuilder csv, EngineResult.Interval i, String queue, EngineResult.Figures f,
                               double p50, double p99, double lifecycles) {
        csv.append(String.format(Locale.ROOT, "%.0f,%.0f,%s,%d,%d,%d,%d,%.6f,%.4f,%.6f,%.6f,%.3f,%s,%s,%s%n",
                i.startSeconds(), i.endSeconds(), queue, f.offered(), f.answered(), f.abandoned(), f.completed(),
                f.pWait(), f.asa(), f.serviceLevel(), f.pAbandon(), f.aht(), blankIfNaN(p50), blankIfNaN(p99),
                blankIfNaN(lifecycles)));
    }

    private static String blankIfNaN(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static void figuresRow(StringBuilder md, String name, EngineResult.Figures f) {
        md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %.3f | %.1f | %.3f | %.3f | %.1f |%n", name,
                f.offered(), f.answered(), f.abandoned(), f.completed(), f.serviceLevel(), f.asa(), f.pWait(),
                f.pAbandon(), f.aht()));
    }

    private static LineChart overTime(String title, String xLabel, String yLabel, double[] x,
                                      List<EngineResult.Interval> intervals, ToDoubleFunction<EngineResult.Figures> figure) {
        LineChart chart = new LineChart(title, xLabel, yLabel, x);
        chart.add("all queues", intervals.stream().mapToDouble(i -> figure.applyAsDouble(i.figures())).toArray(),
                PALETTE[0]);
        if (!intervals.isEmpty() && intervals.get(0).queues().size() > 1) {
            int c = 1;
            for (String queue : intervals.get(0).queues().keySet()) {
                chart.add(queue, intervals.stream().mapToDouble(i -> figure.applyAsDouble(i.queues().get(queue)))
                        .toArray(), PALETTE[c++ % PALETTE.length]);
            }
        }
        return chart;
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

    private static String clock(double seconds) {
        long s = (long) seconds;
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
