package io.acd.persistence;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/** Writes an enum constant by name: Kryo's default writes the ordinal, which breaks when constants move. */
final class EnumNameSerializer<E extends Enum<E>> extends Serializer<E> {

    private final Class<E> type;

    EnumNameSerializer(Class<E> type) {
        this.type = type;
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, E value) {
        output.writeString(value.name());
    }

    @Override
    public E read(Kryo kryo, Input input, Class<? extends E> ignored) {
        return byName(type, input.readString());
    }

    static <E extends Enum<E>> E byName(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new KryoException("Stored constant " + name + " no longer exists in " + type.getName(), e);
        }
    }
}
