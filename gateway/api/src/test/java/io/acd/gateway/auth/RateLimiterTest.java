package io.acd.gateway.auth;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(2, 5, now::get);

    @Test
    void aKeyMayBurstThenWaitsForTheRateAndOtherKeysAreNotSlowedDown() {
        for (int i = 0; i < 5; i++) {
            assertEquals(0, limiter.take("k1"), "request " + i + " of the burst");
        }
        long retryAfter = limiter.take("k1");
        assertTrue(retryAfter >= 1, "the sixth waits");
        assertEquals(0, limiter.take("k2"), "another key has its own bucket");

        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertEquals(0, limiter.take("k1"), "half a second at 2/s refills one");
        assertTrue(limiter.take("k1") >= 1);
    }

    @Test
    void zeroTurnsTheLimitOff() {
        RateLimiter off = new RateLimiter(0, 0, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(0, off.take("k"));
        }
    }
}
