package io.acd.engine.routing;

import java.time.Instant;
import java.util.Map;

/**
 * An available agent as the router sees it.
 *
 * @param free      how many more interactions the agent may take, per channel
 * @param idleSince when the agent last became free of all work (or became available); earlier is served first
 */
public record AgentCandidate(String agentId, Map<String, Integer> skills, Map<Channel, Integer> free,
                             Instant idleSince) {

    public AgentCandidate {
        skills = Map.copyOf(skills);
        free = Map.copyOf(free);
    }

    public boolean hasFreeSlot() {
        for (int slots : free.values()) {
            if (slots > 0) {
                return true;
            }
        }
        return false;
    }

    public boolean canTake(WaitingContact contact) {
        if (free.getOrDefault(contact.channel(), 0) <= 0) {
            return false;
        }
        for (Map.Entry<String, Integer> required : contact.skills().entrySet()) {
            Integer level = skills.get(required.getKey());
            if (level == null || level < required.getValue()) {
                return false;
            }
        }
        return true;
    }
}
