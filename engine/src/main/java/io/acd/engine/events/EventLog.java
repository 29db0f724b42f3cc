package io.acd.engine.events;

import io.acd.engine.backlog.FeedOffset;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.util.List;

/**
 * The protocol of a tenant's log of events out: every event that leaves the engine, in one order, each at a
 * position that never changes, so a receiver resumes after the last position it saw. The log is a projection:
 * it follows the tenant's tagged events (one feed per slice, each from the offset stored with what it logged)
 * and stores each event out as an event of its own; its journal is what Server-Sent Events and webhooks
 * read, by position (the stored event's sequence number). It runs from the first time anyone asks for it,
 * catching up from the start of the journal, and then always (a remembered entity).
 */
public final class EventLog {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "EventLog");

    private EventLog() {
    }

    /** The log's persistence id, whose sequence numbers are the positions. */
    public static String persistenceId(String tenant) {
        return TYPE_KEY.name() + "|" + tenant;
    }

    /** An event out at its position, as a reader of the log gets it. */
    public record Positioned(long position, OutEvent event) implements KryoMessage {
    }

    public sealed interface Command extends KryoMessage {
    }

    /** Starts the log if it is not running; it then runs for good. */
    public record Wake() implements Command {
    }

    /** The latest position: a reader that starts now reads after it. */
    public record GetPosition(ActorRef<Long> replyTo) implements Command {
    }

    /** From a slice's feed: where it starts reading (again). */
    record GetOffset(int slice, ActorRef<FeedOffset> replyTo) implements Command {
    }

    /** From a slice's feed: these events out, read up to {@code offset}; answered once stored. */
    record Append(int slice, List<OutEvent> events, FeedOffset offset, ActorRef<FeedOffset> replyTo)
            implements Command {
    }

    public sealed interface Event extends KryoMessage {
    }

    /** @param offset where the slice's feed had read once this was logged; null but on the last of a batch */
    public record Logged(OutEvent event, int slice, FeedOffset offset) implements Event {
    }

    /** A batch with nothing to log: only how far the slice's feed read. */
    public record Read(int slice, FeedOffset offset) implements Event {
    }

    /** Each slice's offset, by slice number: the snapshot of the log, and of other projections over the tags. */
    public record State(List<FeedOffset> offsets) implements KryoMessage {

        public FeedOffset offset(int slice) {
            return slice < offsets.size() ? offsets.get(slice) : FeedOffset.START;
        }

        public State with(int slice, FeedOffset offset) {
            if (offset == null) {
                return this;
            }
            java.util.ArrayList<FeedOffset> next = new java.util.ArrayList<>(offsets);
            while (next.size() <= slice) {
                next.add(FeedOffset.START);
            }
            next.set(slice, offset);
            return new State(List.copyOf(next));
        }
    }

    public static void registerTypes(KryoRegistry registry) {
        registry.record(OutEvent.class, 900);
        registry.record(State.class, 901);
        registry.record(Positioned.class, 902);
        registry.record(Wake.class, 910);
        registry.record(GetPosition.class, 911);
        registry.record(GetOffset.class, 912);
        registry.record(Append.class, 913);
        registry.record(Logged.class, 940);
        registry.record(Read.class, 941);
    }
}
