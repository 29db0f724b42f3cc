package io.acd.loadtest.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** What went wrong or needed mending during a run, as the driver saw it; every count is in the report. */
final class Counters {

    /** Creates that got no acknowledgement in the end (the driver gave up after retrying for minutes). */
    final AtomicLong createsUnacknowledged = new AtomicLong();
    /** Desktop sockets opened again after their node went away. */
    final AtomicLong reconnects = new AtomicLong();
    /** Offers that timed out at an agent (the agent went not ready and came back). */
    final AtomicLong missedOffers = new AtomicLong();
    /** Work an agent found in its own record and had lost track of, and resumed. */
    final AtomicLong repairs = new AtomicLong();
    /** Customers who hung up after their patience ran out. */
    final AtomicLong abandons = new AtomicLong();
    /** Endings the driver learned only by reading the contact after the drain (their answer was lost). */
    final AtomicLong endingsRead = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    private final List<String> samples = Collections.synchronizedList(new ArrayList<>());

    void error(String message) {
        errors.incrementAndGet();
        if (samples.size() < 20) {
            samples.add(message);
        }
    }

    List<String> errorSamples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }
}
