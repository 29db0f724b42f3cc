package io.acd.persistence;

/**
 * Marks every message, reply, event and state that may leave an actor's mailbox: Pekko binds this
 * interface to {@link KryoSerializer}, so a type that forgets to register fails loudly instead of
 * falling back to Java serialization (which is switched off).
 */
public interface KryoMessage {
}
