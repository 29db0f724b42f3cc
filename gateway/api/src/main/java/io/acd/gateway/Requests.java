package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.acd.engine.agent.AgentStatus;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.QueuePolicy;
import io.acd.engine.routing.SelectionStrategy;
import io.acd.engine.routing.Step;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Validates request bodies field by field, so that a client learns exactly what to fix. Nothing reaches an
 * entity unless the whole request is valid, which is what keeps the journal unchanged on bad input.
 */
final class Requests {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final int MAX_SKILL_LEVEL = 10;
    static final int MAX_CAPACITY = 100;
    static final int MAX_PRIORITY = 100;

    private static final String CHANNELS = Arrays.stream(Channel.values()).map(Channel::wireName)
            .collect(Collectors.joining(", "));

    private Requests() {
    }

    record AgentProfile(String name, Map<String, Integer> skills, Map<Channel, Integer> capacity, Set<String> groups) {
    }

    record StateChange(AgentStatus status, String reason) {
    }

    record NewInteraction(Channel channel, String queue, int priority, Map<String, Integer> skills,
                          String customerId, Interaction.RoutingWishes wishes) {

        /** Identifies the request body, to tell a retry from a different request reusing a key. */
        String fingerprint() {
            String canonical = channel.wireName() + "\n" + queue + "\n" + priority + "\n" + new TreeMap<>(skills)
                    + "\n" + customerId + "\n" + new TreeMap<>(wishes.preferredSkills()) + "\n"
                    + new TreeSet<>(wishes.excludedAgents()) + "\n" + wishes.preferredAgent() + "\n"
                    + wishes.preferredAgentUntil();
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    record WrapUp(String agentId, String disposition, String notes) {
    }

    static AgentProfile agentProfile(JsonNode body) {
        String name = requiredString(body, "name", 200);
        Map<String, Integer> skills = levels(body, "skills");
        Map<Channel, Integer> capacity = new EnumMap<>(Channel.class);
        JsonNode node = body.get("capacity");
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                throw invalid("capacity", "must be an object of channel to number of interactions, e.g. {\"chat\":3}");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                Channel channel = channel(entry.getKey(), "capacity." + entry.getKey());
                capacity.put(channel, integer(entry.getValue(), "capacity." + entry.getKey(), 0, MAX_CAPACITY));
            }
        }
        return new AgentProfile(name, skills, capacity, names(body, "groups"));
    }

    static StateChange stateChange(JsonNode body) {
        String value = requiredString(body, "state", 50);
        AgentStatus status = AgentStatus.fromWire(value).orElseThrow(() -> invalid("state",
                "must be one of available, not_ready, logged_out; got \"" + value + "\""));
        String reason = optionalString(body, "reason", 100);
        if (status == AgentStatus.NOT_READY && (reason == null || reason.isBlank())) {
            throw invalid("reason", "is required with not_ready, e.g. {\"state\":\"not_ready\",\"reason\":\"break\"}");
        }
        if (status != AgentStatus.NOT_READY && reason != null) {
            throw invalid("reason", "only goes with not_ready");
        }
        return new StateChange(status, reason);
    }

