package io.acd.gateway.webhook;

import com.typesafe.config.Config;

import java.time.Duration;

/** {@code acd.webhooks}: see the gateway's reference.conf. */
public record WebhookSettings(Duration timeout, Duration firstRetry, Duration maxBackoff, int keptAttempts) {

    public static WebhookSettings from(Config config) {
        Config c = config.getConfig("acd.webhooks");
        return new WebhookSettings(c.getDuration("timeout"), c.getDuration("first-retry"),
                c.getDuration("max-backoff"), c.getInt("kept-attempts"));
    }

    /** The pause before attempt {@code attempt} (2 and on): doubling from the first retry, up to the most. */
    Duration backoff(int attempt) {
        return io.acd.gateway.Backoff.before(attempt, firstRetry, maxBackoff);
    }
}
