package io.acd.engine.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The index's map from contact and agent ids to their entries: a table of numbers (open addressing with
 * linear probing over each key's hash and the number of its entry), and the keys and values themselves in an
 * array filled in order of arrival.
 *
 * <p>Why the table holds numbers and not the keys and values: half a million contacts fill a table of a
 * million slots, and a new contact lands in a random one. Storing a reference there costs G1's write barrier
 * a card of that big array to dirty, and the collector then scans the card's 128 references to find where
 * they point: measured, that took more time than the rest of filing a contact (the same benchmark ran 30%
 * faster under ParallelGC, whose barrier only marks the card). Numbers cost no barrier. The references go to
 * the end of the arrival-ordered array, so consecutive arrivals dirty one card between them. A removal
 * leaves a hole there, which a compaction closes when the array is full; a value that replaces another is
 * stored as a new arrival for the same reason.
 *
 * <p>Why not Agrona's {@code Object2ObjectHashMap}: it compares the probed key with {@code equals} at every
 * occupied slot it passes and re-hashes the keys after a removed one, and each of those reads a
 * {@code String} that lies somewhere else in memory. Here a probe reads the table alone and looks at a key
 * only when the hashes are equal, and a removal shifts the following slots back by their stored hashes.
 *
 * <p>Null keys and values are not allowed. Not thread-safe.
 */
final class IdMap<V> {

    /** Marks an empty slot; real hashes are never 0 (see {@link #hash}). */
    private static final int EMPTY = 0;

    private final float loadFactor;
    /** Slot {@code i}: the key's hash at {@code 2 * i}, its entry's number at {@code 2 * i + 1}; one line for both. */
    private int[] table;
    private int mask;
    private int resizeAt;
    /** Entry {@code n}: key at {@code 2 * n}, value at {@code 2 * n + 1}; null at both once removed. */
    private Object[] entries;
    /** The number the next new entry gets: entries are filled in order, holes left by removals included. */
    private int filled;
    private int size;

    IdMap(int initialCapacity, float loadFactor) {
        if (loadFactor <= 0 || loadFactor >= 1) {
            throw new IllegalArgumentException("loadFactor must be between 0 and 1");
        }
        this.loadFactor = loadFactor;
        int capacity = Integer.highestOneBit(Math.max(4, (int) Math.ceil(initialCapacity / loadFactor)) - 1) << 1;
        allocateTable(capacity);
        entries = new Object[2 * Math.max(4, initialCapacity)];
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
        return slot < 0 ? null : (V) entries[2 * table[2 * slot + 1] + 1];
    }

    /** Files {@code value} under {@code key}; returns the value it replaced, or null. */
    @SuppressWarnings("unchecked")
    V put(String key, V value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        int hash = hash(key);
        int slot = slotOf(key, hash);
        if (filled == entries.length / 2) {
            // Renumbers entries but moves no slot of the table: the slot found stays valid.
            makeRoom();
        }
        V old = null;
        if (slot >= 0) {
            int replaced = table[2 * slot + 1];
            old = (V) entries[2 * replaced + 1];
            entries[2 * replaced] = null;
            entries[2 * replaced + 1] = null;
            size--;
        }
        int n = filled++;
        entries[2 * n] = key;
        entries[2 * n + 1] = value;
        size++;
        if (slot >= 0) {
            table[2 * slot + 1] = n;
            return old;
        }
        slot = hash & mask;
        while (table[2 * slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        table[2 * slot] = hash;
        table[2 * slot + 1] = n;
        if (size > resizeAt) {
            growTable();
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
        int n = table[2 * slot + 1];
        V old = (V) entries[2 * n + 1];
        entries[2 * n] = null;
        entries[2 * n + 1] = null;
        size--;
        // Backward-shift deletion: every slot of the run after the hole that may live in it moves up, so
        // lookups never meet a hole before their slot and no tombstone is needed.
        int[] table = this.table;
        int hole = slot;
        int next = (hole + 1) & mask;
        while (table[2 * next] != EMPTY) {
            int home = table[2 * next] & mask;
            // The slot at next may fill the hole unless its home lies cyclically in (hole, next].
            boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!stays) {
                table[2 * hole] = table[2 * next];
                table[2 * hole + 1] = table[2 * next + 1];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        table[2 * hole] = EMPTY;
        table[2 * hole + 1] = 0;
        return old;
    }

    /** The keys in order of arrival (a replaced value counts as a new arrival). */
    List<String> keys() {
        List<String> keys = new ArrayList<>(size);
        for (int n = 0; n < filled; n++) {
            if (entries[2 * n] != null) {
                keys.add((String) entries[2 * n]);
            }
        }
        return keys;
    }

    /** The values in order of arrival. */
    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<? super V> action) {
        for (int n = 0; n < filled; n++) {
            Object value = entries[2 * n + 1];
            if (value != null) {
                action.accept((V) value);
            }
        }
    }

    private int slotOf(String key) {
        return slotOf(key, hash(key));
    }

    private int slotOf(String key, int hash) {
        int slot = hash & mask;
        int[] table = this.table;
        int h;
        while ((h = table[2 * slot]) != EMPTY) {
            if (h == hash && key.equals(entries[2 * table[2 * slot + 1]])) {
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

    /**
     * The entries are filled to the end: close the holes, into an array twice as large when more than half
     * of it is live, so that at least half of it is free for arrivals after every compaction and the copying
     * costs a constant per arrival.
     */
    private void makeRoom() {
        int capacity = entries.length / 2;
        Object[] to = size > capacity / 2 ? new Object[4 * capacity] : entries;
        int live = 0;
        for (int n = 0; n < filled; n++) {
            Object key = entries[2 * n];
            if (key == null) {
                continue;
            }
            if (n != live || to != entries) {
                to[2 * live] = key;
                to[2 * live + 1] = entries[2 * n + 1];
                table[2 * slotOfEntry((String) key, n) + 1] = live;
            }
            live++;
        }
        if (to == entries) {
            Arrays.fill(entries, 2 * live, 2 * filled, null);
        }
        entries = to;
        filled = live;
    }

    /** The table slot that points at entry {@code n}, whose key is {@code key}. */
    private int slotOfEntry(String key, int n) {
        int slot = hash(key) & mask;
        while (table[2 * slot + 1] != n || table[2 * slot] == EMPTY) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void allocateTable(int capacity) {
        table = new int[2 * capacity];
        mask = capacity - 1;
        resizeAt = (int) (capacity * loadFactor);
    }

    private void growTable() {
        int[] old = table;
        allocateTable(old.length);
        for (int from = 0; from < old.length / 2; from++) {
            int hash = old[2 * from];
            if (hash != EMPTY) {
                int slot = hash & mask;
                while (table[2 * slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                table[2 * slot] = hash;
                table[2 * slot + 1] = old[2 * from + 1];
            }
        }
    }

    @Override
    public String toString() {
        return "IdMap[" + size + " in " + table.length / 2 + " slots, " + filled + " of " + entries.length / 2
                + " entries filled]";
    }
}
