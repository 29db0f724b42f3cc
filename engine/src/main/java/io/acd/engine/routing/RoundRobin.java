package io.acd.engine.routing;

import java.util.HashMap;
import java.util.Map;

/** Who each queue offered to last, for the round-robin strategy: a sequence number per queue and agent. */
public final class RoundRobin {

    private final Map<String, Map<String, Long>> lastServed = new HashMap<>();
    private long sequence;

    /** -1 when the queue never offered to the agent, so that such agents come first. */
    public long lastServed(String queue, String agentId) {
        Map<String, Long> byAgent = lastServed.get(queue);
        Long seq = byAgent == null ? null : byAgent.get(agentId);
        return seq == null ? -1 : seq;
    }

    public void served(String queue, String agentId) {
        lastServed.computeIfAbsent(queue, q -> new HashMap<>()).put(agentId, ++sequence);
    }
}
