package io.acd.engine.routing;

import java.time.Instant;
import java.util.Optional;

/**
 * The routing decision by plain scanning: every agent for a contact, every contact for an agent. Obviously
 * right and slow; it is the reference the index is tested against and the baseline it is measured against.
 */
public final class NaiveRouting {

    private NaiveRouting() {
    }

    /** A contact arrived (or its requirements relaxed): the best qualified agent, by its queue's strategy. */
    public static Optional<Match> bestAgentFor(WaitingContact contact, Iterable<AgentCandidate> agents,
                                               RoutingConfig config, RoundRobin roundRobin, Instant now,
                                               boolean explain) {
        QueuePolicy queue = config.queue(contact.queue());
        AgentCandidate best = null;
        AgentCandidate second = null;
        int qualified = 0;
        for (AgentCandidate agent : agents) {
            if (!Rules.qualifies(agent, contact, config, now)) {
                continue;
            }
            qualified++;
            if (best == null || Rules.compareAgents(agent, best, contact, queue, roundRobin) < 0) {
                second = best;
                best = agent;
            } else if (second == null || Rules.compareAgents(agent, second, contact, queue, roundRobin) < 0) {
                second = agent;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Decision decision = null;
        if (explain) {
            decision = new Decision("contact_arrived", queue.name(), Rules.step(contact, queue, now),
                    Rules.effectivePriority(contact, queue, now), Rules.waited(contact, now).toMillis(),
                    queue.strategy(), qualified, second == null ? null : second.agentId(),
                    second == null ? null : Rules.agentLostOn(best, second, contact, queue, roundRobin), now);
        }
        return Optional.of(new Match(contact, best, decision));
    }

    /** An agent became available or freed capacity: the qualified contact with the highest effective priority. */
    public static Optional<Match> bestContactFor(AgentCandidate agent, Iterable<WaitingContact> waiting,
                                                 RoutingConfig config, Instant now, boolean explain) {
        WaitingContact best = null;
        double bestEff = 0;
        WaitingContact second = null;
        double secondEff = 0;
        int qualified = 0;
        for (WaitingContact contact : waiting) {
            if (!Rules.qualifies(agent, contact, config, now)) {
                continue;
            }
            qualified++;
            double eff = Rules.effectivePriority(contact, config.queue(contact.queue()), now);
            if (best == null || Rules.compareContacts(contact, eff, best, bestEff) < 0) {
                second = best;
                secondEff = bestEff;
                best = contact;
                bestEff = eff;
            } else if (second == null || Rules.compareContacts(contact, eff, second, secondEff) < 0) {
                second = contact;
                secondEff = eff;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Decision decision = null;
        if (explain) {
            QueuePolicy queue = config.queue(best.queue());
            decision = new Decision("agent_freed", queue.name(), Rules.step(best, queue, now), bestEff,
                    Rules.waited(best, now).toMillis(), queue.strategy(), qualified,
                    second == null ? null : second.interactionId(),
                    second == null ? null : Rules.contactLostOn(best, bestEff, second, secondEff), now);
        }
        return Optional.of(new Match(best, agent, decision));
    }
}
