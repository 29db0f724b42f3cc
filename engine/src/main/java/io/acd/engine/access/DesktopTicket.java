package io.acd.engine.access;

import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A browser cannot set a WebSocket's headers, so a browser desktop opens its socket with a ticket: asked for
 * with the agent's key, good for one socket, for a short while. Each ticket is an entity of its own, keyed by
 * the ticket, so any node can redeem it and only once; it is kept in memory only, as it lives seconds: a
 * ticket lost with its node is asked for again.
 */
public final class DesktopTicket {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "DesktopTicket");

    /** What {@link #newTicket} makes; anything else is refused before a message is sent. */
    public static final Pattern FORMAT = Pattern.compile("t_[A-Za-z0-9_-]{43}");

    private DesktopTicket() {
    }

    public static String newTicket() {
        return "t_" + ApiKeys.random(32);
    }

    public sealed interface Command extends KryoMessage {
    }

    public record Issue(String tenant, String agentId, Duration validFor, ActorRef<Issued> replyTo) implements Command {
    }

    public record Redeem(ActorRef<Redeemed> replyTo) implements Command {
    }

    record Expire() implements Command {
    }

    public record Issued() implements KryoMessage {
    }

    /** @param tenant null when the ticket is unknown, used or expired */
    public record Redeemed(String tenant, String agentId) implements KryoMessage {

        public boolean granted() {
            return tenant != null;
        }
    }

    public static void registerTypes(KryoRegistry registry) {
        registry.record(Issue.class, 760);
        registry.record(Redeem.class, 761);
        registry.record(Expire.class, 762);
        registry.record(Issued.class, 763);
        registry.record(Redeemed.class, 764);
    }

    /** A ticket not issued (yet): a redeem is refused; an issue makes it valid. */
    public static Behavior<Command> create() {
        return Behaviors.withTimers(timers -> Behaviors.receive(Command.class)
                .onMessage(Issue.class, issue -> {
                    timers.startSingleTimer(new Expire(), issue.validFor());
                    issue.replyTo().tell(new Issued());
                    return issued(issue.tenant(), issue.agentId());
                })
                .onMessage(Redeem.class, redeem -> {
                    redeem.replyTo().tell(new Redeemed(null, null));
                    return Behaviors.stopped();
                })
                .onMessage(Expire.class, expire -> Behaviors.stopped())
                .build());
    }

    private static Behavior<Command> issued(String tenant, String agentId) {
        return Behaviors.receive(Command.class)
                .onMessage(Redeem.class, redeem -> {
                    redeem.replyTo().tell(new Redeemed(tenant, agentId));
                    return Behaviors.stopped();
                })
                .onMessage(Issue.class, issue -> Behaviors.same())
                .onMessage(Expire.class, expire -> Behaviors.stopped())
                .build();
    }
}
