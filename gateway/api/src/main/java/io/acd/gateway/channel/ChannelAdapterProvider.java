package io.acd.gateway.channel;

import com.typesafe.config.Config;
import io.acd.engine.client.EngineClient;
import org.apache.pekko.actor.typed.ActorSystem;

import java.util.Optional;

/**
 * Starts a channel's adapter when the channel is configured: a {@link java.util.ServiceLoader} service, so that
 * an adapter module on the classpath is all it takes, and a channel left unconfigured starts nothing.
 */
public interface ChannelAdapterProvider {

    /** The channel's name, as under {@code acd.channels}. */
    String channel();

    /**
     * @param settings {@code acd.channels.<channel>}
     * @param engine   the client of the default tenant; {@link EngineClient#inTenant} gives another's
     * @return the adapter, or empty when the settings leave the channel off
     */
    Optional<ChannelAdapter> start(ActorSystem<?> system, EngineClient engine, Config settings);
}
