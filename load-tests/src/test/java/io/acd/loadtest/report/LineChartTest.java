package io.acd.loadtest.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LineChartTest {

    @Test
    void axesAreCutAtRoundNumbers() {
        assertEquals(100, LineChart.niceStep(327), 1e-9);
        assertEquals(0.05, LineChart.niceStep(0.2), 1e-12);
        assertEquals(20, LineChart.niceStep(88), 1e-9);
    }

    @Test
    void tickLabelsCarryTheDecimalsOfTheStepAndNoMore() {
        assertEquals("130", LineChart.format(130, 20));
        assertEquals("0.85", LineChart.format(0.85, 0.05));
        assertEquals("120k", LineChart.format(120_000, 20_000));
        assertEquals("12k", LineChart.format(12_000, 2_000));
    }
}
