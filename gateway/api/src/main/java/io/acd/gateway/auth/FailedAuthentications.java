package io.acd.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the requests refused for a missing or bad key, per source address, so that repeated failures reach
 * the security log: once a source has {@code threshold} failures within {@code window}, the report is made,
 * once for that window. Single failures (a mistyped key) are not worth a journal write each.
 */
public final class FailedAuthentications {

    /** What to keep in the security log. */
    public interface Reporter {
        void report(String source, int failures, Instant since);
    }

    private record Window(Instant since, int failures, boolean reported) {
    }

    private final int threshold;
    private final Duration window;
    private final Clock clock;
    private final Reporter reporter;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public FailedAuthentications(int threshold, Duration window, Clock clock, Reporter reporter) {
        this.threshold = threshold;
        this.window = window;
        this.clock = clock;
        this.reporter = reporter;
    }

    public void failed(String source) {
        Instant now = clock.instant();
        Window counted = windows.compute(source, (s, w) -> w == null || w.since().plus(window).isBefore(now)
                ? new Window(now, 1, false) : new Window(w.since(), w.failures() + 1, w.reported()));
        if (counted.failures() >= threshold && !counted.reported()
                && windows.replace(source, counted, new Window(counted.since(), counted.failures(), true))) {
            reporter.report(source, counted.failures(), counted.since());
        }
        if (windows.size() > 10_000) {
            windows.entrySet().removeIf(e -> e.getValue().since().plus(window).isBefore(now));
        }
    }
}
