package io.acd.gateway.channel;

import io.acd.engine.client.EngineClient;
import org.apache.pekko.actor.typed.ActorSystem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The adapters of the channels that are both on the classpath and configured. */
public final class ChannelAdapters {

    private ChannelAdapters() {
    }

    /** An adapter started, and the channel it is for. */
    public record Started(String channel, ChannelAdapter adapter) {
    }

    public static List<Started> start(ActorSystem<?> system, EngineClient engine) {
        List<Started> started = new ArrayList<>();
        for (ChannelAdapterProvider provider : ServiceLoader.load(ChannelAdapterProvider.class)) {
            String path = "acd.channels." + provider.channel();
            if (!system.settings().config().hasPath(path)) {
                continue;
            }
            Optional<ChannelAdapter> adapter = provider.start(system, engine, system.settings().config().getConfig(path));
            adapter.ifPresent(a -> {
                system.log().info("Channel {} is ready", provider.channel());
                started.add(new Started(provider.channel(), a));
            });
        }
        return List.copyOf(started);
    }
}
