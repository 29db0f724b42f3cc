package io.acd.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acd.engine.agent.Agent;
import io.acd.engine.agent.AgentState;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.Decision;
import io.acd.engine.routing.QueuePolicy;
import io.acd.engine.routing.Step;
import io.acd.engine.queue.Queue;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** JSON in and out of the public API: field names and shapes follow API.md exactly. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new BadRequest("malformed_json", "The request body is empty; send a JSON object");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("malformed_json", "The request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("malformed_json", "The request body is not valid JSON: "
                    + e.getOriginalMessage());
        }
    }

    static String error(String code, String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("error", code);
        node.put("message", message);
        return write(node);
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode interaction(InteractionState.Existing s) {
        var contact = s.contact();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("interactionId", contact.interactionId());
        node.put("channel", contact.channel().wireName());
        node.put("kind", contact.kindOrUsual());
        node.put("queue", contact.queue());
        node.put("priority", contact.priority());
        node.set("skills", levels(contact.skills()));
        if (contact.customerId() == null) {
            node.putNull("customer");
        } else {
            node.putObject("customer").put("id", contact.customerId());
        }
        node.put("status", s.status().wireName());
        node.put("agentId", s.agentId());
        time(node, "queuedAt", contact.queuedAt());
        time(node, "offeredAt", s.offeredAt());
        time(node, "offerExpiresAt", s.offerExpiresAt());
        time(node, "connectedAt", s.connectedAt());
        time(node, "wrapUpAt", s.wrapUpAt());
        time(node, "endedAt", s.endedAt());
        node.put("disposition", s.disposition());
        node.put("notes", s.notes());
        Interaction.RoutingWishes wishes = contact.wishes();
        node.set("preferredSkills", levels(wishes.preferredSkills()));
        var excluded = node.putArray("excludedAgents");
        new java.util.TreeSet<>(wishes.excludedAgents()).forEach(excluded::add);
        if (wishes.preferredAgent() == null) {
            node.putNull("preferredAgent");
        } else {
            ObjectNode preferred = node.putObject("preferredAgent");
            preferred.put("id", wishes.preferredAgent());
            time(preferred, "until", wishes.preferredAgentUntil());
        }
        node.set("routing", decision(s.decision()));
        return node;
    }

    static ObjectNode queue(Queue.State state) {
        QueuePolicy policy = state.policy();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", state.name());
        node.put("agingPerSecond", policy.agingPerSecond());
        node.put("weight", policy.weight());
        node.put("strategy", policy.strategy().wireName());
        var steps = node.putArray("steps");
        for (Step step : policy.steps()) {
            ObjectNode s = steps.addObject();
            s.put("afterMs", step.after().toMillis());
            s.put("levelDrop", step.levelDrop());
            var drop = s.putArray("dropSkills");
            new java.util.TreeSet<>(step.dropSkills()).forEach(drop::add);
            s.put("anyAgent", step.anyAgent());
            var add = s.putArray("addGroups");
            new TreeSet<>(step.addGroups()).forEach(add::add);
        }
        var groups = node.putArray("groups");
        new TreeSet<>(policy.groups()).forEach(groups::add);
        node.put("source", state.fromApi() ? "api" : "configuration");
        time(node, "updatedAt", state.updatedAt());
        return node;
    }

    /** Why the current (or last) offer went to its agent; null before any offer. */
    private static JsonNode decision(Decision d) {
        if (d == null) {
            return MAPPER.nullNode();
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.put("direction", d.direction());
        node.put("queue", d.queue());
        node.put("step", d.step());
        node.put("effectivePriority", d.effectivePriority());
        node.put("waitedMs", d.waitedMillis());
        node.put("strategy", d.strategy().wireName());
        node.put("candidates", d.candidates());
        node.put("runnerUp", d.runnerUp());
        node.put("runnerUpLostOn", d.runnerUpLostOn());
        time(node, "decidedAt", d.decidedAt());
        return node;
    }

    static ObjectNode agent(AgentState.Registered s) {
        var profile = s.profile();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("agentId", s.agentId());
        node.put("name", profile.name());
        node.put("state", s.status().wireName());
        node.put("reason", s.reason());
        time(node, "stateSince", s.statusSince());
        node.set("skills", levels(profile.skills()));
        ObjectNode capacity = node.putObject("capacity");
        for (Channel channel : Channel.values()) {
            Integer slots = profile.capacity().get(channel);
            if (slots != null) {
                capacity.put(channel.wireName(), slots);
            }
        }
        var groups = node.putArray("groups");
        new TreeSet<>(profile.groups()).forEach(groups::add);
        var list = node.putArray("interactions");
        for (Agent.Holding h : s.holdingsInOrder()) {
            ObjectNode item = list.addObject();
            item.put("interactionId", h.interactionId());
            item.put("channel", h.channel().wireName());
            item.put("queue", h.queue());
            item.put("phase", h.phase().wireName());
            time(item, "since", h.since());
        }
        return node;
    }

    static String desktop(Agent.DesktopEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        if (event instanceof Agent.OfferPushed e) {
            node.put("type", "offer");
            node.put("interactionId", e.interactionId());
            node.put("channel", e.channel().wireName());
            node.put("queue", e.queue());
            node.put("priority", e.priority());
            time(node, "expiresAt", e.expiresAt());
        } else if (event instanceof Agent.OfferRescinded e) {
            node.put("type", "offer_rescinded");
            node.put("interactionId", e.interactionId());
            node.put("reason", e.reason());
        } else if (event instanceof Agent.InteractionConnected e) {
            node.put("type", "interaction_connected");
            node.put("interactionId", e.interactionId());
            node.put("channel", e.channel().wireName());
        } else if (event instanceof Agent.InteractionInWrapUp e) {
            node.put("type", "interaction_wrap_up");
            node.put("interactionId", e.interactionId());
        } else if (event instanceof Agent.InteractionEnded e) {
            node.put("type", "interaction_ended");
            node.put("interactionId", e.interactionId());
            node.put("status", e.status().wireName());
        } else if (event instanceof Agent.StatusPushed e) {
            node.put("type", "agent_state");
            node.put("agentId", e.agentId());
            node.put("state", e.status().wireName());
            node.put("reason", e.reason());
        } else if (event instanceof Agent.MessagePushed e) {
            node.put("type", "message");
            node.put("interactionId", e.interactionId());
            node.setAll(MessageRoutes.message(e.message()));
        } else if (event instanceof Agent.TranscriptPushed e) {
            node.put("type", "transcript");
            node.put("interactionId", e.interactionId());
            var messages = node.putArray("messages");
            e.messages().forEach(m -> messages.add(MessageRoutes.message(m)));
            node.put("total", e.total());
        } else if (event instanceof Agent.MessageSent e) {
            node.put("type", "ack");
            node.put("action", "send_message");
            node.put("interactionId", e.interactionId());
            node.put("messageId", e.messageId());
            node.put("clientId", e.clientId());
        } else if (event instanceof Agent.DesktopAck e) {
            node.put("type", "ack");
            node.put("action", e.action());
            node.put("interactionId", e.interactionId());
            node.put("status", e.status() == null ? null : e.status().wireName());
        } else if (event instanceof Agent.DesktopError e) {
            node.put("type", "error");
            node.put("action", e.action());
            node.put("interactionId", e.interactionId());
            node.put("error", e.error());
            node.put("message", e.message());
        } else {
            throw new IllegalArgumentException("Unknown desktop event " + event);
        }
        return write(node);
    }

    private static ObjectNode levels(Map<String, Integer> levels) {
        ObjectNode node = MAPPER.createObjectNode();
        new TreeMap<>(levels).forEach(node::put);
        return node;
    }

    static void time(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }
}
