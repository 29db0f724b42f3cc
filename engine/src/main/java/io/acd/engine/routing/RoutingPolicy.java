package io.acd.engine.routing;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Decides which waiting contact goes to which free agent. Plain Java, no clock and no I/O, so that it can
 * be tested exhaustively and benchmarked on its own.
 *
 * <p>Contacts are served highest priority first, then longest waiting (earliest {@code queuedAt}), then
 * by id so that the order is total. A contact goes to a qualified agent only: every required skill at or
 * above its level and a free slot on the contact's channel. Among qualified agents the one idle longest
 * wins, then the lowest id.
 *
 * <p>A contact that no free agent can serve does not block the ones behind it.
 */
public final class RoutingPolicy {

    /** The order in which contacts are served. */
    public static final Comparator<WaitingContact> SERVICE_ORDER = Comparator
            .comparingInt(WaitingContact::priority).reversed()
            .thenComparing(WaitingContact::queuedAt)
            .thenComparing(WaitingContact::interactionId);

    /** The order in which qualified agents are preferred. */
    public static final Comparator<AgentCandidate> AGENT_PREFERENCE = Comparator
            .comparing(AgentCandidate::idleSince)
            .thenComparing(AgentCandidate::agentId);

    private RoutingPolicy() {
    }

    /**
     * @param waitingInServiceOrder the waiting contacts, iterated in {@link #SERVICE_ORDER}
     * @param freeAgents            agents that may receive a reservation now
     * @return the next pair to reserve, or empty when no waiting contact has a qualified free agent
     */
    public static Optional<Match> next(Iterable<WaitingContact> waitingInServiceOrder,
                                       Collection<AgentCandidate> freeAgents) {
        if (freeAgents.isEmpty()) {
            return Optional.empty();
        }
        for (WaitingContact contact : waitingInServiceOrder) {
            AgentCandidate best = null;
            for (AgentCandidate agent : freeAgents) {
                if (agent.canTake(contact) && (best == null || AGENT_PREFERENCE.compare(agent, best) < 0)) {
                    best = agent;
                }
            }
            if (best != null) {
                return Optional.of(new Match(contact, best));
            }
        }
        return Optional.empty();
    }
}
