package io.acd.gateway.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Requests per key on this node: a token bucket per key, {@code burst} deep, refilled at {@code perSecond}.
 * Each node counts its own requests (a cluster lets a key through about once per node as often), which keeps
 * the check free of messages. Written here rather than taken from a library: it is a dozen lines, and the
 * libraries that do it bring far more than it.
 */
public final class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param perSecond 0 lets every request through */
    public RateLimiter(double perSecond, double burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = Math.max(burst, 1);
        this.nanoTime = nanoTime;
    }

    /** 0 when the request may go on; else the seconds until it may be tried again (at least 1). */
    public long take(String keyId) {
        if (perSecond <= 0) {
            return 0;
        }
        return buckets.computeIfAbsent(keyId, id -> new Bucket(burst, nanoTime.getAsLong())).take();
    }

    private final class Bucket {

        private double tokens;
        private long filledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.filledAt = now;
        }

        synchronized long take() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - filledAt) * perSecond / TimeUnit.SECONDS.toNanos(1));
            filledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }
    }
}
