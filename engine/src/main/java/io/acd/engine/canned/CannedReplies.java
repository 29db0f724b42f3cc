package io.acd.engine.canned;

import io.acd.engine.Reply;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tenant's canned replies: named texts an agent sends with one click, with placeholders filled in for the
 * interaction at hand ({@code {{customer.name}}}, {@code {{agent.name}}}, {@code {{customer.id}}},
 * {@code {{queue}}}; {@code {{customer.name|there}}} gives a default for a value that is not known).
 * One entity per tenant (its entity id).
 */
public final class CannedReplies {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "CannedReplies");
    public static final Set<String> PLACEHOLDERS = Set.of("customer.name", "customer.id", "agent.name", "queue");
    public static final int MAX_TEXT = 2_000;
    public static final int MAX_REPLIES = 500;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z.]+)\\s*(?:\\|([^}]*))?}}");

    private CannedReplies() {
    }

    /** The names a text uses that are not placeholders; empty when all are. */
    public static Set<String> unknownPlaceholders(String text) {
        Set<String> unknown = new java.util.TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                unknown.add(m.group(1));
            }
        }
        return unknown;
    }

    /** The text with each placeholder replaced by its value, its default, or nothing. */
    public static String render(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null || value.isBlank()) {
                value = m.group(2) == null ? "" : m.group(2).strip();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public sealed interface Command extends KryoMessage {
    }

    public record Put(String name, String text, ActorRef<Reply<String>> replyTo) implements Command {
    }

    public record Remove(String name, ActorRef<Reply<String>> replyTo) implements Command {
    }

    /** One by name: {@link Reply.Ok} with its text, or not found. */
    public record Get(String name, ActorRef<Reply<String>> replyTo) implements Command {
    }

    public record List(ActorRef<State> replyTo) implements Command {
    }

    public enum Refusal implements Reply.Reason {
        TOO_MANY;

        @Override
        public String code() {
            return "too_many_canned_replies";
        }
    }

    public sealed interface Event extends KryoMessage {
    }

    public record Saved(String name, String text, Instant at) implements Event {
    }

    public record Removed(String name, Instant at) implements Event {
    }

    /** The replies by name: also the snapshot. */
    public record State(Map<String, String> replies) implements KryoMessage {

        State saved(String name, String text) {
            Map<String, String> next = new TreeMap<>(replies);
            next.put(name, text);
            return new State(Map.copyOf(next));
        }

        State removed(String name) {
            Map<String, String> next = new TreeMap<>(replies);
            next.remove(name);
            return new State(Map.copyOf(next));
        }
    }

    public static void registerTypes(KryoRegistry registry) {
        registry.record(State.class, 1200);
        registry.enumeration(Refusal.class, 1201);
        registry.record(Put.class, 1210);
        registry.record(Remove.class, 1211);
        registry.record(Get.class, 1212);
        registry.record(List.class, 1213);
        registry.record(Saved.class, 1240);
        registry.record(Removed.class, 1241);
    }
}
