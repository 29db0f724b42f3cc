package io.acd.engine.router;

import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Match;
import io.acd.engine.routing.QueuePolicy;
import io.acd.engine.routing.RoutingConfig;
import io.acd.engine.routing.RoutingIndex;
import io.acd.engine.routing.WaitingContact;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The matching loop of one routing domain: it turns what happens to contacts and agents into matches, over
 * a {@link RoutingIndex}. The {@link Router} actor runs it between its messages; the simulators and the
 * routing benchmarks run the same class, so that what they measure and report is what the router does.
 *
 * <p>Contract:
 * <ul>
 *   <li>One thread calls it. It reads no clock: every call that can match is given the time it happens at,
 *   and times never go back.</li>
 *   <li>A match takes both sides out of the index before the sink hears of it: the contact is the caller's
 *   from then on (it comes back through {@link #reservationRefused} or leaves for good), and the agent is out
 *   until the caller reports it again ({@link #agentAvailable}), because the agent entity has the last word
 *   on its capacity. So an agent is in at most one match until it is reported again, and a contact in at
 *   most one until it is returned.</li>
 *   <li>The sink hears of matches synchronously, in the order they are made, and must not call the loop.</li>
 *   <li>Until {@link #start} it files contacts and agents but matches nothing: a restarted router first
 *   collects the registrations, or it would serve whichever contact happened to register first.</li>
 *   <li>An arriving contact is decided before it is filed; one that no agent takes at once is filed. Either
 *   way the choice is the one the index makes for a filed contact (a property the index's tests hold).</li>
 *   <li>With {@code explain} each match carries its {@link io.acd.engine.routing.Decision}; without it the
 *   decision is null and the choice the same.</li>
 * </ul>
 */
public final class RoutingLoop {

    private final boolean explain;
    private final Consumer<Match> sink;
    private RoutingIndex index;
    private boolean started;

    public RoutingLoop(RoutingConfig config, boolean explain, Consumer<Match> sink) {
        this.index = new RoutingIndex(config);
        this.explain = explain;
        this.sink = sink;
    }

    /** Matching begins: contacts whose steps fell due meanwhile are served first, then every agent in turn. */
    public void start(Instant now) {
        started = true;
        serveEveryAgent(now);
    }

    public boolean started() {
        return started;
    }

    /** A contact is queued, new or registering again (idempotent): to an agent at once, or filed to wait. */
    public void contactArrived(WaitingContact contact, Instant now) {
        if (started) {
            due(now);
            // A contact registering again may still be filed from before: the match takes that filing out.
            Optional<Match> match = index.bestAgentFor(contact, now, explain);
            if (match.isPresent()) {
                take(match.get());
                return;
            }
        }
        index.putContact(contact, now);
    }

    /** The contact left the queue for good (abandoned); false if it was not waiting here. */
    public boolean contactLeft(String interactionId) {
        return index.removeContact(interactionId);
    }

    /**
     * An agent reports free capacity (available, a slot freed, or the answer to a reservation), idempotent:
     * filed with it, then offered the best contact it fits. An agent with no free slot is filed and takes
     * nothing until its next report.
     */
    public void agentAvailable(AgentCandidate agent, Instant now) {
        index.putAgent(agent);
        if (started) {
            serve(agent.agentId(), now);
        }
    }

    /** The agent is no longer available (not ready, logged out); false if it was not filed here. */
    public boolean agentLeft(String agentId) {
        return index.removeAgent(agentId);
    }

    /**
     * The agent refused a match (its capacity had gone meanwhile) or could not be asked. It is filed as it
     * now reports itself ({@code agentNow}, null if unknown) but not served: its next report brings it back.
     * The contact is filed again and goes to another agent if one takes it now, never straight back to the
     * one that refused, whose view of the contact is behind this one (a release may still be on its way).
     */
    public void reservationRefused(Match match, AgentCandidate agentNow, Instant now) {
        String refusedBy = match.agent().agentId();
        if (agentNow != null) {
            index.putAgent(agentNow);
        }
        String interactionId = match.contact().interactionId();
        index.putContact(match.contact(), now);
        if (started) {
            index.bestAgentFor(interactionId, now, explain)
                    .filter(next -> !next.agent().agentId().equals(refusedBy))
                    .ifPresent(this::take);
        }
    }

    /**
     * Steps and sticky preferences that fell due by {@code now}: contacts whose requirements relaxed may now
     * match an agent who is already waiting.
     */
    public void due(Instant now) {
        if (!started) {
            return;
        }
        for (WaitingContact moved : index.advance(now)) {
            if (index.hasContact(moved.interactionId())) {
                index.bestAgentFor(moved.interactionId(), now, explain).ifPresent(this::take);
            }
        }
    }

    /** When {@link #due} next has work, or empty. */
    public Optional<Instant> nextChange() {
        return index.nextChange();
    }

    /**
     * A queue's policy was set: every contact is filed again under it and every agent served again. False,
     * and nothing done, if the queue already had that policy.
     */
    public boolean queuePolicyChanged(QueuePolicy policy, Instant now) {
        if (policy.equals(index.config().queues().get(policy.name()))) {
            return false;
        }
        index = index.reconfigured(index.config().withQueue(policy), now);
        if (started) {
            serveEveryAgent(now);
        }
        return true;
    }

    public RoutingConfig config() {
        return index.config();
    }

    public int waiting() {
        return index.waiting();
    }

    public int availableAgents() {
        return index.availableAgents();
    }

    public boolean hasContact(String interactionId) {
        return index.hasContact(interactionId);
    }

    public boolean hasAgent(String agentId) {
        return index.hasAgent(agentId);
    }

    private void serveEveryAgent(Instant now) {
        due(now);
        List<String> agentIds = index.agentIds();
        for (String agentId : agentIds) {
            serve(agentId, now);
        }
    }

    private void serve(String agentId, Instant now) {
        due(now);
        if (index.hasAgent(agentId)) {
            index.bestContactFor(agentId, now, explain).ifPresent(this::take);
        }
    }

    private void take(Match match) {
        index.matched(match);
        index.removeContact(match.contact().interactionId());
        index.removeAgent(match.agent().agentId());
        sink.accept(match);
    }
}
