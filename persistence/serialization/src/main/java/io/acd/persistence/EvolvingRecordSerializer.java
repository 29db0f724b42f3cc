package io.acd.persistence;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a record as (component name, tagged value) pairs, so that bytes stored by an older version of
 * the record still read after a component is added (it gets its default: null, zero, false or an empty
 * collection), removed (its stored value is skipped), moved, or renamed with {@link StoredAs}. Kryo's own
 * record serializer writes components by position and cannot do this.
 *
 * <p>Values are self-describing (a tag byte first) so that an unknown component can be skipped without
 * knowing its type. Collections are written element by element, so their concrete classes (which are
 * JDK-internal for {@code List.of} and friends) never need registering; they read back unmodifiable.
 */
final class EvolvingRecordSerializer<T extends Record> extends Serializer<T> {

    static final String RESOLVER_KEY = "acd.actorRefResolver";

    private static final byte FORMAT = 1;

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte BOOLEAN = 4;
    private static final byte DOUBLE = 5;
    private static final byte ENUM = 6;
    private static final byte LIST = 7;
    private static final byte SET = 8;
    private static final byte MAP = 9;
    private static final byte ACTOR_REF = 10;
    private static final byte INSTANT = 11;
    private static final byte DURATION = 12;
    private static final byte OBJECT = 13;

    private final Class<T> type;
    private final String[] names;
    private final Class<?>[] types;
    private final Method[] accessors;
    private final Constructor<T> constructor;
    private final Map<String, Integer> indexByName = new HashMap<>();

    EvolvingRecordSerializer(Class<T> type) {
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        names = new String[components.length];
        types = new Class<?>[components.length];
        accessors = new Method[components.length];
        for (int i = 0; i < components.length; i++) {
            StoredAs storedAs = components[i].getAnnotation(StoredAs.class);
            names[i] = storedAs == null ? components[i].getName() : storedAs.value();
            types[i] = components[i].getType();
            accessors[i] = components[i].getAccessor();
            accessors[i].setAccessible(true);
            indexByName.put(names[i], i);
        }
        try {
            constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("No canonical constructor in " + type.getName(), e);
        }
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, T record) {
        output.writeByte(FORMAT);
        output.writeVarInt(names.length, true);
        for (int i = 0; i < names.length; i++) {
            output.writeString(names[i]);
            Object value;
            try {
                value = accessors[i].invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new KryoException("Cannot read " + type.getName() + "." + names[i], e);
            }
            writeValue(kryo, output, value);
        }
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> ignored) {
        byte format = input.readByte();
        if (format != FORMAT) {
            throw new KryoException("Unknown record format " + format + " for " + type.getName());
        }
        Object[] args = new Object[names.length];
        boolean[] present = new boolean[names.length];
        int count = input.readVarInt(true);
        for (int n = 0; n < count; n++) {
            String name = input.readString();
            Object value = readValue(kryo, input);
            Integer index = indexByName.get(name);
            if (index != null) {
                args[index] = coerce(value, types[index], name);
                present[index] = true;
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (!present[i] || (args[i] == null && types[i].isPrimitive())) {
                args[i] = defaultValue(types[i]);
            }
        }
        try {
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new KryoException("Cannot rebuild " + type.getName() + " from stored bytes", e);
        }
    }

    private static void writeValue(Kryo kryo, Output output, Object value) {
        if (value == null) {
            output.writeByte(NULL);
        } else if (value instanceof String s) {
            output.writeByte(STRING);
            output.writeString(s);
        } else if (value instanceof Integer i) {
            output.writeByte(INT);
            output.writeVarInt(i, false);
        } else if (value instanceof Long l) {
            output.writeByte(LONG);
            output.writeVarLong(l, false);
        } else if (value instanceof Boolean b) {
            output.writeByte(BOOLEAN);
            output.writeBoolean(b);
        } else if (value instanceof Double d) {
            output.writeByte(DOUBLE);
            output.writeDouble(d);
        } else if (value instanceof Enum<?> e) {
            Registration registration = kryo.getRegistration(e.getDeclaringClass());
            output.writeByte(ENUM);
            output.writeVarInt(registration.getId(), true);
            output.writeString(e.name());
        } else if (value instanceof List<?> list) {
            output.writeByte(LIST);
            writeElements(kryo, output, list);
        } else if (value instanceof Set<?> set) {
            output.writeByte(SET);
            writeElements(kryo, output, set);
        } else if (value instanceof Map<?, ?> map) {
            output.writeByte(MAP);
            output.writeVarInt(map.size(), true);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                writeValue(kryo, output, entry.getKey());
                writeValue(kryo, output, entry.getValue());
            }
        } else if (value instanceof ActorRef<?> ref) {
            output.writeByte(ACTOR_REF);
            output.writeString(resolver(kryo).toSerializationFormat(ref));
        } else if (value instanceof Instant instant) {
            output.writeByte(INSTANT);
            output.writeVarLong(instant.getEpochSecond(), false);
            output.writeVarInt(instant.getNano(), true);
        } else if (value instanceof Duration duration) {
            output.writeByte(DURATION);
            output.writeVarLong(duration.getSeconds(), false);
            output.writeVarInt(duration.getNano(), true);
        } else {
            output.writeByte(OBJECT);
            kryo.writeClassAndObject(output, value);
        }
    }

