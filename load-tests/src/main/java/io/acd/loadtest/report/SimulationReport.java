package io.acd.loadtest.report;

import io.acd.loadtest.sim.VirtualSimulation;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's report folder: {@code summary.md} (each figure with its interval beside the formula),
 * {@code timeseries.csv} (one row per batch of simulated time) and charts of service level, ASA and
 * abandonment over time.
 */
public final class SimulationReport {

    private SimulationReport() {
    }

    /**
     * @param formula the formula's values by figure name (pWait, asa, serviceLevel, pAbandon, aht, occupancy),
     *                absent where the formula has none
     */
    public static void write(Path folder, VirtualSimulation.Scenario scenario, VirtualSimulation.Result result,
                             String formulaName, Map<String, Double> formula) throws IOException {
        Files.createDirectories(folder);
        List<VirtualSimulation.Batch> batches = result.batches();

        StringBuilder csv = new StringBuilder("start_s,end_s,offered,answered,abandoned,p_wait,asa_s,service_level,"
                + "p_abandon,aht_s,occupancy\n");
        for (VirtualSimulation.Batch b : batches) {
            csv.append(String.format(Locale.ROOT, "%.0f,%.0f,%d,%d,%d,%.6f,%.4f,%.6f,%.6f,%.3f,%.6f%n",
                    b.startSeconds(), b.endSeconds(), b.offered(), b.answered(), b.abandoned(), b.pWait(), b.asa(),
                    b.serviceLevel(), b.pAbandon(), b.aht(), b.occupancy()));
        }
        Files.writeString(folder.resolve("timeseries.csv"), csv);

        double[] hours = batches.stream().mapToDouble(b -> (b.startSeconds() + b.endSeconds()) / 2 / 3600).toArray();
        String threshold = String.format(Locale.ROOT, "%.0f s", scenario.slThresholdSeconds());
        chart("Service level (answered within " + threshold + ") over time", "share of offered", hours,
                batches.stream().mapToDouble(VirtualSimulation.Batch::serviceLevel).toArray(), new Color(0, 114, 178),
                formula.get("serviceLevel"), formulaName).write(folder.resolve("service-level.png"));
        chart("Average speed of answer over time", "seconds", hours,
                batches.stream().mapToDouble(VirtualSimulation.Batch::asa).toArray(), new Color(213, 94, 0),
                formula.get("asa"), formulaName).write(folder.resolve("asa.png"));
        chart("Abandonment over time", "share of offered", hours,
                batches.stream().mapToDouble(VirtualSimulation.Batch::pAbandon).toArray(), new Color(0, 158, 115),
                formula.get("pAbandon"), formulaName).write(folder.resolve("abandonment.png"));

        StringBuilder md = new StringBuilder();
        md.append("# Simulation report\n\n");
        md.append(String.format(Locale.ROOT, "Scenario: λ = %s/s, AHT %s s, %d agents, %s, SL threshold %s, "
                        + "%,.0f simulated seconds (first 5%% warm-up), seed %d, %d batches.%n%n",
                scenario.arrivalsPerSecond(), scenario.ahtSeconds(), scenario.agents(),
                scenario.patienceSeconds() > 0 ? "mean patience " + scenario.patienceSeconds() + " s" : "no abandonment",
                threshold, scenario.durationSeconds(), scenario.seed(), scenario.batches()));
        md.append(String.format(Locale.ROOT, "Offered %,d, answered %,d, abandoned %,d; %,d events.%n%n",
                result.offered(), result.answered(), result.abandoned(), result.events()));
        md.append("| figure | simulated (95% interval) | ").append(formulaName).append(" | inside |\n");
        md.append("| --- | --- | --- | --- |\n");
        row(md, "P(wait)", result.pWait(), formula.get("pWait"));
        row(md, "ASA (s)", result.asa(), formula.get("asa"));
        row(md, "SL(" + threshold + ")", result.serviceLevel(), formula.get("serviceLevel"));
        row(md, "P(abandon)", result.pAbandon(), formula.get("pAbandon"));
        row(md, "AHT (s)", result.aht(), formula.get("aht"));
        row(md, "occupancy", result.occupancy(), formula.get("occupancy"));
        md.append("\n![service level](service-level.png)\n\n![ASA](asa.png)\n\n![abandonment](abandonment.png)\n\n");
        md.append("The series by batch are in `timeseries.csv`.\n");
        Files.writeString(folder.resolve("summary.md"), md);
    }

    private static LineChart chart(String title, String yLabel, double[] hours, double[] values, Color color,
                                   Double formula, String formulaName) {
        LineChart chart = new LineChart(title, "simulated hours", yLabel, hours).add("simulated", values, color);
        if (formula != null) {
            chart.reference(formula, formulaName + String.format(Locale.ROOT, " %.4f", formula));
        }
        return chart;
    }

    private static void row(StringBuilder md, String name, VirtualSimulation.Estimate e, Double formula) {
        md.append(String.format(Locale.ROOT, "| %s | %.4f ± %.4f | %s | %s |%n", name, e.value(), e.halfWidth(),
                formula == null ? "–" : String.format(Locale.ROOT, "%.4f", formula),
                formula == null ? "–" : e.contains(formula) ? "yes" : "no"));
    }
}
