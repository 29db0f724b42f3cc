package io.acd.engine.routing;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * An available agent as the router sees it.
 *
 * @param capacity  how many interactions the agent may hold at once, per channel
 * @param used      how many it holds now, per channel (reserved, offered, connected or in wrap-up)
 * @param idleSince when the agent last became free of all work (or became available); earlier is served first
 * @param groups    the agent groups the agent belongs to, for queues that are served by groups
 */
public record AgentCandidate(String agentId, Map<String, Integer> skills, Map<Channel, Integer> capacity,
                             Map<Channel, Integer> used, Instant idleSince, Set<String> groups)
        implements AgentFacts {

    public AgentCandidate {
        skills = Map.copyOf(skills);
        capacity = Map.copyOf(capacity);
        used = Map.copyOf(used);
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    /** An agent in no group. */
    public AgentCandidate(String agentId, Map<String, Integer> skills, Map<Channel, Integer> capacity,
                          Map<Channel, Integer> used, Instant idleSince) {
        this(agentId, skills, capacity, used, idleSince, Set.of());
    }

    public int free(Channel channel) {
        return Math.max(0, capacity.getOrDefault(channel, 0) - used.getOrDefault(channel, 0));
    }

    public boolean hasFreeSlot() {
        for (Channel channel : capacity.keySet()) {
            if (free(channel) > 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int usedTotal() {
        int total = 0;
        for (int n : used.values()) {
            total += n;
        }
        return total;
    }

    @Override
    public int capacityTotal() {
        int total = 0;
        for (int n : capacity.values()) {
            total += n;
        }
        return total;
    }
}
