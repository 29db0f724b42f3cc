package io.acd.gateway.webhook;

import io.acd.engine.Reply;
import io.acd.engine.events.EventLog;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol of a webhook subscription: a URL that gets a tenant's events out, one POST each, signed with the
 * subscription's secret, retried with backoff until it answers 2xx, in order of position. One entity per
 * subscription (a remembered entity, so its deliveries go on on another node when its node dies); it stores
 * each attempt, which is the delivery log, and the position it delivered up to, from which it goes on after a
 * restart. An event being delivered when the node died is delivered again: at least once, with a stable
 * {@code Acd-Event-Id} for the receiver to de-duplicate by.
 */
public final class Webhook {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Webhook");

    private Webhook() {
    }

    /**
     * @param patterns the event types it gets: a type, a prefix ending in {@code .*}, or {@code *}
     * @param position the last position delivered (or skipped as not subscribed)
     */
    public record Subscription(String webhookId, String url, List<String> patterns, String secret, Instant createdAt,
                               long position, List<Attempt> attempts, boolean deleted) implements KryoMessage {

        Subscription attempted(Attempt attempt, int keep) {
            List<Attempt> more = new ArrayList<>(attempts);
            more.add(attempt);
            List<Attempt> kept = more.size() > keep ? more.subList(more.size() - keep, more.size()) : more;
            return new Subscription(webhookId, url, patterns, secret, createdAt,
                    attempt.delivered() ? Math.max(position, attempt.position()) : position, List.copyOf(kept), deleted);
        }

        Subscription asDeleted() {
            return new Subscription(webhookId, url, patterns, secret, createdAt, position, attempts, true);
        }
    }

    /**
     * One POST of one event.
     *
     * @param status the HTTP status answered; 0 when none came (refused, timed out)
     * @param error  why it failed, for a person; null when delivered
     */
    public record Attempt(long position, String eventId, int attempt, int status, String error, Instant at,
                          boolean delivered) implements KryoMessage {
    }

    public sealed interface Command extends KryoMessage {
    }

    /** @param after the position after which it delivers: the log's position when it was created */
    public record Create(String url, List<String> patterns, String secret, long after,
                         ActorRef<Reply<Subscription>> replyTo) implements Command {
    }

    public record Get(ActorRef<Reply<Subscription>> replyTo) implements Command {
    }

    public record Delete(ActorRef<Reply<Subscription>> replyTo) implements Command {
    }

    /** From the stream of the tenant's events out: the next one, to be answered with {@link #ACK}. */
    record Arrived(EventLog.Positioned event, ActorRef<Ack> ackTo) implements Command {
    }

    record StreamStarted(ActorRef<Ack> ackTo) implements Command {
    }

    record StreamEnded(String why) implements Command {
    }

    record Restart() implements Command {
    }

    /** The answer of one POST. */
    record Answered(EventLog.Positioned event, int attempt, int status, String error) implements Command {
    }

    record RetryDue(EventLog.Positioned event, int attempt) implements Command {
    }

    enum Ack { ACK }

    static final Ack ACK = Ack.ACK;

    public enum Refusal implements Reply.Reason {
        EXISTS, DELETED;

        @Override
        public String code() {
            return this == EXISTS ? "webhook_exists" : "webhook_deleted";
        }
    }

    public sealed interface Event extends KryoMessage {
    }

    public record Created(String url, List<String> patterns, String secret, long after, Instant at) implements Event {
    }

    public record Attempted(Attempt attempt) implements Event {
    }

    public record Deleted(Instant at) implements Event {
    }

    public static void registerTypes(KryoRegistry registry) {
        registry.record(Subscription.class, 1000);
        registry.record(Attempt.class, 1001);
        registry.enumeration(Refusal.class, 1002);
        registry.enumeration(Ack.class, 1003);
        registry.record(Create.class, 1010);
        registry.record(Get.class, 1011);
        registry.record(Delete.class, 1012);
        registry.record(Arrived.class, 1013);
        registry.record(StreamStarted.class, 1014);
        registry.record(StreamEnded.class, 1015);
        registry.record(Restart.class, 1016);
        registry.record(Answered.class, 1017);
        registry.record(RetryDue.class, 1018);
        registry.record(Created.class, 1040);
        registry.record(Attempted.class, 1041);
        registry.record(Deleted.class, 1043);
    }
}
