package io.acd.engine.routing;

import java.util.Set;

/**
 * A queue as the index numbers it, with the agent groups of each of its steps worked out once.
 *
 * <p>Guarantees: {@link #groupsAtStep} holds {@link Rules#groupsAt} for every step from 0 (the queue's own
 * groups) to the last, so that filing and deciding never work them out again.
 *
 * <p>The caller must: give each queue of one index its own {@link #id}, below {@link #MAX_QUEUES}, and a policy
 * of at most {@link #MAX_STEPS} steps (both are packed into keys); fill {@link #groupSetAtStep} with the
 * interned number of each step's set before the slot is used ({@link Interner#queue} does both).
 */
final class QueueSlot {

    /** Group keys pack the step into 9 bits and the queue into 20. */
    static final int MAX_STEPS = 511;
    static final int MAX_QUEUES = 1 << 20;

    final int id;
    final QueuePolicy policy;
    final Set<String>[] groupsAtStep;
    final int[] groupSetAtStep;

    @SuppressWarnings("unchecked")
    QueueSlot(int id, QueuePolicy policy) {
        this.id = id;
        this.policy = policy;
        this.groupsAtStep = new Set[policy.steps().size() + 1];
        this.groupSetAtStep = new int[policy.steps().size() + 1];
        for (int step = 0; step <= policy.steps().size(); step++) {
            groupsAtStep[step] = Rules.groupsAt(policy, step);
        }
    }
}
