package io.acd.persistence;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Collects registrations with fixed ids, refusing the mistakes that would corrupt stored bytes. */
public final class KryoRegistry {

    /** Ids below this belong to Kryo's own primitives and to the types this module registers itself. */
    public static final int FIRST_APPLICATION_ID = 100;

    private final Kryo kryo;
    private final Map<Integer, Class<?>> byId = new HashMap<>();
    private final Set<Integer> retired = new HashSet<>();

    KryoRegistry(Kryo kryo) {
        this.kryo = kryo;
    }

    /** A record, written by component name so that components can later be added or removed. */
    public <T extends Record> void record(Class<T> type, int id) {
        add(type, id, new EvolvingRecordSerializer<>(type));
    }

    /** An enum, written by constant name so that constants can be reordered or added. */
    public <E extends Enum<E>> void enumeration(Class<E> type, int id) {
        add(type, id, new EnumNameSerializer<>(type));
    }

    /** Any other type with a serializer of its own. */
    public <T> void type(Class<T> type, Serializer<T> serializer, int id) {
        add(type, id, serializer);
    }

    /**
     * An id whose type is gone. Bytes stored under it may still exist somewhere (a journal, a message in
     * flight during an upgrade), so the id must never mean anything else; claiming it later fails.
     *
     * @param was what the id stood for, for whoever reads the registrations
     */
    public void retired(int id, String was) {
        if (byId.containsKey(id) || !retired.add(id)) {
            throw new IllegalStateException("Kryo id " + id + " (" + was + ") is retired twice or still in use");
        }
    }

    void builtIn(Class<?> type, Serializer<?> serializer, int id) {
        claim(type, id);
        kryo.register(type, serializer, id);
    }

    private void add(Class<?> type, int id, Serializer<?> serializer) {
        if (id < FIRST_APPLICATION_ID) {
            throw new IllegalArgumentException(
                    "Kryo id " + id + " for " + type.getName() + " is reserved; use " + FIRST_APPLICATION_ID + " or above");
        }
        claim(type, id);
        kryo.register(type, serializer, id);
    }

    private void claim(Class<?> type, int id) {
        if (retired.contains(id)) {
            throw new IllegalStateException("Kryo id " + id + " is retired and cannot be given to " + type.getName());
        }
        Class<?> previous = byId.putIfAbsent(id, type);
        if (previous != null) {
            throw new IllegalStateException(
                    "Kryo id " + id + " is given to both " + previous.getName() + " and " + type.getName());
        }
        if (byId.entrySet().stream().anyMatch(e -> e.getValue() == type && e.getKey() != id)) {
            throw new IllegalStateException(type.getName() + " is registered twice");
        }
    }
}
