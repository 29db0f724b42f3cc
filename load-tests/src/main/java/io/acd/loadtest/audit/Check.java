package io.acd.loadtest.audit;

/**
 * One check of the audit. It is shown every entity once, in no particular order and interactions mixed with
 * agents, keeps only what it needs of each (a journal can be far larger than memory would hold whole), and
 * judges when asked for its result. A check that compares entities keeps its side of both until then.
 */
public interface Check {

    default void interaction(InteractionTimeline timeline) {
    }

    default void agent(AgentTimeline timeline) {
    }

    /** A persistence id that is no interaction and no agent (sharding bookkeeping, queues, routers). */
    default void ignored(String persistenceId) {
    }

    /** An interaction or agent whose events could not be read. */
    default void unreadable(EntityRef entity, String reason) {
    }

    CheckResult result();
}
