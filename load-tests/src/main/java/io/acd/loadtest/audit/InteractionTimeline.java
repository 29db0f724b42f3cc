package io.acd.loadtest.audit;

import io.acd.engine.interaction.Interaction;

import java.util.List;
import java.util.Locale;

/**
 * An interaction's journal replayed: every stored event with the phase and agent before and after it, as
 * {@link InteractionFold} reads them. The checks judge the steps; the fold only records them.
 *
 * @param created the first Created event, null when the journal has none
 */
public record InteractionTimeline(String interactionId, List<Step> steps, StoredEvent created) {

    public InteractionTimeline {
        steps = List.copyOf(steps);
    }

    /** Where an interaction stands; the engine's statuses, plus not created for a journal without Created. */
    public enum Phase {
        NOT_CREATED, QUEUED, OFFERED, CONNECTED, WRAP_UP, COMPLETED, ABANDONED;

        public boolean ended() {
            return this == COMPLETED || this == ABANDONED;
        }

        /** Offered, connected or in wrap-up: an agent holds it. */
        public boolean held() {
            return this == OFFERED || this == CONNECTED || this == WRAP_UP;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One event and the interaction around it.
     *
     * @param agentBefore the agent the phase before names (offered to, connected to, wrapping up), or null
     */
    public record Step(StoredEvent stored, Phase before, String agentBefore, Phase after, String agentAfter) {

        public Object event() {
            return stored.event();
        }
    }

    public String persistenceId() {
        return EntityRef.interaction(interactionId);
    }

    public Phase end() {
        return steps.isEmpty() ? Phase.NOT_CREATED : steps.get(steps.size() - 1).after();
    }

    /** The agent that holds the interaction at the end (when {@link Phase#held()}), or its last holder. */
    public String endAgent() {
        return steps.isEmpty() ? null : steps.get(steps.size() - 1).agentAfter();
    }

    /** The event that moved the interaction into its end phase (the last that changed the phase). */
    public StoredEvent endReachedBy() {
        for (int i = steps.size() - 1; i >= 0; i--) {
            Step step = steps.get(i);
            if (step.before() != step.after()) {
                return step.stored();
            }
        }
        return null;
    }

    public Interaction.Created createdEvent() {
        return created == null ? null : (Interaction.Created) created.event();
    }
}
