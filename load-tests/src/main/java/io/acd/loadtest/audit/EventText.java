package io.acd.loadtest.audit;

import io.acd.engine.agent.Agent;
import io.acd.engine.interaction.Interaction;

import java.util.Locale;

/** A stored event in one short line for the examples of a report: its sequence number, type and what matters. */
public final class EventText {

    private EventText() {
    }

    public static String of(StoredEvent stored) {
        return "#" + stored.sequenceNr() + " " + of(stored.event());
    }

    static String of(Object e) {
        if (e instanceof Interaction.Created c) {
            return "Created(queue " + c.queue() + ", " + wire(c.channel()) + ", at " + c.at() + ")";
        } else if (e instanceof Interaction.Queued q) {
            return "Queued(at " + q.queuedAt() + ")";
        } else if (e instanceof Interaction.Offered o) {
            String waited = o.decision() == null ? ""
                    : String.format(Locale.ROOT, ", waited %.3f s", o.decision().waitedMillis() / 1000.0);
            return "Offered(agent " + o.agentId() + ", at " + o.at() + waited + ")";
        } else if (e instanceof Interaction.OfferRejected r) {
            return "OfferRejected(agent " + r.agentId() + ", " + r.reason() + ", at " + r.at() + ")";
        } else if (e instanceof Interaction.OfferTimedOut t) {
            return "OfferTimedOut(agent " + t.agentId() + ", at " + t.at() + ")";
        } else if (e instanceof Interaction.Accepted a) {
            return "Accepted(agent " + a.agentId() + ", at " + a.at() + ")";
        } else if (e instanceof Interaction.Completed c) {
            return "Completed(agent " + c.agentId() + ", at " + c.at() + ")";
        } else if (e instanceof Interaction.WrappedUp w) {
            return "WrappedUp(agent " + w.agentId() + ", at " + w.at() + ")";
        } else if (e instanceof Interaction.Abandoned a) {
            return "Abandoned(at " + a.at() + ")";
        } else if (e instanceof Agent.ProfileUpdated p) {
            return "ProfileUpdated(capacity " + p.capacity() + ", at " + p.at() + ")";
        } else if (e instanceof Agent.StatusChanged s) {
            return "StatusChanged(" + s.status().wireName() + ", at " + s.at() + ")";
        } else if (e instanceof Agent.Reserved r) {
            return "Reserved(interaction " + r.interactionId() + ", " + wire(r.channel()) + ", at " + r.at() + ")";
        } else if (e instanceof Agent.HoldingChanged h) {
            return "HoldingChanged(interaction " + h.interactionId() + ", " + h.phase() + ", at " + h.at() + ")";
        } else if (e instanceof Agent.Released r) {
            return "Released(interaction " + r.interactionId() + ", " + r.reason() + ", at " + r.at() + ")";
        }
        return e == null ? "null" : e.getClass().getSimpleName();
    }

    private static String wire(io.acd.engine.routing.Channel channel) {
        return channel == null ? "no channel" : channel.wireName();
    }
}
