package io.acd.loadtest.report;

import io.acd.loadtest.scenario.Scenario;
import io.acd.loadtest.sim.Figures;
import io.acd.loadtest.sim.engine.EngineResult;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineReportTest {

    @Test
    void theReportFolderHasTheSummaryTheSeriesAndEveryChart(@TempDir Path folder) throws Exception {
        Scenario scenario = Scenario.singleQueue(10, 1, 20, 30, 20, 40, 1);
        Figures f = new Figures(400, 390, 10, 390, 0.1, 0.5, 0.97, 0.025, 1.1);
        Histogram latency = new Histogram(60_000_000, 3);
        for (int i = 1; i <= 400; i++) {
            latency.recordValue(i * 50L);
        }
        List<EngineResult.Interval> intervals = List.of(
                new EngineResult.Interval(0, 20, f, Map.of("q", f), 5, 12, 9.5),
                new EngineResult.Interval(20, 40, f, Map.of("q", f), 6, 15, 10.1));
        EngineResult result = new EngineResult(f, Map.of("q", f), intervals, latency, 0.5, 45, 10, 9.8,
                Map.of("completed", 390L, "abandoned", 10L), 0, 0, 0, 2, 5, 0, List.of(), null);

        EngineReport.write(folder, scenario, "http://127.0.0.1:8080", 1, result);

        String summary = Files.readString(folder.resolve("summary.md"));
        assertTrue(summary.contains("lost 0"), summary);
        assertTrue(summary.contains("| 0:00:20–0:00:40 | 20.0 | 10.1 | 6.0 | 15.0 |"), summary);
        List<String> csv = Files.readAllLines(folder.resolve("timeseries.csv"));
        assertEquals(1 + 2 * 2, csv.size(), "a header, then per interval the total and the queue");
        for (String png : List.of("service-level.png", "asa.png", "abandonment.png", "throughput.png",
                "latency-over-time.png", "create-to-offer.png")) {
            assertNotNull(ImageIO.read(folder.resolve(png).toFile()), png + " is a readable image");
        }
    }
}
