package io.acd.gateway.channel;

import io.acd.engine.Reply;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The protocol of the tenants' channel settings, set over the API ({@code PUT /v1/channels/{channel}}): for
 * each tenant and channel, the settings as JSON, in the shape of {@code acd.channels.<channel>} (the default
 * tenant's come from HOCON instead). One entity for all tenants, as small as the settings are; every node
 * keeps a copy ({@link ChannelSettingsView}) and asks it now and then whether anything changed, so an inbound
 * number, address or page is looked up without a message to anyone.
 */
public final class ChannelSettings {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "ChannelSettings");
    public static final String ENTITY_ID = "channels";

    private ChannelSettings() {
    }

    /** Settings by {@code <tenant>|<channel>}, and a version that grows with every change. */
    public record State(long version, Map<String, String> settings) implements KryoMessage {

        public static String key(String tenant, String channel) {
            return tenant + "|" + channel;
        }

        public Optional<String> of(String tenant, String channel) {
            return Optional.ofNullable(settings.get(key(tenant, channel)));
        }
    }

    public sealed interface Command extends KryoMessage {
    }

    /** @param json the settings, checked by the channel's adapter before they are put */
    public record Put(String tenant, String channel, String json, ActorRef<Reply<State>> replyTo) implements Command {
    }

    public record Remove(String tenant, String channel, ActorRef<Reply<State>> replyTo) implements Command {
    }

    /** The state if its version is beyond {@code version}; empty if not. */
    public record GetIfNewer(long version, ActorRef<Optional<State>> replyTo) implements Command {
    }

    public sealed interface Event extends KryoMessage {
    }

    public record SettingsPut(String tenant, String channel, String json, Instant at) implements Event {
    }

    public record SettingsRemoved(String tenant, String channel, Instant at) implements Event {
    }

    public static void registerTypes(KryoRegistry registry) {
        registry.record(State.class, 1300);
        registry.record(Put.class, 1301);
        registry.record(Remove.class, 1302);
        registry.record(GetIfNewer.class, 1303);
        registry.record(SettingsPut.class, 1310);
        registry.record(SettingsRemoved.class, 1311);
    }
}
