package io.acd.loadtest.audit;

import io.acd.engine.interaction.Interaction;
import io.acd.loadtest.audit.InteractionTimeline.Phase;
import io.acd.loadtest.audit.InteractionTimeline.Step;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An interaction's own journal is the history of one writer that offers it to one agent at a time:
 * <ul>
 *   <li>an Offered is not followed by another Offered, or an Accepted, for a different agent before the offer
 *       ended (OfferRejected or OfferTimedOut for it), nor offered while an agent is connected or wrapping up;</li>
 *   <li>OfferRejected, OfferTimedOut, Accepted, Completed and WrappedUp name the agent that holds it;</li>
 *   <li>every event comes in a phase where the engine stores it (nothing before Created, nothing after the end);</li>
 *   <li>sequence numbers run 1, 2, 3… with none twice, in the agents' journals too.</li>
 * </ul>
 * Two writers of one entity (a split brain) can only show here when the read journal gives both their
 * events. The embedded journal cannot hold them: its primary key is (persistence id, sequence number), so the
 * second writer's insert fails. Cassandra keeps both rows (the write time is part of the row key) and its
 * current-events query returns both, in write order, so a duplicate number shows, and the second writer's
 * events usually show as a double offer too. Writers that never collide on a number, or a journal
 * that lost an event whose successors came after it, show as sequence gaps, which Cassandra's read side
 * turns into an unreadable entity after waiting for the missing number (see {@link ReadableCheck}).
 */
public final class NoDoubleOfferCheck implements Check {

    static final String DOUBLE_OFFER = "doubleOffer";
    static final String WRONG_AGENT = "wrongAgent";
    static final String OUT_OF_PHASE = "outOfPhase";
    static final String DUPLICATE_SEQUENCE_NR = "duplicateSequenceNr";
    static final String SEQUENCE_GAP = "sequenceGap";

    private final Findings violations = new Findings(DOUBLE_OFFER, WRONG_AGENT, OUT_OF_PHASE,
            DUPLICATE_SEQUENCE_NR, SEQUENCE_GAP);
    private long interactions;
    private long agents;
    private long offers;

    @Override
    public void interaction(InteractionTimeline timeline) {
        interactions++;
        sequence(timeline.persistenceId(), timeline.steps().stream().map(Step::stored).toList());
        for (Step step : timeline.steps()) {
            if (step.event() instanceof Interaction.Offered) {
                offers++;
            }
            judge(timeline.persistenceId(), step);
        }
    }

    @Override
    public void agent(AgentTimeline timeline) {
        agents++;
        sequence(timeline.persistenceId(), timeline.steps().stream().map(AgentTimeline.Step::stored).toList());
    }

    private void judge(String pid, Step step) {
        Object e = step.event();
        Phase before = step.before();
        String what = pid + ": " + EventText.of(step.stored());
        if (!(e instanceof Interaction.Event)) {
            return; // not ours to judge: ReadableCheck reports it
        }
        if (before == Phase.NOT_CREATED && !(e instanceof Interaction.Created)) {
            violations.add(OUT_OF_PHASE, what + " before the interaction was created");
            return;
        }
        if (before.ended()) {
            violations.add(OUT_OF_PHASE, what + " after it ended " + before.wireName());
            return;
        }
        if (e instanceof Interaction.Created) {
            if (before != Phase.NOT_CREATED) {
                violations.add(OUT_OF_PHASE, what + ": created a second time");
            }
        } else if (e instanceof Interaction.Offered o) {
            if (before.held()) {
                violations.add(DOUBLE_OFFER, what + " while " + holding(before, step.agentBefore())
                        + (o.agentId().equals(step.agentBefore()) ? " (the same agent)" : ""));
            }
        } else if (e instanceof Interaction.OfferRejected r) {
            endOfOffer(what, before, step.agentBefore(), r.agentId());
        } else if (e instanceof Interaction.OfferTimedOut t) {
            endOfOffer(what, before, step.agentBefore(), t.agentId());
        } else if (e instanceof Interaction.Accepted a) {
            if (before != Phase.OFFERED) {
                violations.add(OUT_OF_PHASE, what + " while " + before.wireName() + ", not offered");
            } else if (!a.agentId().equals(step.agentBefore())) {
                violations.add(DOUBLE_OFFER, what + " while " + holding(before, step.agentBefore()));
            }
        } else if (e instanceof Interaction.Completed c) {
            holderOnly(what, before, Phase.CONNECTED, step.agentBefore(), c.agentId());
        } else if (e instanceof Interaction.WrappedUp w) {
            holderOnly(what, before, Phase.WRAP_UP, step.agentBefore(), w.agentId());
        } else if (e instanceof Interaction.Abandoned) {
            if (before != Phase.QUEUED && before != Phase.OFFERED) {
                violations.add(OUT_OF_PHASE, what + " while " + holding(before, step.agentBefore())
                        + ": only a waiting contact can be abandoned");
            }
        }
    }

    private void endOfOffer(String what, Phase before, String offeredTo, String agentId) {
        if (before != Phase.OFFERED) {
            violations.add(OUT_OF_PHASE, what + " while " + before.wireName() + ": no offer was open");
        } else if (!agentId.equals(offeredTo)) {
            violations.add(WRONG_AGENT, what + " while " + holding(before, offeredTo));
        }
    }

    private void holderOnly(String what, Phase before, Phase expected, String holder, String agentId) {
        if (before != expected) {
            violations.add(OUT_OF_PHASE, what + " while " + before.wireName() + ", not " + expected.wireName());
        } else if (!agentId.equals(holder)) {
            violations.add(WRONG_AGENT, what + " while " + holding(before, holder));
        }
    }

    private static String holding(Phase phase, String agent) {
        return switch (phase) {
            case OFFERED -> "offered to " + agent;
            case CONNECTED -> "connected to " + agent;
            case WRAP_UP -> "in wrap-up with " + agent;
            default -> phase.wireName();
        };
    }

    /** Numbers 1, 2, 3…: events are never deleted, so any other run lost an event or had two writers. */
    private void sequence(String pid, List<StoredEvent> events) {
        StoredEvent previous = null;
        for (StoredEvent stored : events) {
            long expected = previous == null ? 1 : previous.sequenceNr() + 1;
            if (previous != null && stored.sequenceNr() == previous.sequenceNr()) {
                violations.add(DUPLICATE_SEQUENCE_NR, pid + ": two events numbered " + stored.sequenceNr()
                        + " (two writers): " + EventText.of(previous) + " and " + EventText.of(stored));
            } else if (stored.sequenceNr() != expected) {
                violations.add(SEQUENCE_GAP, pid + ": " + EventText.of(stored) + " follows "
                        + (previous == null ? "nothing" : EventText.of(previous)) + ", expected #" + expected);
            }
            previous = stored;
        }
    }

    @Override
    public CheckResult result() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("interactions", interactions);
        counts.put("agents", agents);
        counts.put("offers", offers);
        return CheckResult.of("no-double-offer", "no double offer", interactions + agents, "entities", violations,
                counts, List.of(), "duplicate sequence numbers show only where the read journal keeps them "
                        + "(Cassandra); the embedded journal refuses a second writer's event outright");
    }
}
