package io.acd.loadtest.report;

import io.acd.loadtest.sim.Figures;
import io.acd.loadtest.sim.IntervalFigures;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What the report folders of a scenario run have in common, whichever mode played it: the queue table, the
 * figures' CSV columns and the charts of service level, ASA and abandonment over time, a line per queue.
 */
final class QueueReport {

    static final String FIGURES_CSV_HEADER = "offered,answered,abandoned,completed,p_wait,asa_s,service_level,"
            + "p_abandon,aht_s";

    private QueueReport() {
    }

    /** The time axis in the unit that suits the run: a two-minute load test in seconds, a day in hours. */
    record Axis(double unitSeconds, String label) {

        static Axis forDuration(double durationSeconds) {
            double unit = durationSeconds <= 600 ? 1 : durationSeconds <= 3 * 3600 ? 60 : 3600;
            return new Axis(unit, "scenario " + (unit == 1 ? "seconds" : unit == 60 ? "minutes" : "hours"));
        }

        /** The middle of each interval, in this axis's unit. */
        double[] midpoints(List<? extends IntervalFigures> intervals) {
            return intervals.stream().mapToDouble(i -> (i.startSeconds() + i.endSeconds()) / 2 / unitSeconds).toArray();
        }
    }

    /** Writes service-level.png, asa.png and abandonment.png. */
    static void writeQueueCharts(Path folder, double slThresholdSeconds, Axis axis,
                                 List<? extends IntervalFigures> intervals) throws IOException {
        double[] x = axis.midpoints(intervals);
        overTime("Service level (answered within " + seconds(slThresholdSeconds) + ") over time", axis,
                "share of offered", x, intervals, Figures::serviceLevel).write(folder.resolve("service-level.png"));
        overTime("Average speed of answer over time", axis, "seconds", x, intervals, Figures::asa)
                .write(folder.resolve("asa.png"));
        overTime("Abandonment over time", axis, "share of offered", x, intervals, Figures::pAbandon)
                .write(folder.resolve("abandonment.png"));
    }

    private static LineChart overTime(String title, Axis axis, String yLabel, double[] x,
                                      List<? extends IntervalFigures> intervals, ToDoubleFunction<Figures> figure) {
        LineChart chart = new LineChart(title, axis.label(), yLabel, x);
        chart.add("all queues", intervals.stream().mapToDouble(i -> figure.applyAsDouble(i.figures())).toArray(),
                LineChart.colour(0));
        if (!intervals.isEmpty() && intervals.get(0).queues().size() > 1) {
            int c = 1;
            for (String queue : intervals.get(0).queues().keySet()) {
                chart.add(queue, intervals.stream().mapToDouble(i -> figure.applyAsDouble(i.queues().get(queue)))
                        .toArray(), LineChart.colour(c++));
            }
        }
        return chart;
    }

    /** The columns of {@link #FIGURES_CSV_HEADER}. */
    static String figuresCsv(Figures f) {
        return String.format(Locale.ROOT, "%d,%d,%d,%d,%.6f,%.4f,%.6f,%.6f,%.3f", f.offered(), f.answered(),
                f.abandoned(), f.completed(), f.pWait(), f.asa(), f.serviceLevel(), f.pAbandon(), f.aht());
    }

    /** A Markdown table with a row per queue and one for all of them. */
    static void queueTable(StringBuilder md, Map<String, Figures> queues, Figures total) {
        md.append("| queue | offered | answered | abandoned | completed | SL | ASA (s) | P(wait) | P(abandon) | AHT (s) |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        queues.forEach((queue, f) -> figuresRow(md, queue, f));
        figuresRow(md, "**all**", total);
    }

    private static void figuresRow(StringBuilder md, String name, Figures f) {
        md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %.3f | %.1f | %.3f | %.3f | %.1f |%n", name,
                f.offered(), f.answered(), f.abandoned(), f.completed(), f.serviceLevel(), f.asa(), f.pWait(),
                f.pAbandon(), f.aht()));
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.0f s", seconds);
    }

    static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
