package io.acd.gateway.social;

import com.typesafe.config.Config;
import io.acd.engine.client.EngineClient;
import io.acd.gateway.channel.ChannelAdapter;
import io.acd.gateway.channel.ChannelAdapterProvider;
import org.apache.pekko.actor.typed.ActorSystem;

import java.util.Optional;

/**
 * Social for the default tenant when {@code acd.channels.social.pages} names a page, and for every tenant that
 * puts its settings over the API.
 */
public final class SocialProvider implements ChannelAdapterProvider {

    @Override
    public String channel() {
        return "social";
    }

    @Override
    public Optional<ChannelAdapter> start(ActorSystem<?> system, EngineClient engine, Config settings) {
        SocialSettings social = SocialSettings.from(settings);
        // Started without pages too: a tenant may set its own over the API.
        if (social.isOn() && (social.appSecret().isBlank() || social.verifyToken().isBlank())) {
            throw new IllegalArgumentException("acd.channels.social needs app-secret and verify-token: without them"
                    + " the network's deliveries could not be told from anyone else's");
        }
        return Optional.of(new Social(system, engine, social));
    }
}