    static NewInteraction newInteraction(JsonNode body) {
        String channelName = requiredString(body, "channel", 50);
        Channel channel = channel(channelName, "channel");
        String queue = requiredString(body, "queue", 100);
        int priority = 0;
        JsonNode p = body.get("priority");
        if (p != null && !p.isNull()) {
            priority = integer(p, "priority", 0, MAX_PRIORITY);
        }
        Map<String, Integer> skills = levels(body, "skills");
        String customerId = null;
        JsonNode customer = body.get("customer");
        if (customer != null && !customer.isNull()) {
            if (!customer.isObject()) {
                throw invalid("customer", "must be an object, e.g. {\"id\":\"c-17\"}");
            }
            customerId = optionalString(customer, "id", 200);
        }
        Map<String, Integer> preferredSkills = levels(body, "preferredSkills");
        Set<String> excluded = new TreeSet<>();
        JsonNode excludedNode = body.get("excludedAgents");
        if (excludedNode != null && !excludedNode.isNull()) {
            if (!excludedNode.isArray() || excludedNode.size() > 100) {
                throw invalid("excludedAgents", "must be an array of at most 100 agent ids");
            }
            for (JsonNode id : excludedNode) {
                if (!id.isTextual() || !ID.matcher(id.textValue()).matches()) {
                    throw invalid("excludedAgents", "must hold agent ids (letters, digits and . _ : -)");
                }
                excluded.add(id.textValue());
            }
        }
        String preferredAgent = null;
        Instant until = null;
        JsonNode preferred = body.get("preferredAgent");
        if (preferred != null && !preferred.isNull()) {
            if (!preferred.isObject()) {
                throw invalid("preferredAgent", "must be an object, e.g. {\"id\":\"ala\",\"until\":\"2026-11-24T10:15:00Z\"}");
            }
            preferredAgent = requiredString(preferred, "id", 128);
            if (!ID.matcher(preferredAgent).matches()) {
                throw invalid("preferredAgent.id", "may hold letters, digits and . _ : - only");
            }
            String untilText = requiredString(preferred, "until", 40);
            try {
                until = Instant.parse(untilText);
            } catch (DateTimeParseException e) {
                throw invalid("preferredAgent.until", "must be an ISO-8601 UTC time such as 2026-11-24T10:15:00Z");
            }
        }
        return new NewInteraction(channel, queue, priority, skills, customerId,
                new Interaction.RoutingWishes(preferredSkills, excluded, preferredAgent, until));
    }

    static final int MAX_STEPS = 10;
    static final int MAX_GROUPS = 50;

    /** An optional array of names (agent groups), each like an id. */
    private static Set<String> names(JsonNode body, String field) {
        return names(body, field, field);
    }

    private static Set<String> names(JsonNode body, String key, String field) {
        Set<String> names = new TreeSet<>();
        JsonNode node = body.get(key);
        if (node == null || node.isNull()) {
            return names;
        }
        if (!node.isArray() || node.size() > MAX_GROUPS) {
            throw invalid(field, "must be an array of at most " + MAX_GROUPS + " names");
        }
        for (JsonNode name : node) {
            if (!name.isTextual() || !ID.matcher(name.textValue()).matches()) {
                throw invalid(field, "must hold names of 1 to 128 letters, digits and . _ : -");
            }
            names.add(name.textValue());
        }
        return names;
    }

    /** A queue policy as PUT /v1/queues/{name} takes it; durations in milliseconds. */
    static QueuePolicy queuePolicy(String name, JsonNode body) {
        double aging = number(body, "agingPerSecond", 0, 0, 1000);
        double weight = number(body, "weight", 1, 0.001, 1000);
        SelectionStrategy strategy = SelectionStrategy.LONGEST_IDLE;
        String strategyName = optionalString(body, "strategy", 50);
        if (strategyName != null) {
            strategy = SelectionStrategy.fromWire(strategyName).orElseThrow(() -> invalid("strategy",
                    "must be one of longest_idle, most_skilled, least_occupied, round_robin; got \"" + strategyName + "\""));
        }
        List<Step> steps = new ArrayList<>();
        JsonNode stepsNode = body.get("steps");
        if (stepsNode != null && !stepsNode.isNull()) {
            if (!stepsNode.isArray() || stepsNode.size() > MAX_STEPS) {
                throw invalid("steps", "must be an array of at most " + MAX_STEPS + " steps");
            }
            for (int i = 0; i < stepsNode.size(); i++) {
                JsonNode step = stepsNode.get(i);
                String field = "steps[" + i + "]";
                if (!step.isObject()) {
                    throw invalid(field, "must be an object, e.g. {\"afterMs\":30000,\"levelDrop\":1}");
                }
                JsonNode after = step.get("afterMs");
                if (after == null || !after.isIntegralNumber() || after.asLong() < 0 || after.asLong() > 7L * 24 * 3600 * 1000) {
                    throw invalid(field + ".afterMs", "is required: milliseconds waited before the step applies, 0 to 7 days");
                }
                JsonNode drop = step.get("levelDrop");
                int levelDrop = drop == null || drop.isNull() ? 0 : integer(drop, field + ".levelDrop", 0, MAX_SKILL_LEVEL);
                Set<String> dropSkills = new TreeSet<>();
                JsonNode skillsNode = step.get("dropSkills");
                if (skillsNode != null && !skillsNode.isNull()) {
                    if (!skillsNode.isArray()) {
                        throw invalid(field + ".dropSkills", "must be an array of skill names");
                    }
                    for (JsonNode skill : skillsNode) {
                        if (!skill.isTextual() || skill.textValue().isBlank() || skill.textValue().length() > 100) {
                            throw invalid(field + ".dropSkills", "must hold skill names of 1 to 100 characters");
                        }
                        dropSkills.add(skill.textValue());
                    }
                }
                JsonNode any = step.get("anyAgent");
                if (any != null && !any.isNull() && !any.isBoolean()) {
                    throw invalid(field + ".anyAgent", "must be true or false");
                }
                steps.add(new Step(Duration.ofMillis(after.asLong()), levelDrop, dropSkills, any != null && any.asBoolean(),
                        names(step, "addGroups", field + ".addGroups")));
            }
        }
        return new QueuePolicy(name, aging, weight, steps, strategy, names(body, "groups"));
    }

