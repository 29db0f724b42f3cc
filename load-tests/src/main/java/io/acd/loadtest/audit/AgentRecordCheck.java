package io.acd.loadtest.audit;

import io.acd.engine.agent.Agent;
import io.acd.engine.interaction.Interaction;
import io.acd.loadtest.audit.InteractionTimeline.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The interaction's journal and its agent's agree, at the end of both:
 * <ul>
 *   <li>an interaction that ended (WrappedUp, Abandoned) is held by no agent: every Reserved for it has a
 *       later Released, or the agent keeps a slot taken for a contact that is gone;</li>
 *   <li>one still offered, connected or in wrap-up is held by the agent it names;</li>
 *   <li>every agent that accepted had reserved the interaction before (within the clock tolerance: the two
 *       journals are written by different entities, in a cluster on different nodes' clocks).</li>
 * </ul>
 * A reservation for an interaction that is queued, or names another agent, is listed but not a violation:
 * the router reserves before it offers, and a node stopped between the two leaves such a bare reservation,
 * which the agent itself checks with the interaction and gives back once it runs again.
 */
public final class AgentRecordCheck implements Check {

    static final String ENDED_BUT_HELD = "endedButHeld";
    static final String NOT_HELD = "notHeldByItsAgent";
    static final String ACCEPTED_UNRESERVED = "acceptedWithoutReserved";

    private record End(Phase phase, String agent, StoredEvent reachedBy) {
    }

    private record Acceptance(String interactionId, StoredEvent accepted) {
    }

    private record Pair(String agentId, String interactionId) {
    }

    /** What an agent's journal says of one interaction: its first reservation and its last release. */
    private record Record(StoredEvent firstReserved, StoredEvent lastReleased) {
    }

    private record Holder(String agentId, StoredEvent reserved) {
    }

    private final Duration tolerance;
    private final Map<String, End> ends = new HashMap<>();
    private final List<Acceptance> acceptances = new ArrayList<>();
    private final Map<Pair, Record> records = new HashMap<>();
    private final Map<String, List<Holder>> heldAtEnd = new HashMap<>();
    private final Set<String> agents = new HashSet<>();

    public AgentRecordCheck(Duration tolerance) {
        this.tolerance = tolerance;
    }

    @Override
    public void interaction(InteractionTimeline timeline) {
        ends.put(timeline.interactionId(), new End(timeline.end(), timeline.endAgent(), timeline.endReachedBy()));
        for (InteractionTimeline.Step step : timeline.steps()) {
            if (step.event() instanceof Interaction.Accepted) {
                acceptances.add(new Acceptance(timeline.interactionId(), step.stored()));
            }
        }
    }

    @Override
    public void agent(AgentTimeline timeline) {
        String agentId = timeline.agentId();
        agents.add(agentId);
        for (AgentTimeline.Step step : timeline.steps()) {
            if (step.event() instanceof Agent.Reserved r) {
                records.merge(new Pair(agentId, r.interactionId()), new Record(step.stored(), null),
                        (old, added) -> old.firstReserved() != null ? old : new Record(added.firstReserved(),
                                old.lastReleased()));
            } else if (step.event() instanceof Agent.Released r) {
                records.merge(new Pair(agentId, r.interactionId()), new Record(null, step.stored()),
                        (old, added) -> new Record(old.firstReserved(), added.lastReleased()));
            }
        }
        timeline.holdingsAtEnd().forEach((interactionId, reserved) ->
                heldAtEnd.computeIfAbsent(interactionId, id -> new ArrayList<>()).add(new Holder(agentId, reserved)));
    }

    @Override
    public CheckResult result() {
        Findings violations = new Findings(ENDED_BUT_HELD, NOT_HELD, ACCEPTED_UNRESERVED);
        Findings stray = new Findings();
        long held = 0;
        // Sorted by interaction id, so that a run's examples are the same each time.
        for (var entry : new TreeMap<>(heldAtEnd).entrySet()) {
            String id = entry.getKey();
            End end = ends.get(id);
            for (Holder holder : entry.getValue()) {
                held++;
                String what = EntityRef.agent(holder.agentId()) + " still holds " + id + " ("
                        + EventText.of(holder.reserved()) + " has no later Released)";
                if (end == null) {
                    stray.add("stray", what + ", which has no journal");
                } else if (end.phase().ended()) {
                    violations.add(ENDED_BUT_HELD, EntityRef.interaction(id) + " ended " + end.phase().wireName()
                            + " by " + text(end.reachedBy()) + ", but " + what);
                } else if (!end.phase().held() || !holder.agentId().equals(end.agent())) {
                    stray.add("stray", what + ", which is " + end.phase().wireName()
                            + (end.agent() != null && end.phase().held() ? " with " + end.agent() : ""));
                }
            }
        }
        for (var entry : new TreeMap<>(ends).entrySet()) {
            End end = entry.getValue();
            if (!end.phase().held()) {
                continue;
            }
            String id = entry.getKey();
            boolean holds = heldAtEnd.getOrDefault(id, List.of()).stream()
                    .anyMatch(h -> h.agentId().equals(end.agent()));
            if (!holds) {
                violations.add(NOT_HELD, EntityRef.interaction(id) + " is " + end.phase().wireName() + " with "
                        + end.agent() + " since " + text(end.reachedBy()) + ", but " + EntityRef.agent(end.agent())
                        + " does not hold it: " + whyNotHeld(end.agent(), id));
            }
        }
        acceptances.sort(Comparator.comparing(Acceptance::interactionId));
        for (Acceptance acceptance : acceptances) {
            Interaction.Accepted accepted = (Interaction.Accepted) acceptance.accepted().event();
            Record record = records.get(new Pair(accepted.agentId(), acceptance.interactionId()));
            Instant latest = accepted.at().plus(tolerance);
            if (record == null || record.firstReserved() == null) {
                violations.add(ACCEPTED_UNRESERVED, EntityRef.interaction(acceptance.interactionId()) + ": "
                        + EventText.of(acceptance.accepted()) + ", but " + EntityRef.agent(accepted.agentId())
                        + (agents.contains(accepted.agentId()) ? " never reserved it" : " has no journal"));
            } else if (((Agent.Reserved) record.firstReserved().event()).at().isAfter(latest)) {
                violations.add(ACCEPTED_UNRESERVED, EntityRef.interaction(acceptance.interactionId()) + ": "
                        + EventText.of(acceptance.accepted()) + ", but " + EntityRef.agent(accepted.agentId())
                        + " reserved it only later: " + EventText.of(record.firstReserved()));
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("agents", (long) agents.size());
        counts.put("acceptances", (long) acceptances.size());
        counts.put("heldAtEnd", held);
        counts.put("strayReservations", stray.count());
        return CheckResult.of("agent-record", "consistent with the agent's record", ends.size(), "interactions",
                violations, counts, stray.examples(), null);
    }

    private String whyNotHeld(String agentId, String interactionId) {
        if (!agents.contains(agentId)) {
            return "it has no journal";
        }
        Record record = records.get(new Pair(agentId, interactionId));
        if (record == null || record.firstReserved() == null) {
            return "it never reserved it";
        }
        return record.lastReleased() != null ? "released by " + EventText.of(record.lastReleased())
                : "its holding was dropped (logged out)";
    }

    private static String text(StoredEvent stored) {
        return stored == null ? "nothing" : EventText.of(stored);
    }
}
