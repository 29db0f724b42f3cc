package io.acd.loadtest.audit;

/**
 * One event as the read journal gave it: its sequence number in its entity's journal and the event itself
 * (deserialized by the node's own Kryo serializer).
 */
public record StoredEvent(long sequenceNr, Object event) {
}
