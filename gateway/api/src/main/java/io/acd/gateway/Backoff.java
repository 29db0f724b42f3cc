package io.acd.gateway;

import java.time.Duration;

/** The pauses between attempts at something a remote side refused: doubling from the first, up to the most. */
public final class Backoff {

    private Backoff() {
    }

    /** The pause before attempt {@code attempt} (2 and on). */
    public static Duration before(int attempt, Duration first, Duration most) {
        long factor = 1L << Math.min(20, Math.max(0, attempt - 2));
        Duration pause = first.multipliedBy(factor);
        return pause.compareTo(most) > 0 ? most : pause;
    }
}
