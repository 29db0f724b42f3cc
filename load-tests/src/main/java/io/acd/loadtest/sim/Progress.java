package io.acd.loadtest.sim;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Progress lines of a virtual-time run: about every tenth of the simulated time, or every two seconds of
 * wall time when a tenth takes longer than that.
 */
final class Progress {

    private static final long WALL_NANOS = 2_000_000_000L;
    /** Reading the wall clock on every event would cost more than the event itself. */
    private static final int EVENTS_BETWEEN_CLOCK_READS = 4096;

    private final double durationSeconds;
    private final Consumer<String> out;
    private final long startedNanos = System.nanoTime();
    private double nextSimulated;
    private long nextWallNanos = startedNanos + WALL_NANOS;
    private int sinceClockRead;

    Progress(double durationSeconds, Consumer<String> out) {
        this.durationSeconds = durationSeconds;
        this.out = out;
        this.nextSimulated = durationSeconds / 10;
    }

    /** Whether a line is due at this simulated time; cheap enough to ask on every event. */
    boolean due(double simulatedSeconds) {
        if (simulatedSeconds >= nextSimulated) {
            return true;
        }
        if (++sinceClockRead < EVENTS_BETWEEN_CLOCK_READS) {
            return false;
        }
        sinceClockRead = 0;
        return System.nanoTime() >= nextWallNanos;
    }

    /**
     * @param simulatedSeconds the time of the event at hand, past the duration while a run drains
     * @param contacts     contacts arrived so far
     * @param serviceLevel answered within the threshold over arrived, so far
     */
    void report(double simulatedSeconds, long contacts, int waiting, double serviceLevel) {
        long now = System.nanoTime();
        double wall = (now - startedNanos) / 1e9;
        String done = simulatedSeconds > durationSeconds ? "draining"
                : String.format(Locale.ROOT, "%3.0f%%", 100 * simulatedSeconds / durationSeconds);
        out.accept(String.format(Locale.ROOT,
                "%6.1f s wall  %,9.0f contacts/s  simulated %s of %s (%s)  waiting %,d  SL so far %.3f", wall,
                wall > 0 ? contacts / wall : 0.0, ScenarioTime.clock(simulatedSeconds),
                ScenarioTime.clock(durationSeconds), done, waiting, serviceLevel));
        while (nextSimulated <= simulatedSeconds) {
            nextSimulated += durationSeconds / 10;
        }
        nextWallNanos = now + WALL_NANOS;
        sinceClockRead = 0;
    }
}
