package io.acd.engine;

import com.typesafe.config.Config;

import java.time.Duration;

/** The {@code acd} settings the entities use; each is explained in the engine's reference.conf. */
public record EngineSettings(Duration offerTimeout, Duration wrapUpLimit, Duration reregisterInterval,
                             Duration routerStartDelay, Duration askTimeout, String routingDomain) {

    public static EngineSettings from(Config config) {
        Config acd = config.getConfig("acd");
        return new EngineSettings(
                acd.getDuration("interaction.offer-timeout"),
                acd.getDuration("interaction.wrap-up-limit"),
                acd.getDuration("routing.reregister-interval"),
                acd.getDuration("routing.start-delay"),
                acd.getDuration("routing.ask-timeout"),
                acd.getString("routing.domain"));
    }

    public boolean hasWrapUpLimit() {
        return !wrapUpLimit.isZero();
    }
}
