package io.acd.engine.router;

import io.acd.engine.EngineSettings;
import io.acd.engine.Peers;
import io.acd.engine.Reply;
import io.acd.engine.agent.Agent;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Match;
import io.acd.engine.routing.QueuePolicy;
import io.acd.engine.routing.RoutingConfig;
import io.acd.engine.routing.RoutingIndex;
import io.acd.engine.routing.WaitingContact;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The router of one routing domain: owns the {@link RoutingIndex} of waiting contacts and available agents,
 * asks it for decisions when something changes, and drives the two-phase reservation. It stores nothing; entities register with it and re-register
 * periodically, so a restarted router rebuilds its index from them.
 *
 * <p>It may be wrong about an agent's capacity for a moment (reports cross in flight), so it keeps at most
 * one reservation in flight per agent, and the Agent entity has the last word on capacity.
 */
public final class Router extends AbstractBehavior<Router.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Router");

    // ---- protocol ----------------------------------------------------------------------------------

    public sealed interface Command extends KryoMessage {
    }

    /** A queued interaction (new, re-queued or re-registering); idempotent. */
    public record Enqueue(WaitingContact contact) implements Command {
    }

    /** The interaction left the queue for good (abandoned). */
    public record Withdraw(String interactionId) implements Command {
    }

    /** The agent is available, with its current free capacity; idempotent. */
    public record AgentAvailable(AgentCandidate agent) implements Command {
    }

    public record AgentUnavailable(String agentId) implements Command {
    }

    public record GetStats(ActorRef<Stats> replyTo) implements Command {
    }

    /** A queue's policy was set over the API (or announced again): waiting contacts are re-filed under it. */
    public record QueuePolicyChanged(QueuePolicy policy) implements Command {
    }

    public record Stats(int waiting, int availableAgents, int inFlight, long matched) implements KryoMessage {
    }

    record StartRouting() implements Command {
    }

    /** A contact's bullseye step or preferred agent falls due. */
    record Advance() implements Command {
    }

    record Reserved(Match match, boolean reserved, String reason, AgentCandidate agentNow) implements Command {
    }

    record OfferRecorded(Match match, boolean recorded, String reason) implements Command {
    }

    /** Kryo ids of this protocol; stored ids never change meaning (see KryoRegistrar). */
    public static void registerTypes(KryoRegistry registry) {
        registry.record(Enqueue.class, 400);
        registry.record(Withdraw.class, 401);
        registry.record(AgentAvailable.class, 402);
        registry.record(AgentUnavailable.class, 403);
        registry.record(GetStats.class, 404);
        registry.record(Stats.class, 405);
        registry.record(StartRouting.class, 406);
        registry.record(Reserved.class, 407);
        registry.record(OfferRecorded.class, 408);
        registry.record(Advance.class, 409);
        registry.record(QueuePolicyChanged.class, 410);
    }

    // ---- behaviour ---------------------------------------------------------------------------------

    private static final String ADVANCE_TIMER = "advance";

    private final EngineSettings settings;
    private final Peers peers;
    private final Clock clock;
    private final TimerScheduler<Command> timers;
    private RoutingIndex index;
    /** interactionId to its match, from the reservation request until the offer is recorded or dropped. */
    private final Map<String, Match> inFlight = new HashMap<>();
    /** Agents with a reservation in flight: out of the index until the agent answers with its capacity. */
    private final Set<String> agentsInFlight = new HashSet<>();
    private Instant advanceAt;
    private boolean routing;
    private long matched;

    public static Behavior<Command> create(EngineSettings settings, RoutingConfig config, Peers peers, Clock clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            // After a (re)start the index fills as entities re-register; matching at once would serve
            // whichever contact happened to register first, not the one waiting longest.
            if (settings.routerStartDelay().isZero()) {
                context.getSelf().tell(new StartRouting());
            } else {
                timers.startSingleTimer(new StartRouting(), settings.routerStartDelay());
            }
            return new Router(context, settings, config, peers, clock, timers);
        }));
    }

    private Router(ActorContext<Command> context, EngineSettings settings, RoutingConfig config, Peers peers,
                   Clock clock, TimerScheduler<Command> timers) {
        super(context);
        this.settings = settings;
        this.peers = peers;
        this.clock = clock;
        this.timers = timers;
        this.index = new RoutingIndex(config);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Enqueue.class, this::onEnqueue)
                .onMessage(Withdraw.class, this::onWithdraw)
                .onMessage(AgentAvailable.class, this::onAgentAvailable)
                .onMessage(AgentUnavailable.class, this::onAgentUnavailable)
                .onMessage(GetStats.class, this::onGetStats)
                .onMessage(QueuePolicyChanged.class, this::onQueuePolicyChanged)
                .onMessage(StartRouting.class, this::onStartRouting)
                .onMessage(Advance.class, this::onAdvance)
                .onMessage(Reserved.class, this::onReserved)
                .onMessage(OfferRecorded.class, this::onOfferRecorded)
                .build();
    }

    private Behavior<Command> onEnqueue(Enqueue cmd) {
        WaitingContact contact = cmd.contact();
        if (inFlight.containsKey(contact.interactionId())) {
            return this;
        }
        Instant now = clock.instant();
        Optional<Match> match = Optional.empty();
        if (routing) {
            advance(now);
            // Decided before it is filed: a contact an agent takes at once is never filed (reserve takes out
            // an earlier filing of it, from a registration before this one).
            match = index.bestAgentFor(contact, now, true);
        }
        if (match.isPresent()) {
            reserve(match.get());
        } else {
            index.putContact(contact, now);
        }
        scheduleAdvance();
        return this;
    }

    private Behavior<Command> onWithdraw(Withdraw cmd) {
        index.removeContact(cmd.interactionId());
        return this;
    }

    private Behavior<Command> onAgentAvailable(AgentAvailable cmd) {
        String agentId = cmd.agent().agentId();
        if (agentsInFlight.contains(agentId)) {
            // The answer to the reservation brings the agent back with its capacity after it.
            return this;
        }
        index.putAgent(cmd.agent());
        if (routing) {
            serveAgent(agentId, clock.instant());
        }
        return this;
    }

    private Behavior<Command> onAgentUnavailable(AgentUnavailable cmd) {
        index.removeAgent(cmd.agentId());
        return this;
    }

    private Behavior<Command> onGetStats(GetStats cmd) {
        cmd.replyTo().tell(new Stats(index.waiting(), index.availableAgents(), inFlight.size(), matched));
        return this;
    }

    private Behavior<Command> onQueuePolicyChanged(QueuePolicyChanged cmd) {
        QueuePolicy policy = cmd.policy();
        if (policy.equals(index.config().queues().get(policy.name()))) {
            return this;
        }
        Instant now = clock.instant();
        index = index.reconfigured(index.config().withQueue(policy), now);
        if (routing) {
            advance(now);
            for (String agentId : index.agentIds()) {
                serveAgent(agentId, now);
            }
        }
        scheduleAdvance();
        return this;
    }

    private Behavior<Command> onStartRouting(StartRouting cmd) {
        routing = true;
        Instant now = clock.instant();
        advance(now);
        for (String agentId : index.agentIds()) {
            serveAgent(agentId, now);
        }
        scheduleAdvance();
        return this;
    }

    private Behavior<Command> onAdvance(Advance cmd) {
        advanceAt = null;
        if (routing) {
            advance(clock.instant());
        }
        scheduleAdvance();
        return this;
    }

    private Behavior<Command> onReserved(Reserved result) {
        Match match = result.match();
        String agentId = match.agent().agentId();
        String interactionId = match.contact().interactionId();
        agentsInFlight.remove(agentId);
        Instant now = clock.instant();
        if (result.agentNow() != null) {
            index.putAgent(result.agentNow());
        }
        if (!result.reserved()) {
            getContext().getLog().debug("Agent {} refused {}: {}", agentId, interactionId, result.reason());
            inFlight.remove(interactionId);
            if (result.reason() != null && result.reason().startsWith("ask_failed")) {
                // The agent may have reserved after all; a release of a slot never taken is a no-op.
                peers.agent(agentId).tell(new Agent.Release(interactionId, "reservation_lost"));
            }
            index.putContact(match.contact(), now);
            if (routing) {
                // Not straight back to the agent that just refused: its view of the contact is behind ours
                // (a release still on its way), and the next report or registration brings them together.
                index.bestAgentFor(interactionId, now, true)
                        .filter(next -> !next.agent().agentId().equals(agentId))
                        .ifPresent(this::reserve);
            }
        } else {
            getContext().ask(Reply.class, peers.interaction(interactionId), settings.askTimeout(),
                    replyTo -> new Interaction.Offer(agentId, match.decision(), narrow(replyTo)),
                    (reply, failure) -> {
                        if (reply instanceof Reply.Ok<?>) {
                            return new OfferRecorded(match, true, null);
                        } else if (reply instanceof Reply.Rejected<?> rejected) {
                            return new OfferRecorded(match, false, rejected.code());
                        }
                        return new OfferRecorded(match, false, "ask_failed: " + failure);
                    });
        }
        if (result.reserved() && routing && index.hasAgent(agentId)) {
            // With capacity left the agent can take more; after a refusal it waits for its next report.
            serveAgent(agentId, now);
        }
        scheduleAdvance();
        return this;
    }

    private Behavior<Command> onOfferRecorded(OfferRecorded result) {
        String interactionId = result.match().contact().interactionId();
        inFlight.remove(interactionId);
        if (result.recorded()) {
            matched++;
        } else {
            // The interaction moved on (abandoned, or offered by an earlier router): free the slot. If it
            // is in fact still queued it re-registers and is routed again.
            peers.agent(result.match().agent().agentId()).tell(new Agent.Release(interactionId, "offer_not_recorded"));
        }
        return this;
    }

    /** Contacts whose requirements relaxed may now match an agent who is already waiting. */
    private void advance(Instant now) {
        for (WaitingContact moved : index.advance(now)) {
            if (index.hasContact(moved.interactionId())) {
                index.bestAgentFor(moved.interactionId(), now, true).ifPresent(this::reserve);
            }
        }
    }

    private void serveAgent(String agentId, Instant now) {
        advance(now);
        if (index.hasAgent(agentId)) {
            index.bestContactFor(agentId, now, true).ifPresent(this::reserve);
        }
    }

    private void scheduleAdvance() {
        Optional<Instant> next = index.nextChange();
        if (next.isEmpty() || (advanceAt != null && !next.get().isBefore(advanceAt))) {
            return;
        }
        advanceAt = next.get();
        Duration delay = Duration.between(clock.instant(), advanceAt);
        timers.startSingleTimer(ADVANCE_TIMER, new Advance(), delay.isNegative() ? Duration.ZERO : delay);
    }

    private void reserve(Match match) {
        WaitingContact contact = match.contact();
        String agentId = match.agent().agentId();
        index.matched(match);
        index.removeContact(contact.interactionId());
        index.removeAgent(agentId);
        inFlight.put(contact.interactionId(), match);
        agentsInFlight.add(agentId);
        getContext().ask(Agent.ReserveReply.class, peers.agent(agentId), settings.askTimeout(),
                replyTo -> new Agent.Reserve(contact.interactionId(), contact.channel(), contact.queue(),
                        contact.priority(), replyTo),
                (reply, failure) -> reply != null
                        ? new Reserved(match, reply.reserved(), reply.reason(), reply.agent())
                        : new Reserved(match, false, "ask_failed: " + failure, null));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ActorRef<Reply<InteractionState.Existing>> narrow(ActorRef<Reply> replyTo) {
        return (ActorRef) replyTo;
    }
}
