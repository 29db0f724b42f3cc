package io.acd.engine.customer;

import io.acd.engine.backlog.FeedOffset;
import io.acd.engine.routing.Channel;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The protocol of a customer's history: the interactions they had (newest first) and their threads, each a
 * conversation on one channel (an SMS exchange with one number, an e-mail thread, a web chat). One entity per
 * customer of a tenant, keyed by the customer id the channel gives. The interactions are recorded by the
 * tenant's {@link #INDEX_KEY customer index}, a projection over the tenant's tagged events, and a thread's new
 * interaction at once by the gateway that opened it; what the interactions are now is theirs to say.
 */
public final class Customer {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Customer");
    /** The projection of a tenant (its entity id) that records every interaction with a customer id. */
    public static final EntityTypeKey<IndexCommand> INDEX_KEY = EntityTypeKey.create(IndexCommand.class,
            "CustomerIndex");

    /** The most interactions one customer's history keeps; the oldest go first. */
    public static final int MAX_VISITS = 500;

    private Customer() {
    }

    /**
     * The local part of a customer's entity id: a channel's customer id may hold any character (an e-mail
     * address, a phone number with its +), and an entity id may not hold the tenant separator.
     */
    public static String entityLocal(String customerId) {
        return java.net.URLEncoder.encode(customerId, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** One interaction of the customer's, as it was created. */
    public record Visit(String interactionId, Channel channel, String queue, String thread, Instant at)
            implements KryoMessage {
    }

    public sealed interface Command extends KryoMessage {
    }

    /** From the index: interactions created for this customer; one already known changes nothing. */
    public record Record(List<Visit> visits, ActorRef<Done> replyTo) implements Command {
    }

    /** From the gateway: the thread's new interaction, recorded before its first message is answered. */
    public record OpenThread(String thread, Visit visit, ActorRef<Done> replyTo) implements Command {
    }

    /** The thread's latest interaction, if it has one. */
    public record GetThread(String thread, ActorRef<Optional<String>> replyTo) implements Command {
    }

    /** The name the customer gave (a web chat's form, a channel's profile); the latest one counts. */
    public record SetName(String name, ActorRef<Done> replyTo) implements Command {
    }

    public record GetName(ActorRef<Optional<String>> replyTo) implements Command {
    }

    /**
     * The customer opts out of being written to on a channel (an SMS "STOP"), or back in ("START"); the same
     * choice again changes nothing.
     */
    public record SetOptOut(Channel channel, boolean optedOut, ActorRef<Done> replyTo) implements Command {
    }

    /** Whether the customer opted out of the channel: nothing may be sent to them on it. */
    public record IsOptedOut(Channel channel, ActorRef<Boolean> replyTo) implements Command {
    }

    /** Up to {@code limit} of the customer's interactions, newest first. */
    public record GetHistory(int limit, ActorRef<List<Visit>> replyTo) implements Command {
    }

    public sealed interface Event extends KryoMessage {
    }

    public record Recorded(List<Visit> visits) implements Event {
    }

    public record ThreadOpened(String thread, Visit visit) implements Event {
    }

    public record Named(String name, Instant at) implements Event {
    }

    public record OptOutChanged(Channel channel, boolean optedOut, Instant at) implements Event {
    }

    /**
     * The snapshot: the visits oldest first, each thread's latest interaction, and the customer's name.
     *
     * @param name    null until given (and in snapshots stored before names were kept)
     * @param optOuts the channels the customer opted out of; empty in snapshots stored before opt-outs were kept
     */
    public record State(List<Visit> visits, java.util.Map<String, String> threads, String name,
                        List<Channel> optOuts) implements KryoMessage {

        public boolean optedOut(Channel channel) {
            return optOuts != null && optOuts.contains(channel);
        }

        State withOptOut(Channel channel, boolean optedOut) {
            java.util.EnumSet<Channel> channels = java.util.EnumSet.noneOf(Channel.class);
            if (optOuts != null) {
                channels.addAll(optOuts);
            }
            if (optedOut) {
                channels.add(channel);
            } else {
                channels.remove(channel);
            }
            return new State(visits, threads, name, List.copyOf(channels));
        }
    }

    // ---- the index ----------------------------------------------------------------------------------

    public sealed interface IndexCommand extends KryoMessage {
    }

    /** Starts the index if it is not running. */
    public record WakeIndex() implements IndexCommand {
    }

    record GetOffset(int slice, ActorRef<FeedOffset> replyTo) implements IndexCommand {
    }

    /** From a slice's feed: the interactions with a customer id among its events, recorded before answering. */
    record Index(int slice, List<Found> found, FeedOffset offset, ActorRef<FeedOffset> replyTo)
            implements IndexCommand {
    }

    /** @param customerId the tenant's customer id, not qualified */
    record Found(String customerId, Visit visit) implements KryoMessage {
    }

    /** Every customer of a batch answered (or one did not: {@code recorded} false, and nothing is stored). */
    record BatchRecorded(int slice, FeedOffset offset, boolean recorded, ActorRef<FeedOffset> replyTo)
            implements IndexCommand {
    }

    public sealed interface IndexEvent extends KryoMessage {
    }

    /** How far a slice's feed read, stored once what it found there was recorded. */
    public record Indexed(int slice, FeedOffset offset) implements IndexEvent {
    }

    public static void registerTypes(KryoRegistry registry) {
        registry.record(Visit.class, 1100);
        registry.record(State.class, 1101);
        registry.record(Record.class, 1110);
        registry.record(OpenThread.class, 1111);
        registry.record(GetThread.class, 1112);
        registry.record(GetHistory.class, 1113);
        registry.record(WakeIndex.class, 1114);
        registry.record(GetOffset.class, 1115);
        registry.record(Index.class, 1116);
        registry.record(Found.class, 1117);
        registry.record(BatchRecorded.class, 1118);
        registry.record(Recorded.class, 1140);
        registry.record(ThreadOpened.class, 1141);
        registry.record(Indexed.class, 1142);
        registry.record(Named.class, 1143);
        registry.record(SetName.class, 1119);
        registry.record(GetName.class, 1120);
        registry.record(SetOptOut.class, 1121);
        registry.record(IsOptedOut.class, 1122);
        registry.record(OptOutChanged.class, 1144);
    }
}
