package io.acd.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JmhMediansTest {

    private static final String RUN = """
            {"benchmark":"io.acd.loadtest.bench.RoutingBenchmark.agentFrees",
             "params":{"agents":"50000","waiting":"500000"},
             "primaryMetric":{"score":700.0,"rawData":[[900.0,100.0,800.0,850.0,200.0]]},
             "secondaryMetrics":{"gc.alloc.rate.norm":{"score":0.004}}}
            """;

    @Test
    void aRowQuotesTheMedianIterationNotTheMean() throws Exception {
        String row = JmhMedians.row("after.json", new ObjectMapper().readTree(RUN));
        assertEquals("| after.json | RoutingBenchmark.agentFrees | agents=50000 waiting=500000 | 800 | 100–900 | 0 |", row);
    }

    @Test
    void theCostOfMoreAgentsIsTheMedianAtTheFewestOverTheMedianAtTheMost() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> runs = List.of(
                json.readTree(result("agentFrees", 100_000, 500.0, 600.0, 700.0)),
                json.readTree(result("agentFrees", 1_000, 1500.0, 2000.0, 9000.0)),
                json.readTree(result("agentFrees", 50_000, 5.0, 5.0, 5.0)),
                json.readTree(result("decisionOnly", 1_000, 1.0, 1.0, 1.0)));
        // decisionOnly was measured at one size only: nothing to compare.
        assertEquals(List.of("| r.json | RoutingBenchmark.agentFrees waiting=500000 | 1,000 → 100,000 | 3.33× |"),
                JmhMedians.scaling("r.json", runs));
    }

    private static String result(String method, int agents, double... scores) {
        return "{\"benchmark\":\"io.acd.loadtest.bench.RoutingBenchmark." + method + "\","
                + "\"params\":{\"agents\":\"" + agents + "\",\"waiting\":\"500000\"},"
                + "\"primaryMetric\":{\"rawData\":[" + java.util.Arrays.toString(scores) + "]}}";
    }

    @Test
    void anEvenNumberOfIterationsTakesTheMiddlePair() {
        assertEquals(2.5, JmhMedians.median(List.of(1.0, 2.0, 3.0, 4.0)));
    }
}
