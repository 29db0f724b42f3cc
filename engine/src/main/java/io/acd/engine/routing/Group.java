package io.acd.engine.routing;

import java.util.Arrays;
import java.util.List;

/**
 * Contacts that share queue, channel, step and requirements, as a binary heap in {@link ContactEntry#ORDER}:
 * adding and removing cost a few swaps and no allocation, and the head is the first slot. A preferred group
 * holds such contacts that only one agent may take for now (sticky routing).
 *
 * <p>Guarantees: after every {@link #add} and {@link #remove}, {@link #head} is the group's first contact in
 * {@link ContactEntry#ORDER} (null once empty), {@code heap[0, size)} holds exactly the entries added and not
 * removed, each at its {@link ContactEntry#heapIndex}, and {@link #excluding} counts those that exclude some
 * agent. Only growing the heap allocates; it never shrinks.
 *
 * <p>The caller must: add an entry that is in no group, and remove only an entry of this group; add only
 * entries of the group's queue. A {@link GroupRanking} is sorted by heads, so the caller takes the group out of
 * its rankings before a change that may move its head, and puts it back after. One thread.
 */
final class Group {

    final long key;
    final QueueSlot queue;
    final Channel channel;
    /** Only this agent may take the group's contacts for now; null for an open group. */
    final String preferredAgent;
    final Qualification qualification;
    ContactEntry[] heap = new ContactEntry[2];
    /** Each slot's {@link ContactEntry#key}, beside the heap: sifting compares these, not the entries. */
    double[] keys = new double[2];
    int size;
    /** The first slot of the heap, kept at hand: decisions read the heads of many groups. */
    ContactEntry head;
    /** How many contacts here exclude some agent; while 0, the group's size is what any agent may take. */
    int excluding;
    /** Where an open, non-empty group sits in the list of its channel. */
    int openIndex = -1;

    Group(long key, QueueSlot queue, Channel channel, String preferredAgent, Qualification qualification) {
        this.key = key;
        this.queue = queue;
        this.channel = channel;
        this.preferredAgent = preferredAgent;
        this.qualification = qualification;
    }

    void add(ContactEntry entry) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
        }
        heap[size] = entry;
        keys[size] = entry.key;
        entry.heapIndex = size;
        size++;
        siftUp(entry.heapIndex);
        head = heap[0];
        if (entry.excludes) {
            excluding++;
        }
    }

    void remove(ContactEntry entry) {
        int at = entry.heapIndex;
        size--;
        ContactEntry last = heap[size];
        heap[size] = null;
        if (at != size) {
            heap[at] = last;
            keys[at] = keys[size];
            last.heapIndex = at;
            siftUp(siftDown(at));
        }
        entry.heapIndex = -1;
        head = heap[0];
        if (entry.excludes) {
            excluding--;
        }
    }

    /** Whether agents of the profile may take this group's contacts by skills and agent groups. */
    boolean qualifies(Profile profile, List<Profile> profiles) {
        return qualification.extendTo(profiles).get(profile.id);
    }

    /**
     * {@link ContactEntry#ORDER} on heap slots, reading the key array first: only entries with equal keys are
     * fetched to break the tie.
     */
    private static boolean precedes(double keyA, ContactEntry a, double keyB, ContactEntry b) {
        return keyA > keyB || keyA == keyB && ContactEntry.ORDER.compare(a, b) < 0;
    }

    private int siftUp(int at) {
        ContactEntry moving = heap[at];
        double key = keys[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!precedes(key, moving, keys[parent], heap[parent])) {
                break;
            }
            heap[at] = heap[parent];
            keys[at] = keys[parent];
            heap[at].heapIndex = at;
            at = parent;
        }
        heap[at] = moving;
        keys[at] = key;
        moving.heapIndex = at;
        return at;
    }

    private int siftDown(int at) {
        ContactEntry moving = heap[at];
        double key = keys[at];
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && precedes(keys[child + 1], heap[child + 1], keys[child], heap[child])) {
                child++;
            }
            if (!precedes(keys[child], heap[child], key, moving)) {
                break;
            }
            heap[at] = heap[child];
            keys[at] = keys[child];
            heap[at].heapIndex = at;
            at = child;
        }
        heap[at] = moving;
        keys[at] = key;
        moving.heapIndex = at;
        return at;
    }
}
