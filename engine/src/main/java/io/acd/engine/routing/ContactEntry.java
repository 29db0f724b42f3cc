package io.acd.engine.routing;

import java.util.Comparator;

/**
 * A waiting contact as the index files it: what ordering and searching read of the contact, kept as numbers
 * beside it, and where the contact is filed (its group's heap, the change schedule).
 *
 * <p>Guarantees: {@link #ORDER} is a total order over distinct contacts of one queue, and the order of their
 * effective priority at any moment, since within a queue every contact ages alike; ties end on queue time,
 * then on id, as in {@link Rules#compareContacts}. The numbers are read from the contact once, when the entry
 * is made.
 *
 * <p>The caller must: compare with {@link #ORDER} only entries of one queue (across queues weights and aging
 * differ, and so must the key); make a new entry for a changed contact, since an entry never reads its
 * contact's record again for ordering. The placement fields belong to the structure that holds the entry
 * ({@link Group} its group and heap slot, {@link ChangeSchedule} its bucket); only that structure writes them.
 */
final class ContactEntry {

    /** Effective priority order within one queue (see {@link #key}), then queuedAt, then id. */
    static final Comparator<ContactEntry> ORDER = (a, b) -> {
        if (a == b) {
            return 0;
        }
        int c = Double.compare(b.key, a.key);
        if (c != 0) {
            return c;
        }
        c = a.contact.queuedAt().compareTo(b.contact.queuedAt());
        return c != 0 ? c : a.contact.interactionId().compareTo(b.contact.interactionId());
    };

    final WaitingContact contact;
    final QueueSlot queue;
    final Requirement requirement;
    /** Orders the group like the effective priority does at any time: priority − aging × queuedAt. */
    final double key;
    /** The contact's priority and queue time, kept here so that comparing heads reads only the entries. */
    final int priority;
    final long queuedAtMillis;
    /** Whether the contact excludes any agent: most do not, and then the contact need not be read. */
    final boolean excludes;
    Group group;
    /** Where the entry sits in its group's heap. */
    int heapIndex = -1;
    int step;
    /** When its requirements change next, in nanoseconds since the epoch, or {@link ChangeSchedule#NEVER}. */
    long nextChange = ChangeSchedule.NEVER;
    /** Where it is filed in the change schedule, while it has a next change. */
    ChangeSchedule.Bucket bucket;
    int bucketIndex;

    ContactEntry(WaitingContact contact, QueueSlot queue, Requirement requirement) {
        this.contact = contact;
        this.queue = queue;
        this.requirement = requirement;
        this.excludes = !contact.excludedAgents().isEmpty();
        this.priority = contact.priority();
        this.queuedAtMillis = contact.queuedAt().toEpochMilli();
        this.key = priority - queue.policy.agingPerSecond() * (queuedAtMillis / 1000.0);
    }

    boolean excludes(String agentId) {
        return excludes && contact.excludedAgents().contains(agentId);
    }
}
