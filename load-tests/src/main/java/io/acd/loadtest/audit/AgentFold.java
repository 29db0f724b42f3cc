package io.acd.loadtest.audit;

import io.acd.engine.agent.Agent;
import io.acd.engine.agent.AgentStatus;
import io.acd.engine.routing.Channel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays an agent's events into an {@link AgentTimeline}, from the first event: snapshots are a shortcut for
 * recovery, the events are the whole truth. Capacity comes from ProfileUpdated; Reserved adds a holding on
 * its channel and Released removes it. Legacy HoldingChanged only moved a holding's phase, which takes no
 * capacity. Logging out drops the holdings, as the engine's logged-out state holds none (the engine refuses
 * a logout while the agent holds work, so this only matters for a journal that is wrong already).
 */
public final class AgentFold {

    private AgentFold() {
    }

    public static AgentTimeline fold(String agentId, List<StoredEvent> events) {
        List<AgentTimeline.Step> steps = new ArrayList<>(events.size());
        Map<Channel, Integer> capacity = Map.of();
        StoredEvent capacitySetBy = null;
        Map<String, StoredEvent> holdings = Map.of();
        for (StoredEvent stored : events) {
            Object e = stored.event();
            if (e instanceof Agent.ProfileUpdated p) {
                capacity = p.capacity() == null ? Map.of() : Map.copyOf(p.capacity());
                capacitySetBy = stored;
            } else if (e instanceof Agent.StatusChanged s && s.status() == AgentStatus.LOGGED_OUT) {
                holdings = Map.of();
            } else if (e instanceof Agent.Reserved r) {
                var next = new LinkedHashMap<>(holdings);
                next.put(r.interactionId(), stored);
                holdings = Collections.unmodifiableMap(next);
            } else if (e instanceof Agent.Released r && holdings.containsKey(r.interactionId())) {
                var next = new LinkedHashMap<>(holdings);
                next.remove(r.interactionId());
                holdings = Collections.unmodifiableMap(next);
            }
            // Each step shares the maps of the step before unless the event changed them.
            steps.add(new AgentTimeline.Step(stored, capacity, capacitySetBy, holdings));
        }
        return new AgentTimeline(agentId, steps);
    }
}
