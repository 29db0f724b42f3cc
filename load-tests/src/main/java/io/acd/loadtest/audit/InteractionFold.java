package io.acd.loadtest.audit;

import io.acd.engine.interaction.Interaction;
import io.acd.loadtest.audit.InteractionTimeline.Phase;
import io.acd.loadtest.audit.InteractionTimeline.Step;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays an interaction's events into an {@link InteractionTimeline}. It follows the engine's own state
 * machine ({@code InteractionState}) where the journal is sound, and stays lenient where it is not: an event
 * the engine would never have stored in that phase still moves the interaction the way the event says, so
 * that one anomaly is reported once, by the checks, instead of derailing everything after it. Only Created
 * brings an interaction into being, and an ended one stays ended: the engine stops it, and nothing stored
 * later can revive it.
 */
public final class InteractionFold {

    private InteractionFold() {
    }

    public static InteractionTimeline fold(String interactionId, List<StoredEvent> events) {
        List<Step> steps = new ArrayList<>(events.size());
        Phase phase = Phase.NOT_CREATED;
        String agent = null;
        StoredEvent created = null;
        for (StoredEvent stored : events) {
            Phase next = phase;
            String nextAgent = agent;
            Object e = stored.event();
            if (phase == Phase.NOT_CREATED) {
                // Nothing exists before Created: whatever comes first changes nothing.
                if (e instanceof Interaction.Created) {
                    next = Phase.QUEUED;
                    created = stored;
                }
            } else if (phase.ended() || e instanceof Interaction.Created) {
                // unchanged: ended is final, and a second Created changes nothing
            } else if (e instanceof Interaction.Offered o) {
                next = Phase.OFFERED;
                nextAgent = o.agentId();
            } else if (e instanceof Interaction.OfferRejected || e instanceof Interaction.OfferTimedOut) {
                // An end of an offer that is not open changes nothing.
                if (phase == Phase.OFFERED) {
                    next = Phase.QUEUED;
                    nextAgent = null;
                }
            } else if (e instanceof Interaction.Accepted a) {
                // The engine keeps the agent of the offer, whoever the event names.
                next = Phase.CONNECTED;
                nextAgent = agent != null ? agent : a.agentId();
            } else if (e instanceof Interaction.Completed c) {
                next = Phase.WRAP_UP;
                nextAgent = agent != null ? agent : c.agentId();
            } else if (e instanceof Interaction.WrappedUp w) {
                next = Phase.COMPLETED;
                nextAgent = agent != null ? agent : w.agentId();
            } else if (e instanceof Interaction.Abandoned) {
                next = Phase.ABANDONED;
                nextAgent = null;
            }
            // Queued (legacy, always right after Created) and anything foreign change nothing.
            steps.add(new Step(stored, phase, agent, next, nextAgent));
            phase = next;
            agent = nextAgent;
        }
        return new InteractionTimeline(interactionId, steps, created);
    }
}
