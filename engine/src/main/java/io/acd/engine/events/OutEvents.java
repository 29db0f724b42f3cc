package io.acd.engine.events;

import io.acd.engine.agent.Agent;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.tenant.ScopedId;

import java.time.Instant;
import java.util.Optional;

/**
 * Which stored events leave the engine, and as what. The interaction's moves, its messages and an agent's
 * state do; what only the engine needs (reservations, profiles, routing's own bookkeeping) does not.
 */
public final class OutEvents {

    private OutEvents() {
    }

    /**
     * @param persistenceId {@code <EntityType>|<entity id>}, the entity id tenant-qualified
     * @param sequenceNr    the stored event's number in its entity's journal
     */
    public static Optional<OutEvent> of(String persistenceId, long sequenceNr, Object event, Instant at) {
        int bar = persistenceId.indexOf('|');
        if (bar < 0) {
            return Optional.empty();
        }
        String local = ScopedId.of(persistenceId.substring(bar + 1)).local();
        String entityType = persistenceId.substring(0, bar);
        String eventId = entityType.toLowerCase(java.util.Locale.ROOT) + ":" + local + ":" + sequenceNr;
        if (event instanceof Interaction.Event e) {
            return interaction(eventId, local, e, at);
        }
        if (event instanceof Transcript.Event e) {
            return transcript(eventId, local, e, at);
        }
        if (event instanceof Agent.StatusChanged e) {
            return Optional.of(out(eventId, "agent.state_changed", at, json -> json.put("agentId", local)
                    .put("state", e.status().wireName()).put("reason", e.reason())));
        }
        return Optional.empty();
    }

    private static Optional<OutEvent> interaction(String eventId, String id, Interaction.Event event, Instant at) {
        if (event instanceof Interaction.Created e) {
            return Optional.of(out(eventId, "interaction.queued", at, json -> json.put("interactionId", id)
                    .put("channel", e.channel().wireName()).put("queue", e.queue()).put("priority", e.priority())
                    .put("skills", e.skills()).put("customerId", e.customerId()).put("queuedAt", e.at())));
        } else if (event instanceof Interaction.Offered e) {
            return Optional.of(out(eventId, "interaction.offered", at, json -> json.put("interactionId", id)
                    .put("agentId", e.agentId()).put("expiresAt", e.expiresAt())));
        } else if (event instanceof Interaction.OfferRejected e) {
            return Optional.of(out(eventId, "interaction.requeued", at, json -> json.put("interactionId", id)
                    .put("agentId", e.agentId()).put("reason", e.reason())));
        } else if (event instanceof Interaction.OfferTimedOut e) {
            return Optional.of(out(eventId, "interaction.requeued", at, json -> json.put("interactionId", id)
                    .put("agentId", e.agentId()).put("reason", Interaction.OfferFailure.MISSED.code())));
        } else if (event instanceof Interaction.Accepted e) {
            return Optional.of(out(eventId, "interaction.connected", at, json -> json.put("interactionId", id)
                    .put("agentId", e.agentId())));
        } else if (event instanceof Interaction.Completed e) {
            return Optional.of(out(eventId, "interaction.wrap_up", at, json -> json.put("interactionId", id)
                    .put("agentId", e.agentId())));
        } else if (event instanceof Interaction.WrappedUp e) {
            return Optional.of(out(eventId, "interaction.completed", at, json -> json.put("interactionId", id)
                    .put("agentId", e.agentId()).put("disposition", e.disposition())));
        } else if (event instanceof Interaction.Abandoned) {
            return Optional.of(out(eventId, "interaction.abandoned", at, json -> json.put("interactionId", id)));
        }
        return Optional.empty();
    }

    private static Optional<OutEvent> transcript(String eventId, String id, Transcript.Event event, Instant at) {
        if (event instanceof Transcript.MessageAdded e) {
            Transcript.Message m = e.message();
            return Optional.of(out(eventId, "interaction.message", at, json -> json.put("interactionId", id)
                    .put("messageId", m.messageId()).put("direction", m.direction().wireName())
                    .put("author", m.author()).put("text", m.text()).put("externalId", m.externalId())
                    .put("sentAt", m.sentAt()).put("status", m.delivery() == null ? null : m.delivery().wireName())));
        } else if (event instanceof Transcript.DeliveryChanged e) {
            return Optional.of(out(eventId, "interaction.message_status", at, json -> json.put("interactionId", id)
                    .put("messageId", e.messageId()).put("status", e.delivery().wireName())));
        }
        return Optional.empty();
    }

    private static OutEvent out(String eventId, String type, Instant at,
                                java.util.function.UnaryOperator<JsonText> fields) {
        JsonText json = new JsonText().put("eventId", eventId).put("type", type).put("occurredAt", at);
        return new OutEvent(eventId, type, at, fields.apply(json).end());
    }
}
