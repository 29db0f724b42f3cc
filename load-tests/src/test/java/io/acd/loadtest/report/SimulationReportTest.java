package io.acd.loadtest.report;

import io.acd.loadtest.sim.VirtualSimulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulationReportTest {

    @Test
    void aRunLeavesASummaryATimeSeriesAndChartsThatOpen(@TempDir Path folder) throws Exception {
        VirtualSimulation.Scenario scenario = new VirtualSimulation.Scenario(0.2, 240, 300, 50, 20, 400_000, 5, 10);
        VirtualSimulation.Result result = new VirtualSimulation(scenario).run(line -> { });

        SimulationReport.write(folder, scenario, result, "Erlang A", Map.of("serviceLevel", 0.8, "pAbandon", 0.02));

        List<String> csv = Files.readAllLines(folder.resolve("timeseries.csv"));
        assertEquals(11, csv.size());
        assertTrue(csv.get(0).startsWith("start_s,end_s,offered"));
        long offered = csv.stream().skip(1).mapToLong(line -> Long.parseLong(line.split(",")[2])).sum();
        assertEquals(result.offered(), offered);
        for (String chart : List.of("service-level.png", "asa.png", "abandonment.png")) {
            BufferedImage image = ImageIO.read(folder.resolve(chart).toFile());
            assertNotNull(image, chart + " is not an image");
            assertEquals(960, image.getWidth());
            int coloured = 0;
            for (int x = 0; x < image.getWidth(); x += 2) {
                for (int y = 0; y < image.getHeight(); y += 2) {
                    int rgb = image.getRGB(x, y) & 0xFFFFFF;
                    int r = rgb >> 16;
                    int b = rgb & 0xFF;
                    if (r != b || Math.abs(r - ((rgb >> 8) & 0xFF)) > 10) {
                        coloured++;
                    }
                }
            }
            assertTrue(coloured > 50, chart + " has no coloured line");
        }
        String summary = Files.readString(folder.resolve("summary.md"));
        assertTrue(summary.contains("| SL(20 s) |"), summary);
        assertTrue(summary.contains("| AHT (s) |"), summary);
        assertTrue(summary.contains("Erlang A"), summary);
    }
}
