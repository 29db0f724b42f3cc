package io.acd.loadtest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

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
    void anEvenNumberOfIterationsTakesTheMiddlePair() {
        assertEquals(2.5, JmhMedians.median(java.util.List.of(1.0, 2.0, 3.0, 4.0)));
    }
}
