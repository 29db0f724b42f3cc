package io.acd.loadtest.audit;

import io.acd.engine.agent.Agent;
import io.acd.engine.agent.AgentStatus;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.Decision;
import io.acd.engine.routing.SelectionStrategy;
import io.acd.persistence.KryoMessage;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Events as the engine stores them, at times given in seconds from a fixed start, for seeded journals. */
final class Histories {

    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    private Histories() {
    }

    static Instant at(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    static Interaction.Created created(String id, double t) {
        return new Interaction.Created(id, Channel.CHAT, "billing", 5, Map.of("billing", 3), "c-1", "fp-" + id,
                at(t), Interaction.RoutingWishes.NONE, null);
    }

    /** An offer decided {@code waited} seconds after {@code queuedAt}, stored 50 ms after the decision. */
    static Interaction.Offered offered(String agentId, double queuedAt, double waited) {
        double decidedAt = queuedAt + waited;
        return new Interaction.Offered(agentId, at(decidedAt + 0.05), at(decidedAt + 20.05),
                new Decision("contact_arrived", "billing", 0, 5.0, Math.round(waited * 1000),
                        SelectionStrategy.LONGEST_IDLE, 1, null, null, at(decidedAt)));
    }

    static Interaction.Accepted accepted(String agentId, double t) {
        return new Interaction.Accepted(agentId, at(t));
    }

    static Interaction.Completed completed(String agentId, double t) {
        return new Interaction.Completed(agentId, at(t));
    }

    static Interaction.WrappedUp wrappedUp(String agentId, double t) {
        return new Interaction.WrappedUp(agentId, "solved", "", at(t));
    }

    static Interaction.Abandoned abandoned(double t) {
        return new Interaction.Abandoned(at(t));
    }

    static Agent.ProfileUpdated profile(int chatCapacity, double t) {
        return new Agent.ProfileUpdated("Ala", Map.of("billing", 4), Map.of(Channel.CHAT, chatCapacity), at(t),
                Set.of());
    }

    static Agent.StatusChanged available(double t) {
        return new Agent.StatusChanged(AgentStatus.AVAILABLE, null, at(t));
    }

    static Agent.Reserved reserved(String interactionId, double t) {
        return new Agent.Reserved(interactionId, Channel.CHAT, "billing", 5, at(t));
    }

    static Agent.Released released(String interactionId, String reason, double t) {
        return new Agent.Released(interactionId, reason, at(t));
    }

    /** A contact created at {@code t}, offered to the agent, accepted, completed and wrapped up. */
    static KryoMessage[] handled(String id, String agentId, double t) {
        return new KryoMessage[]{created(id, t), offered(agentId, t, 0.1), accepted(agentId, t + 2),
                completed(agentId, t + 20), wrappedUp(agentId, t + 25)};
    }

    /** The agent's side of {@link #handled}: reserved just before the offer, released after the wrap-up. */
    static KryoMessage[] heldAndReleased(String interactionId, double t) {
        return new KryoMessage[]{reserved(interactionId, t + 0.1), released(interactionId, "completed", t + 25.01)};
    }
}
