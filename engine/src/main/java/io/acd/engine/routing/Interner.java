package io.acd.engine.routing;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.Object2ObjectHashMap;

import java.util.Map;
import java.util.Set;

/**
 * The index's shared vocabulary: queues numbered with their steps' agent groups worked out, requirement sets,
 * the requirements of each step and the qualification of each requirement within each set of agent groups,
 * each made once and then found by number.
 *
 * <p>Guarantees: equal inputs give the same object (equal levels one {@link Requirement}, a queue name one
 * {@link QueueSlot}, a requirement and set of agent groups one {@link Qualification}), numbered apart. Once an
 * input has been seen, answering it again allocates nothing. What is interned stays for the life of the
 * interner, so it costs memory in proportion to the distinct inputs seen, not to the traffic.
 *
 * <p>The caller must: pass only immutable maps of levels (the records copy theirs, {@link Rules#requiredAt}
 * makes immutable ones), since the last map is recognised by identity; make a new interner for a new
 * configuration, since queues keep the policy they were first seen with. One thread.
 */
final class Interner {

    private final RoutingConfig config;
    private final Object2ObjectHashMap<String, QueueSlot> queues = new Object2ObjectHashMap<>();
    /**
     * Interned requirement sets by the map's hash and size, colliding ones chained. Not a map keyed by the
     * map: {@code Map.hashCode} of small skill maps collides often (it sums name hashes XOR levels), and
     * {@code Map.equals} on a collision walks both maps with an iterator, which allocates. A better hash of
     * the levels would shorten the chains (the benchmark's centre has 2,900 sets under 400 hashes), but
     * computing one means iterating the map, which allocates an iterator and an entry per skill: measured,
     * about 20% faster filing for 88 more bytes per contact, so the chains stay.
     */
    private final Long2ObjectHashMap<Requirement> requirements = new Long2ObjectHashMap<>();
    private int requirementCount;
    /**
     * The last map interned and what it was interned as: recognised by identity, which is safe because the
     * maps interned here are immutable (the records copy theirs, {@link Rules#requiredAt} makes immutable ones).
     */
    private Map<String, Integer> lastLevels;
    private Requirement lastRequirement;
    /** Requirements at a step, by (base requirement, queue, step): relaxing is worked out once. */
    private final Long2ObjectHashMap<Requirement> relaxed = new Long2ObjectHashMap<>();
    private final Object2ObjectHashMap<Set<String>, Integer> groupSets = new Object2ObjectHashMap<>();
    private final Long2ObjectHashMap<Qualification> qualifications = new Long2ObjectHashMap<>();

    Interner(RoutingConfig config) {
        this.config = config;
    }

    QueueSlot queue(String name) {
        QueueSlot slot = queues.get(name);
        if (slot == null) {
            if (queues.size() >= QueueSlot.MAX_QUEUES) {
                throw new IllegalStateException("More than " + QueueSlot.MAX_QUEUES + " queues in one routing domain");
            }
            QueuePolicy policy = config.queue(name);
            if (policy.steps().size() > QueueSlot.MAX_STEPS) {
                throw new IllegalArgumentException("Queue " + name + " has more than " + QueueSlot.MAX_STEPS
                        + " steps");
            }
            slot = new QueueSlot(queues.size(), policy);
            for (int step = 0; step <= policy.steps().size(); step++) {
                slot.groupSetAtStep[step] = groupSets.computeIfAbsent(slot.groupsAtStep[step], g -> groupSets.size());
            }
            queues.put(name, slot);
        }
        return slot;
    }

    Requirement requirement(Map<String, Integer> levels) {
        if (levels == lastLevels) {
            // A contact no agent took at once is filed right after its decision, with the same map.
            return lastRequirement;
        }
        long key = ((long) levels.hashCode() << 32) | levels.size();
        Requirement first = requirements.get(key);
        for (Requirement candidate = first; candidate != null; candidate = candidate.sameHash) {
            if (candidate.matches(levels)) {
                return remember(levels, candidate);
            }
        }
        Requirement requirement = new Requirement(requirementCount++, Map.copyOf(levels), first);
        requirements.put(key, requirement);
        return remember(levels, requirement);
    }

    private Requirement remember(Map<String, Integer> levels, Requirement requirement) {
        lastLevels = levels;
        lastRequirement = requirement;
        return requirement;
    }

    /** What {@code base}, the contact's own requirement, relaxes to at a step of its queue. */
    Requirement requirementAt(Requirement base, QueueSlot queue, WaitingContact contact, int step) {
        if (step == 0) {
            return base;
        }
        long key = ((long) base.id << 32) | ((long) queue.id << 9) | step;
        Requirement at = relaxed.get(key);
        if (at == null) {
            at = requirement(Rules.requiredAt(contact, queue.policy, step));
            relaxed.put(key, at);
        }
        return at;
    }

    /** Which profiles meet {@code required} within the agent groups of the queue at the step. */
    Qualification qualification(Requirement required, QueueSlot queue, int step) {
        long key = ((long) required.id << 32) | queue.groupSetAtStep[step];
        Qualification qualification = qualifications.get(key);
        if (qualification == null) {
            qualification = new Qualification(required.levels, queue.groupsAtStep[step]);
            qualifications.put(key, qualification);
        }
        return qualification;
    }

    /** {@link #qualification} for a contact that is not filed, from its own requirements. */
    Qualification qualificationAt(WaitingContact contact, QueueSlot queue, int step) {
        Requirement required = requirementAt(requirement(contact.skills()), queue, contact, step);
        return qualification(required, queue, step);
    }
}
