package io.acd.gateway.outbound;

import com.typesafe.config.Config;

import java.time.Duration;

/** {@code acd.outbound}: see the gateway's reference.conf. */
public record OutboxSettings(Duration timeout, Duration firstRetry, Duration maxBackoff, Duration failAfter) {

    public static OutboxSettings from(Config config) {
        Config c = config.getConfig("acd.outbound");
        return new OutboxSettings(c.getDuration("timeout"), c.getDuration("first-retry"),
                c.getDuration("max-backoff"), c.getDuration("fail-after"));
    }

    /** The pause before attempt {@code attempt} (2 and on): doubling from the first retry, up to the most. */
    Duration backoff(int attempt) {
        return io.acd.gateway.Backoff.before(attempt, firstRetry, maxBackoff);
    }
}
