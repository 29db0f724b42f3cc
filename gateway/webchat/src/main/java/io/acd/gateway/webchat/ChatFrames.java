package io.acd.gateway.webchat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.interaction.InteractionState;

import java.util.List;

/**
 * The customer socket's frames, as JSON text. What the customer sees of a conversation is narrower than what the
 * agent sees: no notes, no agent ids, no routing; the agent by name only.
 */
final class ChatFrames {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CLIENT_PREFIX = "webchat:";

    private ChatFrames() {
    }

    /** @param agentName the connected agent's name; null while none is */
    static String state(InteractionState.Existing state, String agentName) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", "state");
        node.put("status", state.status().wireName());
        node.put("queue", state.contact().queue());
        node.put("queuedAt", state.contact().queuedAt().toString());
        if (agentName != null) {
            node.putObject("agent").put("name", agentName);
        }
        return write(node);
    }

    static String transcript(List<Transcript.Message> messages) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", "transcript");
        ArrayNode array = node.putArray("messages");
        messages.stream().filter(ChatFrames::shown).forEach(m -> array.add(fields(m)));
        return write(node);
    }

    static String message(Transcript.Message message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", "message");
        node.setAll(fields(message));
        return write(node);
    }

    /** The page's own id of a message it sent, which it matches its draft by; stored as the external id. */
    static String externalId(String clientId) {
        return clientId == null ? null : CLIENT_PREFIX + clientId;
    }

    static String error(String code, String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", "error");
        node.put("error", code);
        node.put("message", message);
        return write(node);
    }

    static String errorBody(String code, String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("error", code);
        node.put("message", message);
        return write(node);
    }

    static String pong() {
        return "{\"type\":\"pong\"}";
    }

    /** Notes are the agents' and supervisors' own: never shown to the customer. */
    static boolean shown(Transcript.Message message) {
        return message.direction() != Transcript.Direction.NOTE;
    }

    private static ObjectNode fields(Transcript.Message message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("messageId", message.messageId());
        node.put("direction", message.direction().wireName());
        node.put("text", message.text());
        node.put("sentAt", message.sentAt().toString());
        if (message.delivery() != null) {
            node.put("status", message.delivery().wireName());
        }
        if (message.externalId() != null && message.externalId().startsWith(CLIENT_PREFIX)) {
            node.put("clientId", message.externalId().substring(CLIENT_PREFIX.length()));
        }
        return node;
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always writes", e);
        }
    }
}