    private static double number(JsonNode body, String field, double fallback, double min, double max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber() || node.asDouble() < min || node.asDouble() > max) {
            throw invalid(field, "must be a number from " + min + " to " + max);
        }
        return node.asDouble();
    }

    static String agentIdOf(JsonNode body) {
        String agentId = requiredString(body, "agentId", 128);
        if (!ID.matcher(agentId).matches()) {
            throw invalid("agentId", "may hold letters, digits and . _ : - only");
        }
        return agentId;
    }

    static WrapUp wrapUp(JsonNode body) {
        return wrapUp(agentIdOf(body), body);
    }

    /** The same limits for a desktop's wrap_up, whose agent comes from the socket. */
    static WrapUp wrapUp(String agentId, JsonNode body) {
        return new WrapUp(agentId, optionalString(body, "disposition", 100), optionalString(body, "notes", 2000));
    }

    static Channel channel(String name, String field) {
        return Channel.fromWire(name).orElseThrow(() -> new BadRequest("unknown_channel",
                field + ": unknown channel \"" + name + "\"; use one of " + CHANNELS));
    }

    private static Map<String, Integer> levels(JsonNode body, String field) {
        Map<String, Integer> levels = new LinkedHashMap<>();
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return levels;
        }
        if (!node.isObject()) {
            throw invalid(field, "must be an object of skill name to level, e.g. {\"billing\":3}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().isBlank() || entry.getKey().length() > 100) {
                throw invalid(field, "skill names must be 1 to 100 characters");
            }
            levels.put(entry.getKey(), integer(entry.getValue(), field + "." + entry.getKey(), 0, MAX_SKILL_LEVEL));
        }
        return levels;
    }

    static String requiredString(JsonNode body, String field, int maxLength) {
        String value = optionalString(body, field, maxLength);
        if (value == null || value.isBlank()) {
            throw invalid(field, "is required");
        }
        return value;
    }

    private static String optionalString(JsonNode body, String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(field, "must be a string");
        }
        if (node.textValue().length() > maxLength) {
            throw invalid(field, "must be at most " + maxLength + " characters");
        }
        return node.textValue();
    }

    private static int integer(JsonNode node, String field, int min, int max) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalid(field, "must be a whole number from " + min + " to " + max);
        }
        int value = node.intValue();
        if (value < min || value > max) {
            throw invalid(field, "must be from " + min + " to " + max + "; got " + value);
        }
        return value;
    }

    private static BadRequest invalid(String field, String problem) {
        return new BadRequest("invalid_field", field + " " + problem);
    }
}
