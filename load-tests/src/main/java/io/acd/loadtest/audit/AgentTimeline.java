package io.acd.loadtest.audit;

import io.acd.engine.routing.Channel;

import java.util.List;
import java.util.Map;

/**
 * An agent's journal replayed by {@link AgentFold}: every stored event with the capacity and the holdings
 * as they stand after it.
 */
public record AgentTimeline(String agentId, List<Step> steps) {

    public AgentTimeline {
        steps = List.copyOf(steps);
    }

    /**
     * @param capacity      slots per channel after the event (a channel missing has none)
     * @param capacitySetBy the ProfileUpdated that set that capacity, null before any
     * @param holdings      what the agent holds after the event: the Reserved of each held interaction, by its id
     */
    public record Step(StoredEvent stored, Map<Channel, Integer> capacity, StoredEvent capacitySetBy,
                       Map<String, StoredEvent> holdings) {

        public Object event() {
            return stored.event();
        }
    }

    public String persistenceId() {
        return EntityRef.agent(agentId);
    }

    /** What the agent's record holds at the end of its journal. */
    public Map<String, StoredEvent> holdingsAtEnd() {
        return steps.isEmpty() ? Map.of() : steps.get(steps.size() - 1).holdings();
    }
}
