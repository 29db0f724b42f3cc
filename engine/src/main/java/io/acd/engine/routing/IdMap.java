package io.acd.engine.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The index's map from contact and agent ids to their entries: open addressing with linear probing, like
 * Agrona's maps, but with each key's hash kept in an array of its own.
 *
 * <p>Why not Agrona's {@code Object2ObjectHashMap}: it compares the probed key with {@code equals} at every
 * occupied slot it passes and re-hashes the keys after a removed one, and each of those reads a
 * {@code String} that lies somewhere else in memory. With half a million contacts that is a cache miss
 * per slot passed. Here a probe reads the hash array alone and looks at a key only when the hashes are
 * equal, and a removal shifts the following entries back by their stored hashes. {@code java.util.HashMap}
 * keeps hashes too, but in a node per entry, which a lookup must also fetch.
 *
 * <p>Null keys and values are not allowed. Not thread-safe.
 */
final class IdMap<V> {

    /** Marks an empty slot; real hashes are never 0 (see {@link #hash}). */
    private static final int EMPTY = 0;

    private final float loadFactor;
    private int[] hashes;
    /** Key at {@code 2 * slot}, value at {@code 2 * slot + 1}: a hit reads one line for both. */
    private Object[] entries;
    private int mask;
    private int size;
    private int resizeAt;

    IdMap(int initialCapacity, float loadFactor) {
        if (loadFactor <= 0 || loadFactor >= 1) {
            throw new IllegalArgumentException("loadFactor must be between 0 and 1");
        }
        this.loadFactor = loadFactor;
        int capacity = Integer.highestOneBit(Math.max(4, (int) Math.ceil(initialCapacity / loadFactor)) - 1) << 1;
        allocate(capacity);
    }

    int size() {
        return size;
    }

    boolean containsKey(String key) {
        return slotOf(key) >= 0;
    }

    @SuppressWarnings("unchecked")
    V get(String key) {
        int slot = slotOf(key);
        return slot < 0 ? null : (V) entries[2 * slot + 1];
    }

    /** Files {@code value} under {@code key}; returns the value it replaced, or null. */
    @SuppressWarnings("unchecked")
    V put(String key, V value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        int hash = hash(key);
        int slot = hash & mask;
        int[] hashes = this.hashes;
        while (hashes[slot] != EMPTY) {
            if (hashes[slot] == hash && key.equals(entries[2 * slot])) {
                V old = (V) entries[2 * slot + 1];
                entries[2 * slot + 1] = value;
                return old;
            }
            slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        entries[2 * slot] = key;
        entries[2 * slot + 1] = value;
        if (++size > resizeAt) {
            grow();
        }
        return null;
    }

    /** Removes the entry of {@code key}; returns its value, or null when there was none. */
    @SuppressWarnings("unchecked")
    V remove(String key) {
        int slot = slotOf(key);
        if (slot < 0) {
            return null;
        }
        V old = (V) entries[2 * slot + 1];
        size--;
        // Backward-shift deletion: every entry of the run after the hole that may live in it moves up, so
        // lookups never meet a hole before their entry and no tombstone is needed.
        int[] hashes = this.hashes;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (hashes[next] != EMPTY) {
            int home = hashes[next] & mask;
            // The entry at next may fill the hole unless its home lies cyclically in (hole, next].
            boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!stays) {
                hashes[hole] = hashes[next];
                entries[2 * hole] = entries[2 * next];
                entries[2 * hole + 1] = entries[2 * next + 1];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        hashes[hole] = EMPTY;
        entries[2 * hole] = null;
        entries[2 * hole + 1] = null;
        return old;
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>(size);
        for (int slot = 0; slot < hashes.length; slot++) {
            if (hashes[slot] != EMPTY) {
                keys.add((String) entries[2 * slot]);
            }
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<? super V> action) {
        for (int slot = 0; slot < hashes.length; slot++) {
            if (hashes[slot] != EMPTY) {
                action.accept((V) entries[2 * slot + 1]);
            }
        }
    }

    private int slotOf(String key) {
        int hash = hash(key);
        int slot = hash & mask;
        int[] hashes = this.hashes;
        int h;
        while ((h = hashes[slot]) != EMPTY) {
            if (h == hash && key.equals(entries[2 * slot])) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    /**
     * The key's hash spread over all bits (ids such as "c1", "c2" have neighbouring {@code String} hashes,
     * which linear probing would pile into one run), never {@link #EMPTY}.
     */
    private static int hash(String key) {
        int h = key.hashCode() * 0x9E3779B9;
        h ^= h >>> 16;
        return h == EMPTY ? 1 : h;
    }

    private void allocate(int capacity) {
        hashes = new int[capacity];
        entries = new Object[2 * capacity];
        mask = capacity - 1;
        resizeAt = (int) (capacity * loadFactor);
    }

    private void grow() {
        int[] oldHashes = hashes;
        Object[] oldEntries = entries;
        allocate(oldHashes.length * 2);
        for (int from = 0; from < oldHashes.length; from++) {
            int hash = oldHashes[from];
            if (hash != EMPTY) {
                int slot = hash & mask;
                while (hashes[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = hash;
                entries[2 * slot] = oldEntries[2 * from];
                entries[2 * slot + 1] = oldEntries[2 * from + 1];
            }
        }
    }

    @Override
    public String toString() {
        return "IdMap[" + size + " of " + hashes.length + " slots]";
    }
}