    private static void writeElements(Kryo kryo, Output output, Collection<?> elements) {
        output.writeVarInt(elements.size(), true);
        for (Object element : elements) {
            writeValue(kryo, output, element);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object readValue(Kryo kryo, Input input) {
        byte tag = input.readByte();
        switch (tag) {
            case NULL:
                return null;
            case STRING:
                return input.readString();
            case INT:
                return input.readVarInt(false);
            case LONG:
                return input.readVarLong(false);
            case BOOLEAN:
                return input.readBoolean();
            case DOUBLE:
                return input.readDouble();
            case ENUM: {
                Registration registration = kryo.getRegistration(input.readVarInt(true));
                String name = input.readString();
                if (registration == null || !registration.getType().isEnum()) {
                    throw new KryoException("Stored enum constant " + name + " has an unknown type id");
                }
                return EnumNameSerializer.byName((Class) registration.getType(), name);
            }
            case LIST: {
                int size = input.readVarInt(true);
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(readValue(kryo, input));
                }
                return Collections.unmodifiableList(list);
            }
            case SET: {
                int size = input.readVarInt(true);
                Set<Object> set = new LinkedHashSet<>();
                for (int i = 0; i < size; i++) {
                    set.add(readValue(kryo, input));
                }
                return Collections.unmodifiableSet(set);
            }
            case MAP: {
                int size = input.readVarInt(true);
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < size; i++) {
                    Object key = readValue(kryo, input);
                    map.put(key, readValue(kryo, input));
                }
                return Collections.unmodifiableMap(map);
            }
            case ACTOR_REF:
                return resolver(kryo).resolveActorRef(input.readString());
            case INSTANT: {
                long seconds = input.readVarLong(false);
                return Instant.ofEpochSecond(seconds, input.readVarInt(true));
            }
            case DURATION: {
                long seconds = input.readVarLong(false);
                return Duration.ofSeconds(seconds, input.readVarInt(true));
            }
            case OBJECT:
                return kryo.readClassAndObject(input);
            default:
                throw new KryoException("Unknown value tag " + tag + " in stored record");
        }
    }

    /** Lets a component widen (int to long) without breaking stored bytes; anything else must match. */
    private Object coerce(Object value, Class<?> target, String name) {
        if (value == null) {
            return null;
        }
        if ((target == long.class || target == Long.class) && value instanceof Integer i) {
            return i.longValue();
        }
        if ((target == double.class || target == Double.class) && value instanceof Number n) {
            return n.doubleValue();
        }
        Class<?> boxed = box(target);
        if (!boxed.isInstance(value)) {
            throw new KryoException("Stored " + type.getSimpleName() + "." + name + " is a "
                    + value.getClass().getName() + ", not a " + target.getName());
        }
        return value;
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) return Integer.class;
        if (type == long.class) return Long.class;
        if (type == boolean.class) return Boolean.class;
        if (type == double.class) return Double.class;
        throw new IllegalArgumentException("Unsupported primitive component type " + type);
    }

    private static Object defaultValue(Class<?> type) {
        if (type == int.class) return 0;
        if (type == long.class) return 0L;
        if (type == boolean.class) return false;
        if (type == double.class) return 0.0d;
        if (type == List.class) return List.of();
        if (type == Set.class) return Set.of();
        if (type == Map.class) return Map.of();
        if (type.isPrimitive()) {
            throw new IllegalArgumentException("Unsupported primitive component type " + type);
        }
        return null;
    }

    private static ActorRefResolver resolver(Kryo kryo) {
        Object resolver = kryo.getContext().get(RESOLVER_KEY);
        if (resolver == null) {
            throw new KryoException("Actor references can only be (de)serialized inside an actor system");
        }
        return (ActorRefResolver) resolver;
    }
}
