package io.acd.engine.routing;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * When contacts' requirements change, bucketed by second: filing a contact is an append to its second's
 * bucket, and taking one out moves the bucket's last entry into its place, so the schedule holds exactly
 * the waiting contacts that have a change ahead (a contact that left is not kept alive by it).
 *
 * <p>Guarantees: {@link #due} hands back each filed entry whose {@link ContactEntry#nextChange} is at or before
 * the time given, once, and unfiles it; {@link #next} is the earliest change filed, or {@link #NEVER}, and
 * {@link #anyDue} whether it is due: both look through one bucket at most, and only after its earliest entry
 * left. Filing under a second that already has a bucket allocates nothing but the bucket's growth.
 *
 * <p>The caller must: {@link #add} only an entry that is not filed and has a next change; {@link #remove} only a
 * filed one; not change a filed entry's {@link ContactEntry#nextChange}, which chose its bucket. One thread.
 */
final class ChangeSchedule {

    /** A contact whose requirements never change again. */
    static final long NEVER = Long.MAX_VALUE;

    private final TreeMap<Long, Bucket> ordered = new TreeMap<>();
    /** The same buckets by second, so that filing a contact under an existing second boxes nothing. */
    private final Long2ObjectHashMap<Bucket> bySecond = new Long2ObjectHashMap<>();

    void add(ContactEntry entry) {
        long second = Math.floorDiv(entry.nextChange, 1_000_000_000L);
        Bucket bucket = bySecond.get(second);
        if (bucket == null) {
            bucket = new Bucket(second);
            bySecond.put(second, bucket);
            ordered.put(second, bucket);
        }
        bucket.add(entry);
    }

    /**
     * Takes a filed entry out. An emptied bucket stays until {@link #next} or {@link #due} passes it: a
     * contact filed under the same second soon after would otherwise make it again.
     */
    void remove(ContactEntry entry) {
        entry.bucket.remove(entry);
    }

    /** Removes and returns the entries whose change is due by {@code now} (nanoseconds). */
    List<ContactEntry> due(long now) {
        List<ContactEntry> due = new ArrayList<>();
        long nowSecond = Math.floorDiv(now, 1_000_000_000L);
        while (!ordered.isEmpty() && ordered.firstKey() <= nowSecond) {
            Bucket bucket = ordered.firstEntry().getValue();
            for (int i = bucket.size - 1; i >= 0; i--) {
                ContactEntry entry = bucket.entries[i];
                if (entry.nextChange <= now) {
                    bucket.remove(entry);
                    due.add(entry);
                }
            }
            if (bucket.size > 0) {
                break;
            }
            drop(bucket);
        }
        return due;
    }

    /**
     * The earliest change in nanoseconds, or {@link #NEVER}; drops the empty buckets it passes. The router asks
     * after every message, so each bucket keeps its earliest entry: only taking that entry out makes the next
     * call look through the bucket again.
     */
    long next() {
        Bucket first = first();
        return first == null ? NEVER : first.earliest();
    }

    /** Whether {@link #due} has work at {@code now} (nanoseconds): {@code next() <= now}, said sooner. */
    boolean anyDue(long now) {
        Bucket first = first();
        if (first == null) {
            return false;
        }
        long nowSecond = Math.floorDiv(now, 1_000_000_000L);
        // Every entry of an earlier second is due and none of a later one: only the current second is looked into.
        return first.second < nowSecond || first.second == nowSecond && first.earliest() <= now;
    }

    private Bucket first() {
        while (!ordered.isEmpty()) {
            Bucket bucket = ordered.firstEntry().getValue();
            if (bucket.size > 0) {
                return bucket;
            }
            drop(bucket);
        }
        return null;
    }

    private void drop(Bucket bucket) {
        ordered.remove(bucket.second);
        bySecond.remove(bucket.second);
    }

    /** The entries due within one second, in no order, and the earliest of them. */
    static final class Bucket {
        final long second;
        ContactEntry[] entries = new ContactEntry[4];
        int size;
        private long earliest = NEVER;
        /** The earliest entry was taken out: {@link #earliest} is worked out again when next asked. */
        private boolean stale;

        Bucket(long second) {
            this.second = second;
        }

        void add(ContactEntry entry) {
            if (size == entries.length) {
                entries = Arrays.copyOf(entries, size * 2);
            }
            entry.bucket = this;
            entry.bucketIndex = size;
            entries[size++] = entry;
            if (!stale) {
                earliest = Math.min(earliest, entry.nextChange);
            }
        }

        long earliest() {
            if (stale) {
                earliest = NEVER;
                for (int i = 0; i < size; i++) {
                    earliest = Math.min(earliest, entries[i].nextChange);
                }
                stale = false;
            }
            return earliest;
        }

        void remove(ContactEntry entry) {
            int at = entry.bucketIndex;
            ContactEntry last = entries[--size];
            entries[at] = last;
            last.bucketIndex = at;
            entries[size] = null;
            entry.bucket = null;
            entry.bucketIndex = -1;
            if (entry.nextChange == earliest) {
                stale = true;
            }
        }
    }
}
