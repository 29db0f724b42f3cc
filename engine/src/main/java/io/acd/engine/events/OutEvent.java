package io.acd.engine.events;

import io.acd.persistence.KryoMessage;

import java.time.Instant;

/**
 * One event as it leaves the engine: for Server-Sent Events, webhooks and whatever follows the tenant's
 * {@link EventLog}.
 *
 * @param eventId    stable across every delivery and every rebuild of the log: the entity and the sequence number
 *                   of the stored event it comes from, so a receiver de-duplicates by it
 * @param type       such as {@code interaction.offered} (docs/api.md, "Events out")
 * @param occurredAt when the engine stored the event it comes from
 * @param data       the JSON object sent: {@code eventId}, {@code type}, {@code occurredAt} and the entity's fields
 */
public record OutEvent(String eventId, String type, Instant occurredAt, String data) implements KryoMessage {

    /** Whether {@code pattern} (a type, or a prefix ending in {@code .*}, or {@code *}) names this event's type. */
    public static boolean matches(String pattern, String type) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type);
    }
}
