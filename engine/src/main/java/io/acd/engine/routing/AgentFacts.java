package io.acd.engine.routing;

import java.util.Map;
import java.util.Set;

/**
 * What the routing rules read of an agent besides its channels and idle time: an agent's report, or the
 * index's entry for it, which keeps these as numbers and shared sets rather than a reference to the report.
 */
public interface AgentFacts {

    String agentId();

    Map<String, Integer> skills();

    Set<String> groups();

    /** Interactions held now, over all channels. */
    int usedTotal();

    /** Interactions the agent may hold at once, over all channels. */
    int capacityTotal();
}
