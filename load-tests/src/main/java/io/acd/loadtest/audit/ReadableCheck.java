package io.acd.loadtest.audit;

import io.acd.engine.agent.Agent;
import io.acd.engine.interaction.Interaction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every interaction and agent could be read, and holds only its own kind of events. An entity that could not
 * be read (an event the serializer does not know, a gap Cassandra's read side gave up waiting for) is a
 * violation: none of the other checks can vouch for it.
 */
public final class ReadableCheck implements Check {

    private final Findings violations = new Findings("unreadable", "foreignEvents");
    private long interactions;
    private long agents;
    private long ignored;

    @Override
    public void interaction(InteractionTimeline timeline) {
        interactions++;
        for (InteractionTimeline.Step step : timeline.steps()) {
            if (!(step.event() instanceof Interaction.Event)) {
                violations.add("foreignEvents", timeline.persistenceId() + ": " + EventText.of(step.stored())
                        + " is not an interaction event");
            }
        }
    }

    @Override
    public void agent(AgentTimeline timeline) {
        agents++;
        for (AgentTimeline.Step step : timeline.steps()) {
            if (!(step.event() instanceof Agent.Event)) {
                violations.add("foreignEvents", timeline.persistenceId() + ": " + EventText.of(step.stored())
                        + " is not an agent event");
            }
        }
    }

    @Override
    public void ignored(String persistenceId) {
        ignored++;
    }

    @Override
    public void unreadable(EntityRef entity, String reason) {
        violations.add("unreadable", entity.persistenceId() + ": cannot be read: " + reason);
    }

    @Override
    public CheckResult result() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("interactions", interactions);
        counts.put("agents", agents);
        counts.put("ignoredPersistenceIds", ignored);
        long unreadable = violations.byKind().get("unreadable");
        return CheckResult.of("readable", "readable", interactions + agents + unreadable, "entities", violations,
                counts, List.of(), null);
    }
}
