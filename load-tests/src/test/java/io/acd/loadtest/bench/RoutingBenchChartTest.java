package io.acd.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingBenchChartTest {

    private static JsonNode run(String benchmark, int agents, double... scores) throws Exception {
        StringBuilder raw = new StringBuilder();
        for (double s : scores) {
            raw.append(raw.length() == 0 ? "" : ",").append(s);
        }
        return new ObjectMapper().readTree("{\"benchmark\":\"io.acd.loadtest.bench.RoutingBenchmark." + benchmark
                + "\",\"params\":{\"agents\":\"" + agents + "\",\"waiting\":\"500000\"},"
                + "\"primaryMetric\":{\"rawData\":[[" + raw + "]]}}");
    }

    @Test
    void writesAPictureOfEveryBenchmarkBySize(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("routing-core.png");
        RoutingBenchChart.chart(List.of(run("agentFrees", 1000, 3e6, 2e6, 2.5e6), run("agentFrees", 100000, 1e6),
                run("contactArrives", 1000, 9e5), run("contactArrives", 100000, 8e5))).write(png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "not a readable image");
        assertEquals(960, image.getWidth());
    }

    @Test
    void aBenchmarkMissingASizeIsRefusedByName() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoutingBenchChart.chart(
                List.of(run("agentFrees", 1000, 3e6), run("agentFrees", 100000, 1e6), run("contactArrives", 1000, 9e5))));
        assertTrue(e.getMessage().contains("contactArrives"), e.getMessage());
    }

    @Test
    void theDecisionAloneIsLeftToTheTable() throws Exception {
        // decisionOnly is measured at one size only here: were it charted, the chart would be refused.
        RoutingBenchChart.chart(List.of(run("agentFrees", 1000, 3e6), run("agentFrees", 100000, 1e6),
                run("decisionOnly", 1000, 1e7)));
    }

    @Test
    void readingTheInputsAloneIsNotChartedAsADecision() throws Exception {
        RoutingBenchChart.chart(List.of(run("agentFrees", 1000, 3e6), run("agentFrees", 100000, 1e6),
                run("agentReportsRead", 1000, 1e7)));
    }

    @Test
    void theInputsChartShowsNanosecondsAgainstHalfAgainWhatAgentFreesCostsAtTheFewestAgents(@TempDir Path dir)
            throws Exception {
        List<JsonNode> runs = List.of(run("agentFrees", 1000, 2.4e6, 2.5e6, 2.6e6), run("agentFrees", 100000, 7e5),
                run("agentReportsRead", 1000, 1e7), run("agentReportsRead", 100000, 1.5e6));
        RoutingBenchChart.Medians medians = RoutingBenchChart.Medians.of(runs, name -> true);
        double[] agentFrees = medians.nanos("agentFrees");
        double[] inputs = medians.nanos("agentReportsRead");
        assertEquals(400, agentFrees[0], 1e-9);
        assertEquals(600, RoutingBenchChart.scalingBudget(agentFrees), 1e-9);
        assertEquals(1e9 / 1.5e6, inputs[1], 1e-9);
        Path png = dir.resolve("agent-inputs.png");
        RoutingBenchChart.agentInputsChart(runs).write(png);
        assertNotNull(ImageIO.read(png.toFile()), "not a readable image");
    }

    @Test
    void theInputsChartNeedsTheInputsMeasured() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoutingBenchChart
                .agentInputsChart(List.of(run("agentFrees", 1000, 3e6), run("agentFrees", 100000, 1e6))));
        assertTrue(e.getMessage().contains("agentReportsRead"), e.getMessage());
    }
}
