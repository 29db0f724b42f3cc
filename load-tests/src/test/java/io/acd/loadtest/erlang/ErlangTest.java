package io.acd.loadtest.erlang;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queueing formulas against published values, so that the simulator is measured against the right yardstick. */
class ErlangTest {

    @Test
    void erlangCMatchesThePublishedFiftyFiveAgentExample() {
        ErlangC c = new ErlangC(0.2, 240, 55);
        assertEquals(48, c.load(), 1e-12);
        assertEquals(0.2387, c.pWait(), 0.00005);
        assertEquals(8.184, c.asa(), 0.0005);
        assertEquals(0.8459, c.serviceLevel(15), 0.00005);
    }

    @Test
    void erlangCMatchesTheHundredCallsPerHalfHourExample() {
        ErlangC c = new ErlangC(100.0 / 1800, 180, 14);
        assertEquals(0.17413, c.pWait(), 0.000005);
        assertEquals(0.88835, c.serviceLevel(20), 0.000005);
    }

    @Test
    void erlangCIsUnstableAtOrAboveOneErlangPerAgent() {
        ErlangC c = new ErlangC(1, 10, 10);
        assertEquals(1, c.pWait());
        assertEquals(Double.POSITIVE_INFINITY, c.asa());
    }

    @Test
    void erlangCStaysAccurateForLargeCentres() {
        // 1,000 agents would overflow the factorials of the textbook formula.
        ErlangC c = new ErlangC(4, 240, 1000);
        assertTrue(c.pWait() > 0 && c.pWait() < 1);
        assertEquals(0.96, c.occupancy(), 1e-12);
    }

    @Test
    void erlangAMatchesThePublishedExampleWithFiveMinutesOfPatience() {
        ErlangA a = new ErlangA(100.0 / 1800, 180, 300, 13);
        assertEquals(0.02496, a.pAbandon(), 0.000005);
        assertEquals(0.8582, a.serviceLevel(20), 0.00005);
    }

    @Test
    void erlangAWithVeryPatientCustomersApproachesErlangC() {
        ErlangA a = new ErlangA(100.0 / 1800, 180, 1e9, 14);
        ErlangC c = new ErlangC(100.0 / 1800, 180, 14);
        assertEquals(c.pWait(), a.pWait(), 1e-6);
        assertEquals(c.serviceLevel(20), a.serviceLevel(20), 1e-5);
        assertEquals(0, a.pAbandon(), 1e-6);
    }
}
