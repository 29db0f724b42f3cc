package io.acd.persistence;

/**
 * Supplies the types of one module to the Kryo registry. Implementations are named in configuration
 * under {@code acd.serialization.kryo.registrars} and need a public no-argument constructor.
 *
 * <p>Ids are part of the stored format: once an id has been written to a journal it must keep meaning
 * the same type forever. Never reuse or renumber an id; retire it instead.
 */
public interface KryoRegistrar {

    void register(KryoRegistry registry);
}
