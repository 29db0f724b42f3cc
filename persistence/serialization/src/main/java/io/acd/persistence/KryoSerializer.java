package io.acd.persistence;

import com.typesafe.config.Config;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Pekko's serializer for every {@link KryoMessage}. No Kryo serializer for Pekko is published where this
 * project builds, so it is our own, on com.esotericsoftware:kryo.
 */
public final class KryoSerializer extends SerializerWithStringManifest {

    public static final int IDENTIFIER = 4111;

    private final KryoCodec codec;

    public KryoSerializer(ExtendedActorSystem system) {
        this.codec = new KryoCodec(registrars(system.settings().config()),
                () -> ActorRefResolver.get(Adapter.toTyped(system)));
    }

    /** Registrars are named under {@code acd.serialization.kryo.registrars}, applied in key order. */
    public static List<KryoRegistrar> registrars(Config config) {
        Config section = config.getConfig("acd.serialization.kryo.registrars");
        TreeMap<String, String> byKey = new TreeMap<>();
        section.root().keySet().forEach(key -> byKey.put(key, section.getString(key)));
        List<KryoRegistrar> registrars = new ArrayList<>();
        for (String className : byKey.values()) {
            try {
                registrars.add((KryoRegistrar) Class.forName(className).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException("Cannot load Kryo registrar " + className, e);
            }
        }
        return registrars;
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        return codec.manifest(o);
    }

    @Override
    public byte[] toBinary(Object o) {
        return codec.toBinary(o);
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        return codec.fromBinary(bytes, manifest);
    }
}
