package io.acd.gateway.webchat;

import com.typesafe.config.Config;
import io.acd.engine.client.EngineClient;
import io.acd.gateway.channel.ChannelAdapter;
import io.acd.gateway.channel.ChannelAdapterProvider;
import org.apache.pekko.actor.typed.ActorSystem;

import java.util.Optional;

/** Web chat is on when {@code acd.channels.webchat.queues} names a queue. */
public final class WebChatProvider implements ChannelAdapterProvider {

    @Override
    public String channel() {
        return "webchat";
    }

    @Override
    public Optional<ChannelAdapter> start(ActorSystem<?> system, EngineClient engine, Config settings) {
        WebChatSettings chat = WebChatSettings.from(settings);
        return chat.isOn() ? Optional.of(new WebChat(system, engine, chat)) : Optional.empty();
    }
}
