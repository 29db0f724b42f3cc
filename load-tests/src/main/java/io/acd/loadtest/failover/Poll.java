package io.acd.loadtest.failover;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The drivers' one way to wait: ask a condition at an interval, within a bound. */
public final class Poll {

    private Poll() {
    }

    /** Asks {@code done} every {@code every} until it holds or {@code within} passed; whether it held. */
    public static boolean until(Duration within, Duration every, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(every.toMillis());
        }
        return true;
    }
}
