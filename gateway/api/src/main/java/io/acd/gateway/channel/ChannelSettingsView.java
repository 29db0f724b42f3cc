package io.acd.gateway.channel;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * This node's copy of the tenants' channel settings ({@link ChannelSettings}). It asks for changes every
 * {@code acd.channels-refresh-interval} and hands each channel's settings, by tenant, to whoever listens (the
 * node's adapters), each as a {@link Config} in the shape of {@code acd.channels.<channel>}: the JSON the
 * tenant put, over the channel's reference defaults.
 */
public final class ChannelSettingsView {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelSettingsView.class);

    private final ActorSystem<?> system;
    private final RecipientRef<ChannelSettings.Command> store;
    private final Duration askTimeout;
    private final BiConsumer<String, Map<String, Config>> listener;
    private volatile ChannelSettings.State copy = new ChannelSettings.State(0, Map.of());

    /** @param listener called with a channel and its settings by tenant, for each channel whenever any changed */
    public ChannelSettingsView(ActorSystem<?> system, RecipientRef<ChannelSettings.Command> store, Duration askTimeout,
                               BiConsumer<String, Map<String, Config>> listener) {
        this.system = system;
        this.store = store;
        this.askTimeout = askTimeout;
        this.listener = listener;
    }

    /** A tenant's settings of a channel as JSON over its reference defaults; the JSON must be an object. */
    public static Config parse(String channel, String json) {
        return ConfigFactory.parseString(json).withFallback(ConfigFactory.defaultReference()
                .getConfig("acd.channels." + channel)).resolve();
    }

    public ChannelSettings.State current() {
        return copy;
    }

    public void follow(Duration every) {
        system.scheduler().scheduleWithFixedDelay(Duration.ZERO, every, this::refresh, system.executionContext());
    }

    private void refresh() {
        AskPattern.<ChannelSettings.Command, Optional<ChannelSettings.State>>ask(store,
                        r -> new ChannelSettings.GetIfNewer(copy.version(), r), askTimeout, system.scheduler())
                .whenComplete((newer, failure) -> {
                    if (failure != null) {
                        LOG.debug("The channel settings did not answer: {}", failure.toString());
                    } else {
                        newer.ifPresent(this::changed);
                    }
                });
    }

    private synchronized void changed(ChannelSettings.State state) {
        if (state.version() <= copy.version()) {
            return;
        }
        Map<String, Map<String, Config>> byChannel = new HashMap<>();
        state.settings().forEach((key, json) -> {
            String tenant = key.substring(0, key.indexOf('|'));
            String channel = key.substring(key.indexOf('|') + 1);
            try {
                byChannel.computeIfAbsent(channel, c -> new HashMap<>()).put(tenant, parse(channel, json));
            } catch (RuntimeException e) {
                LOG.warn("Tenant {}'s {} settings are not readable and are left out: {}", tenant, channel,
                        e.getMessage());
            }
        });
        copy.settings().keySet().stream().map(k -> k.substring(k.indexOf('|') + 1))
                .forEach(channel -> byChannel.putIfAbsent(channel, Map.of()));
        copy = state;
        byChannel.forEach((channel, tenants) -> listener.accept(channel, Map.copyOf(tenants)));
    }
}
