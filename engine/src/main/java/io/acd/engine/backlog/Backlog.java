package io.acd.engine.backlog;

import io.acd.engine.interaction.Interaction;
import io.acd.engine.routing.WaitingContact;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.actor.typed.ActorRef;

import java.time.Instant;
import java.util.List;

/**
 * What a backlog is told and what it stores. A backlog is the durable list of the live interactions of one
 * slice of a routing domain ({@code <domain>-<slice>}, the tag their events carry), kept by following those
 * events: when a router starts (after a restart, or on another node after its node died) it rebuilds its
 * queue from the backlogs instead of waiting for every interaction to wake up and register, and a contact
 * whose interaction is not running anywhere is still routed.
 *
 * <p>It costs the journal next to nothing: what it learns is stored in batches, one event per batch of
 * changes (a second or a thousand changes), and snapshots, instead of two writes per contact as
 * remember-entities would for interactions.
 */
public final class Backlog {

    private Backlog() {
    }

    // ---- commands ----------------------------------------------------------------------------------

    public sealed interface Command extends KryoMessage {
    }

    /**
     * From a router: the contacts this backlog knows to be waiting in the queue, answered with one
     * {@link Queued} per few hundred of them (at least one).
     */
    public record GetQueued(ActorRef<Queued> replyTo) implements Command {
    }

    /**
     * @param slice    the backlog's id, the tag it follows
     * @param contacts waiting in the queue as the journal says, each with its original queue time
     */
    public record Queued(String slice, List<WaitingContact> contacts) implements KryoMessage {

        public Queued {
            contacts = List.copyOf(contacts);
        }
    }

    /** From the backlog's own feed: changes read from the journal, up to {@code offset}, answered once stored. */
    record Observe(List<Change> changes, FeedOffset offset, ActorRef<FeedOffset> replyTo) implements Command {
    }

    /** Now and then: contacts queued for long are announced to the router, which files any it lacks. */
    record Sweep() implements Command {
    }

    // ---- what it stores ----------------------------------------------------------------------------

    public sealed interface Event extends KryoMessage {
    }

    /** A batch of changes read from the journal, and how far the feed read. */
    public record Observed(List<Change> changes, FeedOffset offset) implements Event {

        public Observed {
            changes = List.copyOf(changes);
        }
    }

    /** What an interaction's event means for the backlog. */
    public enum Kind {
        /** Created: in the queue from its creation time; {@link Change#contact()} has how to route it. */
        CREATED,
        /** Offered to an agent: out of the queue, still live. */
        OFFERED,
        /** An offer ended unaccepted (rejected, timed out): back in the queue, with its original queue time. */
        REQUEUED,
        /** Wrapped up or abandoned: gone. */
        ENDED
    }

    /**
     * @param contact how to route it, with Created's time as its queue time; only for {@link Kind#CREATED}
     * @param at      when it happened
     */
    public record Change(String interactionId, Kind kind, WaitingContact contact, Instant at) implements KryoMessage {

        /** The change an interaction's event makes, or null for one that changes nothing here. */
        static Change of(String interactionId, Interaction.Event event) {
            if (event instanceof Interaction.Created e) {
                return new Change(interactionId, Kind.CREATED, e.asWaitingContact(), e.at());
            } else if (event instanceof Interaction.Offered e) {
                return new Change(interactionId, Kind.OFFERED, null, e.at());
            } else if (event instanceof Interaction.OfferRejected e) {
                return new Change(interactionId, Kind.REQUEUED, null, e.at());
            } else if (event instanceof Interaction.OfferTimedOut e) {
                return new Change(interactionId, Kind.REQUEUED, null, e.at());
            } else if (event instanceof Interaction.WrappedUp e) {
                return new Change(interactionId, Kind.ENDED, null, e.at());
            } else if (event instanceof Interaction.Abandoned e) {
                return new Change(interactionId, Kind.ENDED, null, e.at());
            }
            // Queued, Accepted, Completed: nothing the backlog keeps changes.
            return null;
        }
    }

    /** The backlog as stored in a snapshot: every live contact, and how far the feed had read. */
    public record Snapshot(List<BacklogView.Live> live, FeedOffset offset) implements KryoMessage {

        public Snapshot {
            live = List.copyOf(live);
        }
    }

    /** Kryo ids of this protocol; stored ids never change meaning. */
    public static void registerTypes(KryoRegistry registry) {
        registry.record(GetQueued.class, 600);
        registry.record(Queued.class, 601);
        registry.record(Observe.class, 602);
        registry.record(Sweep.class, 603);
        registry.record(Observed.class, 610);
        registry.enumeration(Kind.class, 611);
        registry.record(Change.class, 612);
        registry.record(FeedOffset.class, 613);
        registry.enumeration(FeedOffset.Type.class, 614);
        registry.record(BacklogView.Live.class, 615);
        registry.record(Snapshot.class, 616);
    }
}
