package io.acd.loadtest.audit;

import io.acd.engine.agent.Agent;
import io.acd.engine.routing.Channel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * No Reserved ever takes an agent beyond its capacity: after it, the interactions held on its channel are no
 * more than the slots the latest ProfileUpdated gave that channel (a channel it does not name has none).
 * A profile that lowers the capacity below what the agent holds is no violation: the agent keeps what it has
 * and only takes no more.
 */
public final class CapacityCheck implements Check {

    static final String OVER_CAPACITY = "overCapacity";

    private final Findings violations = new Findings(OVER_CAPACITY);
    private long agents;
    private long reservations;

    @Override
    public void agent(AgentTimeline timeline) {
        agents++;
        for (AgentTimeline.Step step : timeline.steps()) {
            if (!(step.event() instanceof Agent.Reserved reserved)) {
                continue;
            }
            reservations++;
            Channel channel = reserved.channel();
            List<String> onChannel = step.holdings().entrySet().stream()
                    .filter(h -> ((Agent.Reserved) h.getValue().event()).channel() == channel)
                    .map(Map.Entry::getKey).toList();
            int capacity = step.capacity().getOrDefault(channel, 0);
            if (onChannel.size() > capacity) {
                violations.add(OVER_CAPACITY, timeline.persistenceId() + ": " + EventText.of(step.stored())
                        + " makes " + onChannel.size() + " held on " + (channel == null ? "no channel" : channel.wireName())
                        + " " + onChannel + " with a capacity of " + capacity + " ("
                        + (step.capacitySetBy() == null ? "no profile yet" : "set by "
                        + EventText.of(step.capacitySetBy())) + ")");
            }
        }
    }

    @Override
    public CheckResult result() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("agents", agents);
        return CheckResult.of("capacity", "capacity", reservations, "reservations", violations, counts, List.of(),
                null);
    }
}
