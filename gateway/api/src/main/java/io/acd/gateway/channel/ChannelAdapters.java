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

    public static List<ChannelAdapter> start(ActorSystem<?> system, EngineClient engine) {
        List<ChannelAdapter> started = new ArrayList<>();
        for (ChannelAdapterProvider provider : ServiceLoader.load(ChannelAdapterProvider.class)) {
            String path = "acd.channels." + provider.channel();
            if (!system.settings().config().hasPath(path)) {
                continue;
            }
            Optional<ChannelAdapter> adapter = provider.start(system, engine, system.settings().config().getConfig(path));
            adapter.ifPresent(a -> {
                system.log().info("Channel {} is on", provider.channel());
                started.add(a);
            });
        }
        return List.copyOf(started);
    }
}
