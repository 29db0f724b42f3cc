package io.acd.gateway.outbound;

import io.acd.engine.events.EventLog;
import io.acd.engine.routing.Channel;
import io.acd.engine.tenant.ScopedId;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The protocol of a channel's outbox in one tenant: every message an agent sends on an interaction of the
 * channel, from the moment it is stored until the channel's provider took it or it failed. The outbox follows
 * the tenant's events out (as a webhook does) and queues each outbound message of its channel before reading
 * on, so a message stored while the node dies, or while the provider is down, is sent later and never dropped
 * without a trace: it ends as {@code sent} (then {@code delivered} if the provider reports it) or as
 * {@code failed} with a reason, in the transcript and in the events out. One entity per tenant and channel,
 * remembered, so it goes on on another node when its node dies.
 */
public final class Outbox {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Outbox");

    private Outbox() {
    }

    public static String entityId(String tenant, Channel channel) {
        return new ScopedId(tenant, channel.wireName()).entityId();
    }

    /**
     * One message on its way out.
     *
     * @param thread   the interaction's thread key (where the channel keeps its addresses), or null
     * @param position the events-out position of the message's event
     */
    public record Pending(String interactionId, String messageId, String text, String customerId, String thread,
                          String queue, Instant queuedAt, long position) implements KryoMessage {
    }

    /**
     * @param position the last events-out position the outbox has dealt with
     * @param pending  messages not yet taken by the provider nor failed, by message id, oldest first
     * @param sent     how many the provider took; {@code failed} how many failed
     */
    public record State(long position, Map<String, Pending> pending, long sent, long failed) implements KryoMessage {

        static final State EMPTY = new State(0, Map.of(), 0, 0);

        State queued(Pending message) {
            Map<String, Pending> more = new LinkedHashMap<>(pending);
            more.put(message.messageId(), message);
            return new State(Math.max(position, message.position()), more, sent, failed);
        }

        State read(long upTo) {
            return new State(Math.max(position, upTo), pending, sent, failed);
        }

        State done(String messageId, boolean wasSent) {
            if (!pending.containsKey(messageId)) {
                return this;
            }
            Map<String, Pending> fewer = new LinkedHashMap<>(pending);
            fewer.remove(messageId);
            return new State(position, fewer, sent + (wasSent ? 1 : 0), failed + (wasSent ? 0 : 1));
        }

        /** The oldest pending message of the interaction: messages of one interaction go out in order. */
        Optional<Pending> firstOf(String interactionId) {
            return pending.values().stream().filter(p -> p.interactionId().equals(interactionId))
                    .min(Comparator.comparingLong(Pending::position));
        }
    }

    public sealed interface Command extends KryoMessage {
    }

    /** Starts the outbox if it is not running; it then runs for good. */
    public record Wake() implements Command {
    }

    public record GetState(ActorRef<State> replyTo) implements Command {
    }

    /** Where a new outbox starts reading: the log's position when it first ran; -1 when that was not known. */
    record Begin(long position) implements Command {
    }

    record Arrived(EventLog.Positioned event, ActorRef<Ack> ackTo) implements Command {
    }

    record StreamStarted(ActorRef<Ack> ackTo) implements Command {
    }

    record StreamEnded(String why) implements Command {
    }

    record Restart() implements Command {
    }

    /**
     * An outbound message's interaction, looked up.
     *
     * @param message null when it is not of this outbox's channel
     * @param failure why the interaction could not be looked up; null when it was
     */
    record Resolved(long position, Pending message, String failure) implements Command {
    }

    record Attempted(String messageId, int attempt, Sender.Result result) implements Command {
    }

    record AttemptDue(String messageId, int attempt) implements Command {
    }

    /** Store how far the outbox read, when it read a while without queuing anything. */
    record StoreRead() implements Command {
    }

    enum Ack { ACK }

    static final Ack ACK = Ack.ACK;

    public sealed interface Event extends KryoMessage {
    }

    public record Queued(Pending message) implements Event {
    }

    /** Read up to {@code position} and nothing of this channel among it. */
    public record Read(long position) implements Event {
    }

    /** @param providerId the provider's id of the message, if it gave one */
    public record Sent(String messageId, String providerId, int attempts, Instant at) implements Event {
    }

    public record Failed(String messageId, String reason, int attempts, Instant at) implements Event {
    }

    public static void registerTypes(KryoRegistry registry) {
        registry.record(Pending.class, 1050);
        registry.record(State.class, 1051);
        registry.enumeration(Ack.class, 1052);
        registry.record(Wake.class, 1060);
        registry.record(GetState.class, 1061);
        registry.record(Arrived.class, 1062);
        registry.record(StreamStarted.class, 1063);
        registry.record(StreamEnded.class, 1064);
        registry.record(Restart.class, 1065);
        registry.record(Resolved.class, 1066);
        registry.record(Attempted.class, 1067);
        registry.record(AttemptDue.class, 1068);
        registry.record(StoreRead.class, 1069);
        registry.record(Begin.class, 1073);
        registry.record(Sender.Accepted.class, 1070);
        registry.record(Sender.Retry.class, 1071);
        registry.record(Sender.Refused.class, 1072);
        registry.record(Queued.class, 1090);
        registry.record(Read.class, 1091);
        registry.record(Sent.class, 1092);
        registry.record(Failed.class, 1093);
    }
}
