package io.acd.loadtest.scenario;

import io.acd.engine.routing.Channel;

import java.util.List;
import java.util.Map;

/** Agents alike in skills, capacity and shifts; no shifts means logged in for the whole run. */
public record AgentGroupSpec(String name, int count, Map<String, Integer> skills, Map<Channel, Integer> capacity,
                             List<Shift> shifts) {

    public AgentGroupSpec {
        skills = Map.copyOf(skills);
        capacity = Map.copyOf(capacity);
        shifts = List.copyOf(shifts);
    }

    public boolean onShift(double seconds) {
        return shifts.isEmpty() || shifts.stream().anyMatch(s -> s.covers(seconds));
    }
}
