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
 * the time given, once, and unfiles it; {@link #next} is the earliest change filed, or {@link #NEVER}. Filing
 * under a second that already has a bucket allocates nothing but the bucket's growth.
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

    /** The earliest change in nanoseconds, or {@link #NEVER}; drops the empty buckets it passes. */
    long next() {
        while (!ordered.isEmpty()) {
            Bucket bucket = ordered.firstEntry().getValue();
            if (bucket.size > 0) {
                long earliest = NEVER;
                for (int i = 0; i < bucket.size; i++) {
                    earliest = Math.min(earliest, bucket.entries[i].nextChange);
                }
                return earliest;
            }
            drop(bucket);
        }
        return NEVER;
    }

    private void drop(Bucket bucket) {
        ordered.remove(bucket.second);
        bySecond.remove(bucket.second);
    }

    /** The entries due within one second, in no order. */
    static final class Bucket {
        final long second;
        ContactEntry[] entries = new ContactEntry[4];
        int size;

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
        }

        void remove(ContactEntry entry) {
            int at = entry.bucketIndex;
            ContactEntry last = entries[--size];
            entries[at] = last;
            last.bucketIndex = at;
            entries[size] = null;
            entry.bucket = null;
            entry.bucketIndex = -1;
        }
    }
}
