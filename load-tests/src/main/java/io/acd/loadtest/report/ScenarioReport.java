package io.acd.loadtest.report;

import io.acd.loadtest.scenario.Scenario;
import io.acd.loadtest.sim.ScenarioSimulation;
import io.acd.loadtest.sim.ScenarioTime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A scenario played in virtual time, as a report folder: {@code summary.md}, {@code timeseries.csv} (one row
 * per interval and queue, plus the total) and charts of service level, ASA, abandonment and occupancy over
 * time. The same queue table, columns and charts as an engine-mode report, without the engine's latency and
 * throughput: virtual time has none to measure.
 */
public final class ScenarioReport {

    private ScenarioReport() {
    }

    public static void write(Path folder, Scenario scenario, double drainSeconds, ScenarioSimulation.Result r)
            throws IOException {
        Files.createDirectories(folder);
        List<ScenarioSimulation.Interval> intervals = r.intervals();

        StringBuilder csv = new StringBuilder("start_s,end_s,queue," + QueueReport.FIGURES_CSV_HEADER + ",occupancy\n");
        for (ScenarioSimulation.Interval i : intervals) {
            csv.append(String.format(Locale.ROOT, "%.0f,%.0f,(total),%s,%.6f%n", i.startSeconds(), i.endSeconds(),
                    QueueReport.figuresCsv(i.figures()), i.occupancy()));
            i.queues().forEach((queue, f) -> csv.append(String.format(Locale.ROOT, "%.0f,%.0f,%s,%s,%n",
                    i.startSeconds(), i.endSeconds(), queue, QueueReport.figuresCsv(f))));
        }
        Files.writeString(folder.resolve("timeseries.csv"), csv);

        QueueReport.Axis axis = QueueReport.Axis.forDuration(scenario.durationSeconds());
        QueueReport.writeQueueCharts(folder, scenario.slThresholdSeconds(), axis, intervals);
        new LineChart("Occupancy over time", axis.label(), "busy slots over logged-in slots", axis.midpoints(intervals))
                .add("all agents", intervals.stream().mapToDouble(ScenarioSimulation.Interval::occupancy).toArray(),
                        LineChart.colour(0))
                .write(folder.resolve("occupancy.png"));

        String threshold = QueueReport.seconds(scenario.slThresholdSeconds());
        StringBuilder md = new StringBuilder("# Virtual-mode simulation report\n\n");
        md.append(String.format(Locale.ROOT, "Scenario `%s` in virtual time, routed by the engine's routing index: "
                        + "%,.0f scenario seconds, %,d agents, seed %d, service-level threshold %s; contacts still "
                        + "waiting at the end could wait %s more, then hung up (%,d did). %,d events.%n%n",
                scenario.name(), scenario.durationSeconds(), scenario.agentCount(), scenario.seed(), threshold,
                QueueReport.seconds(drainSeconds), r.abandonedAtEnd(), r.events()));
        QueueReport.queueTable(md, r.queues(), r.total());
        md.append(String.format(Locale.ROOT, "%nOccupancy %.3f: busy slot-time over logged-in slot-time within the "
                + "scenario's duration. An agent has a slot per unit of capacity on each channel; a slot is busy from "
                + "the offer to the end of wrap-up; an agent is logged in while on shift and while it finishes work "
                + "after its shift.%n%n", r.occupancy()));
        md.append("Offers are accepted at once and virtual time has no engine latency, so a contact's wait is the time "
                + "from its arrival to its match, and there is no create → offer latency histogram: engine mode "
                + "(`--mode engine --url ...`) measures that against a running engine.\n\n");
        md.append("## By interval\n\n| scenario time | offered | SL | ASA (s) | P(abandon) | AHT (s) | occupancy |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (ScenarioSimulation.Interval i : intervals) {
            md.append(String.format(Locale.ROOT, "| %s–%s | %,d | %.3f | %.1f | %.3f | %.1f | %.3f |%n",
                    ScenarioTime.clock(i.startSeconds()), ScenarioTime.clock(i.endSeconds()), i.figures().offered(),
                    i.figures().serviceLevel(), i.figures().asa(), i.figures().pAbandon(), i.figures().aht(),
                    i.occupancy()));
        }
        md.append("\n![service level](service-level.png)\n\n![ASA](asa.png)\n\n![abandonment](abandonment.png)\n\n"
                + "![occupancy](occupancy.png)\n\n");
        md.append("The series by interval and queue are in `timeseries.csv`.\n");
        Files.writeString(folder.resolve("summary.md"), md);
    }
}
