package io.acd.engine.router;

import io.acd.engine.EngineSettings;
import io.acd.engine.Peers;
import io.acd.engine.Reply;
import io.acd.engine.agent.Agent;
import io.acd.engine.backlog.Backlog;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Match;
import io.acd.engine.routing.QueuePolicy;
import io.acd.engine.routing.RoutingConfig;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The router of one routing domain: the actor around its {@link RoutingLoop}. The loop decides; the router
 * feeds it the entities' messages with the time, wakes it when a step falls due, and drives the two-phase
 * reservation of each match it makes. It stores nothing: a starting router rebuilds its index from its
 * domain's backlogs, which keep the queued contacts from the journal, and from the entities, which register
 * with it and re-register periodically.
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

    /**
     * Contacts a backlog knows to be queued (see {@link io.acd.engine.backlog.Backlog}): all of a slice when the
     * router starts, and later those it may lack. Filed unless on offer or offered (or withdrawn) lately,
     * which a backlog, a little behind the journal, may not know yet.
     */
    public record Backlogged(List<WaitingContact> contacts) implements Command {

        public Backlogged {
            contacts = List.copyOf(contacts);
        }
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

    /** How a reservation ended: a failed ask is an outcome of its own, not a reason to be parsed. */
    enum ReserveOutcome { RESERVED, REFUSED, UNANSWERED }

    /** How recording the offer on the interaction ended. */
    enum OfferOutcome { RECORDED, REFUSED, UNANSWERED }

    /** @param agentNow the agent as it reports itself after answering; null when it did not answer */
    record Reserved(Match match, ReserveOutcome outcome, String reason, AgentCandidate agentNow) implements Command {
        boolean reserved() {
            return outcome == ReserveOutcome.RESERVED;
        }
    }

    record OfferRecorded(Match match, OfferOutcome outcome, String reason) implements Command {
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
        registry.enumeration(ReserveOutcome.class, 411);
        registry.enumeration(OfferOutcome.class, 412);
        registry.record(Backlogged.class, 413);
    }

    // ---- behaviour ---------------------------------------------------------------------------------

    private static final String ADVANCE_TIMER = "advance";
    /**
     * How long a contact that left the index is not filed again from a backlog. A backlog is seconds behind
     * the journal; a contact really queued again (an offer rejected) re-registers by itself at once.
     */
    private static final Duration LEFT_REMEMBERED = Duration.ofMinutes(2);

    private final EngineSettings settings;
    private final Peers peers;
    private final Clock clock;
    private final TimerScheduler<Command> timers;
    private final RoutingLoop loop;
    /** interactionId to its match, from the reservation request until the offer is recorded or dropped. */
    private final Map<String, Match> inFlight = new HashMap<>();
    /** Agents with a reservation in flight: out of the index until the agent answers with its capacity. */
    private final Set<String> agentsInFlight = new HashSet<>();
    /** Contacts that left the index for an offer or for good, with when: a backlog's news of them may lag. */
    private final Map<String, Instant> recentlyLeft = new HashMap<>();
    private Instant advanceAt;
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
            // The backlogs hold every queued contact, including those whose interaction runs nowhere now
            // (its node died): the index is rebuilt from them, not from each interaction waking up.
            ActorRef<Backlog.Queued> queued = context.messageAdapter(Backlog.Queued.class,
                    q -> new Backlogged(q.contacts()));
            for (int slice = 0; slice < settings.tagSlices(); slice++) {
                peers.backlog(settings.eventTag(slice)).tell(new Backlog.GetQueued(queued));
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
        this.loop = new RoutingLoop(config, true, this::reserve);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Enqueue.class, this::onEnqueue)
                .onMessage(Backlogged.class, this::onBacklogged)
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
        if (!inFlight.containsKey(cmd.contact().interactionId())) {
            loop.contactArrived(cmd.contact(), clock.instant());
            scheduleAdvance();
        }
        return this;
    }

    private Behavior<Command> onBacklogged(Backlogged cmd) {
        Instant now = clock.instant();
        recentlyLeft.values().removeIf(left -> left.isBefore(now.minus(LEFT_REMEMBERED)));
        for (WaitingContact contact : cmd.contacts()) {
            String id = contact.interactionId();
            if (!inFlight.containsKey(id) && !recentlyLeft.containsKey(id)) {
                loop.contactArrived(contact, now);
            }
        }
        scheduleAdvance();
        return this;
    }

    private Behavior<Command> onWithdraw(Withdraw cmd) {
        loop.contactLeft(cmd.interactionId());
        recentlyLeft.put(cmd.interactionId(), clock.instant());
        return this;
    }

    private Behavior<Command> onAgentAvailable(AgentAvailable cmd) {
        // With a reservation in flight, its answer brings the agent back with its capacity after it.
        if (!agentsInFlight.contains(cmd.agent().agentId())) {
            loop.agentAvailable(cmd.agent(), clock.instant());
            scheduleAdvance();
        }
        return this;
    }

    private Behavior<Command> onAgentUnavailable(AgentUnavailable cmd) {
        loop.agentLeft(cmd.agentId());
        return this;
    }

    private Behavior<Command> onGetStats(GetStats cmd) {
        cmd.replyTo().tell(new Stats(loop.waiting(), loop.availableAgents(), inFlight.size(), matched));
        return this;
    }

    private Behavior<Command> onQueuePolicyChanged(QueuePolicyChanged cmd) {
        if (loop.queuePolicyChanged(cmd.policy(), clock.instant())) {
            scheduleAdvance();
        }
        return this;
    }

    private Behavior<Command> onStartRouting(StartRouting cmd) {
        loop.start(clock.instant());
        scheduleAdvance();
        return this;
    }

    private Behavior<Command> onAdvance(Advance cmd) {
        advanceAt = null;
        loop.due(clock.instant());
        scheduleAdvance();
        return this;
    }

    private Behavior<Command> onReserved(Reserved result) {
        Match match = result.match();
        String agentId = match.agent().agentId();
        String interactionId = match.contact().interactionId();
        agentsInFlight.remove(agentId);
        Instant now = clock.instant();
        if (result.reserved()) {
            getContext().ask(Reply.class, peers.interaction(interactionId), settings.askTimeout(),
                    replyTo -> new Interaction.Offer(agentId, match.decision(), narrow(replyTo)),
                    (reply, failure) -> {
                        if (reply instanceof Reply.Ok<?>) {
                            return new OfferRecorded(match, OfferOutcome.RECORDED, null);
                        } else if (reply instanceof Reply.Rejected<?> rejected) {
                            return new OfferRecorded(match, OfferOutcome.REFUSED, rejected.code());
                        }
                        return new OfferRecorded(match, OfferOutcome.UNANSWERED, String.valueOf(failure));
                    });
            if (result.agentNow() != null) {
                // With capacity left the agent can take more at once.
                loop.agentAvailable(result.agentNow(), now);
            }
        } else {
            getContext().getLog().debug("Agent {} refused {}: {}", agentId, interactionId, result.reason());
            inFlight.remove(interactionId);
            if (result.outcome() == ReserveOutcome.UNANSWERED) {
                // The agent may have reserved after all; a release of a slot never taken is a no-op.
                peers.agent(agentId).tell(new Agent.Release(interactionId, "reservation_lost"));
            }
            loop.reservationRefused(match, result.agentNow(), now);
        }
        scheduleAdvance();
        return this;
    }

    private Behavior<Command> onOfferRecorded(OfferRecorded result) {
        String interactionId = result.match().contact().interactionId();
        inFlight.remove(interactionId);
        if (result.outcome() == OfferOutcome.RECORDED) {
            matched++;
            recentlyLeft.put(interactionId, clock.instant());
        } else {
            // The interaction moved on (abandoned, or offered by an earlier router), or could not be asked:
            // free the slot. If it is in fact still queued it re-registers and is routed again.
            peers.agent(result.match().agent().agentId()).tell(new Agent.Release(interactionId, "offer_not_recorded"));
        }
        return this;
    }

    private void scheduleAdvance() {
        Optional<Instant> next = loop.nextChange();
        if (next.isEmpty() || (advanceAt != null && !next.get().isBefore(advanceAt))) {
            return;
        }
        advanceAt = next.get();
        Duration delay = Duration.between(clock.instant(), advanceAt);
        timers.startSingleTimer(ADVANCE_TIMER, new Advance(), delay.isNegative() ? Duration.ZERO : delay);
    }

    /** The loop's match: the agent is asked first, and only a reserved slot is offered to the interaction. */
    private void reserve(Match match) {
        WaitingContact contact = match.contact();
        String agentId = match.agent().agentId();
        inFlight.put(contact.interactionId(), match);
        agentsInFlight.add(agentId);
        getContext().ask(Agent.ReserveReply.class, peers.agent(agentId), settings.askTimeout(),
                replyTo -> new Agent.Reserve(contact.interactionId(), contact.channel(), contact.queue(),
                        contact.priority(), replyTo),
                (reply, failure) -> reply == null
                        ? new Reserved(match, ReserveOutcome.UNANSWERED, String.valueOf(failure), null)
                        : new Reserved(match, reply.reserved() ? ReserveOutcome.RESERVED : ReserveOutcome.REFUSED,
                                reply.reason(), reply.agent()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ActorRef<Reply<InteractionState.Existing>> narrow(ActorRef<Reply> replyTo) {
        return (ActorRef) replyTo;
    }
}
