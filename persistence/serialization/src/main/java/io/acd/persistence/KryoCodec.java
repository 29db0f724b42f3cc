package io.acd.persistence;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import org.apache.pekko.actor.typed.ActorRefResolver;

import java.io.NotSerializableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns registered objects into bytes and back. The manifest stored next to the bytes is the numeric
 * registration id, so classes can be renamed or moved without touching stored events.
 *
 * <p>{@link Kryo} is not thread-safe and costly to build, hence the pool.
 */
public final class KryoCodec {

    private final List<KryoRegistrar> registrars;
    private final Supplier<ActorRefResolver> resolver;
    private final Pool<Kryo> pool;

    /**
     * @param resolver supplies the resolver for actor references inside messages; may return null where
     *                 no actor system exists (tools and tests that only touch events)
     */
    public KryoCodec(List<KryoRegistrar> registrars, Supplier<ActorRefResolver> resolver) {
        this.registrars = List.copyOf(registrars);
        this.resolver = resolver;
        this.pool = new Pool<>(true, false, 64) {
            @Override
            protected Kryo create() {
                return newKryo();
            }
        };
        // Build one up front so that a broken registration fails at start, not at the first message.
        pool.free(pool.obtain());
    }

    public KryoCodec(List<KryoRegistrar> registrars) {
        this(registrars, () -> null);
    }

    public String manifest(Object value) {
        Kryo kryo = pool.obtain();
        try {
            return Integer.toString(kryo.getRegistration(value.getClass()).getId());
        } finally {
            pool.free(kryo);
        }
    }

    public byte[] toBinary(Object value) {
        Kryo kryo = pool.obtain();
        try {
            Output output = new Output(256, -1);
            kryo.writeObject(output, value);
            return output.toBytes();
        } finally {
            pool.free(kryo);
        }
    }

    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        int id;
        try {
            id = Integer.parseInt(manifest);
        } catch (NumberFormatException e) {
            throw new NotSerializableException("Not a Kryo registration id: " + manifest);
        }
        Kryo kryo = pool.obtain();
        try {
            Registration registration = kryo.getRegistration(id);
            if (registration == null) {
                throw new NotSerializableException("No type is registered with Kryo id " + id);
            }
            return kryo.readObject(new Input(bytes), registration.getType());
        } finally {
            pool.free(kryo);
        }
    }

    /** True when the type has an explicit registration; used by tests that guard every protocol. */
    public boolean isRegistered(Class<?> type) {
        Kryo kryo = pool.obtain();
        try {
            return kryo.getClassResolver().getRegistration(type) != null;
        } finally {
            pool.free(kryo);
        }
    }

    private Kryo newKryo() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.getContext().put(EvolvingRecordSerializer.RESOLVER_KEY, resolver.get());
        KryoRegistry registry = new KryoRegistry(kryo);
        registry.builtIn(Instant.class, kryo.getDefaultSerializer(Instant.class), 20);
        registry.builtIn(Duration.class, kryo.getDefaultSerializer(Duration.class), 21);
        for (KryoRegistrar registrar : registrars) {
            registrar.register(registry);
        }
        return kryo;
    }
}
