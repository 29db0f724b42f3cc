package io.acd.loadtest.audit;

import java.util.Locale;
import java.util.function.Consumer;

/** A line every few seconds while a large journal is read, so that a long audit is seen to move. */
final class ReadProgress {

    private static final long EVERY_NANOS = 3_000_000_000L;

    private final long total;
    private final Consumer<String> out;
    private final long startedNanos = System.nanoTime();
    private long nextNanos = startedNanos + EVERY_NANOS;
    private long read;

    ReadProgress(long total, Consumer<String> out) {
        this.total = total;
        this.out = out;
    }

    void entityRead() {
        read++;
        long now = System.nanoTime();
        if (now >= nextNanos) {
            double seconds = (now - startedNanos) / 1e9;
            out.accept(String.format(Locale.ROOT, "audit: %,d / %,d entities read (%.0f%%, %,.0f a second)", read,
                    total, 100.0 * read / Math.max(1, total), read / seconds));
            nextNanos = now + EVERY_NANOS;
        }
    }
}
