package io.acd.engine.interaction;

import io.acd.engine.EngineSettings;
import io.acd.engine.Peers;
import io.acd.engine.Reply;
import io.acd.engine.agent.Agent;
import io.acd.engine.router.Router;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.Decision;
import io.acd.engine.routing.WaitingContact;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One contact from creation to its end, event sourced. It owns the truth about its status; the router
 * only proposes, and an offer is recorded here only while the interaction is still queued, so the same
 * interaction can never be offered to two agents at once.
 */
public final class Interaction extends EventSourcedBehavior<Interaction.Command, Interaction.Event, Interaction.State> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Interaction");

    // ---- protocol ----------------------------------------------------------------------------------

    public sealed interface Command extends KryoMessage {
    }

    /**
     * @param requestFingerprint identifies the request body, so a retried create with the same
     *                           idempotency key is told apart from a different request reusing the key
     */
    public record Create(Channel channel, String queue, int priority, Map<String, Integer> skills,
                         String customerId, String requestFingerprint, Routing routing,
                         ActorRef<Reply<State>> replyTo) implements Command {
    }

    /**
     * Routing wishes beyond the required skills.
     *
     * @param preferredSkills     make an agent a better choice, but are not required
     * @param excludedAgents      never offer to these agents
     * @param preferredAgent      offer only to this agent until {@code preferredAgentUntil} (sticky routing)
     */
    public record Routing(Map<String, Integer> preferredSkills, Set<String> excludedAgents, String preferredAgent,
                          Instant preferredAgentUntil) implements KryoMessage {

        public static final Routing NONE = new Routing(Map.of(), Set.of(), null, null);

        public Routing {
            preferredSkills = Map.copyOf(preferredSkills);
            excludedAgents = Set.copyOf(excludedAgents);
        }
    }

    public record Get(ActorRef<Reply<State>> replyTo) implements Command {
    }

    /** From the router, after the agent reserved capacity: record the offer if still queued. */
    public record Offer(String agentId, Decision routing, ActorRef<Reply<State>> replyTo) implements Command {
    }

    public record Accept(String agentId, ActorRef<Reply<State>> replyTo) implements Command {
    }

    public record Reject(String agentId, ActorRef<Reply<State>> replyTo) implements Command {
    }

    /** The customer side is over; the agent keeps the capacity during wrap-up. */
    public record Complete(String agentId, ActorRef<Reply<State>> replyTo) implements Command {
    }

    public record WrapUp(String agentId, String disposition, String notes,
                         ActorRef<Reply<State>> replyTo) implements Command {
    }

    /** The customer left before being served. */
    public record Abandon(ActorRef<Reply<State>> replyTo) implements Command {
    }

    /** From an agent that was told of an offer it holds no reservation for: put the contact back. */
    public record ReturnToQueue(String agentId, String reason) implements Command {
    }

    /** From an agent checking, after its own restart, whether it still holds this interaction. */
    public record CheckHolder(String agentId, ActorRef<Agent.Command> replyTo) implements Command {
    }

    record OfferExpired(String agentId, Instant offeredAt) implements Command {
    }

    record WrapUpExpired(Instant wrapUpAt) implements Command {
    }

    record Reregister() implements Command {
    }

    public sealed interface Event extends KryoMessage {
    }

    /** @param routing absent (null) in events stored before routing wishes existed */
    public record Created(String interactionId, Channel channel, String queue, int priority,
                          Map<String, Integer> skills, String customerId, String requestFingerprint,
                          Instant at, Routing routing) implements Event {
    }

    public record Queued(Instant queuedAt) implements Event {
    }

    /** @param routing why the router chose this agent; absent in events stored before it was recorded */
    public record Offered(String agentId, Instant at, Instant expiresAt, Decision routing) implements Event {
    }

    /** The offer ended without being accepted: the agent rejected it or could not take it. */
    public record OfferRejected(String agentId, String reason, Instant at) implements Event {
    }

    public record OfferTimedOut(String agentId, Instant at) implements Event {
    }

    public record Accepted(String agentId, Instant at) implements Event {
    }

    public record Completed(String agentId, Instant at) implements Event {
    }

    public record WrappedUp(String agentId, String disposition, String notes, Instant at) implements Event {
    }

    public record Abandoned(Instant at) implements Event {
    }

    /**
     * The interaction as clients see it. {@code status} is null until the interaction was created.
     * A re-queued interaction keeps its first {@code queuedAt}, so it keeps its place in line.
     */
    public record State(String interactionId, Channel channel, String queue, int priority,
                        Map<String, Integer> skills, String customerId, String requestFingerprint,
                        InteractionStatus status, String agentId, Instant queuedAt, Instant offeredAt,
                        Instant offerExpiresAt, Instant connectedAt, Instant wrapUpAt, Instant endedAt,
                        String disposition, String notes, int offerCount, Decision routing,
                        Routing wishes) implements KryoMessage {

        static State empty(String interactionId) {
            return new State(interactionId, null, null, 0, Map.of(), null, null, null, null, null, null,
                    null, null, null, null, null, null, 0, null, Routing.NONE);
        }

        public boolean exists() {
            return status != null;
        }

        State apply(Event event) {
            if (event instanceof Created e) {
                return new State(e.interactionId(), e.channel(), e.queue(), e.priority(), Map.copyOf(e.skills()),
                        e.customerId(), e.requestFingerprint(), InteractionStatus.QUEUED, null, e.at(), null,
                        null, null, null, null, null, null, 0, null, e.routing() == null ? Routing.NONE : e.routing());
            } else if (event instanceof Queued e) {
                return new State(interactionId, channel, queue, priority, skills, customerId, requestFingerprint,
                        InteractionStatus.QUEUED, null, queuedAt == null ? e.queuedAt() : queuedAt, null, null,
                        null, null, null, null, null, offerCount, null, wishes);
            } else if (event instanceof Offered e) {
                return new State(interactionId, channel, queue, priority, skills, customerId, requestFingerprint,
                        InteractionStatus.OFFERED, e.agentId(), queuedAt, e.at(), e.expiresAt(), null, null, null,
                        null, null, offerCount + 1, e.routing(), wishes);
            } else if (event instanceof OfferRejected || event instanceof OfferTimedOut) {
                // Back in line with the original queuedAt: waiting time is not reset by a failed offer.
                return new State(interactionId, channel, queue, priority, skills, customerId, requestFingerprint,
                        InteractionStatus.QUEUED, null, queuedAt, null, null, null, null, null, null, null,
                        offerCount, null, wishes);
            } else if (event instanceof Accepted e) {
                return new State(interactionId, channel, queue, priority, skills, customerId, requestFingerprint,
                        InteractionStatus.CONNECTED, agentId, queuedAt, offeredAt, null, e.at(), null, null,
                        null, null, offerCount, routing, wishes);
            } else if (event instanceof Completed e) {
                return new State(interactionId, channel, queue, priority, skills, customerId, requestFingerprint,
                        InteractionStatus.WRAP_UP, agentId, queuedAt, offeredAt, null, connectedAt, e.at(), null,
                        null, null, offerCount, routing, wishes);
            } else if (event instanceof WrappedUp e) {
                return new State(interactionId, channel, queue, priority, skills, customerId, requestFingerprint,
                        InteractionStatus.COMPLETED, agentId, queuedAt, offeredAt, null, connectedAt, wrapUpAt,
                        e.at(), e.disposition(), e.notes(), offerCount, routing, wishes);
            } else if (event instanceof Abandoned e) {
                return new State(interactionId, channel, queue, priority, skills, customerId, requestFingerprint,
                        InteractionStatus.ABANDONED, null, queuedAt, offeredAt, null, null, null, e.at(), null,
                        null, offerCount, null, wishes);
            }
            throw new IllegalArgumentException("Unknown event " + event);
        }

        WaitingContact asWaitingContact() {
            return new WaitingContact(interactionId, channel, queue, priority, skills, wishes.preferredSkills(),
                    wishes.excludedAgents(), wishes.preferredAgent(), wishes.preferredAgentUntil(), queuedAt);
        }
    }

    /** Kryo ids of this protocol; stored ids never change meaning (see KryoRegistrar). */
    public static void registerTypes(KryoRegistry registry) {
        registry.enumeration(InteractionStatus.class, 200);
        registry.record(State.class, 201);
        registry.record(Create.class, 210);
        registry.record(Get.class, 211);
        registry.record(Offer.class, 212);
        registry.record(Accept.class, 213);
        registry.record(Reject.class, 214);
        registry.record(Complete.class, 215);
        registry.record(WrapUp.class, 216);
        registry.record(Abandon.class, 217);
        registry.record(ReturnToQueue.class, 218);
        registry.record(CheckHolder.class, 219);
        registry.record(OfferExpired.class, 220);
        registry.record(WrapUpExpired.class, 221);
        registry.record(Reregister.class, 222);
        registry.record(Routing.class, 223);
        registry.record(Created.class, 240);
        registry.record(Queued.class, 241);
        registry.record(Offered.class, 242);
        registry.record(OfferRejected.class, 243);
        registry.record(OfferTimedOut.class, 244);
        registry.record(Accepted.class, 245);
        registry.record(Completed.class, 246);
        registry.record(WrappedUp.class, 247);
        registry.record(Abandoned.class, 248);
    }

    // ---- behaviour ---------------------------------------------------------------------------------

    private static final String OFFER_TIMER = "offer";
    private static final String WRAP_UP_TIMER = "wrap-up";
    private static final String REREGISTER_TIMER = "reregister";

    private final String interactionId;
    private final EngineSettings settings;
    private final Peers peers;
    private final Runnable passivate;
    private final Clock clock;
    private final TimerScheduler<Command> timers;

    /**
     * @param shard the entity's shard, asked to stop the entity once it is finished (with remembered
     *              entities this also keeps it from being restarted after a crash); null outside sharding
     */
    public static Behavior<Command> create(String interactionId, EngineSettings settings, Peers peers,
                                           ActorRef<ClusterSharding.ShardCommand> shard, Clock clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new Interaction(interactionId, settings, peers, passivation(shard, context), clock, timers)));
    }

    static Runnable passivation(ActorRef<ClusterSharding.ShardCommand> shard, ActorContext<Command> context) {
        return shard == null ? () -> { } : () -> shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }

    private Interaction(String interactionId, EngineSettings settings, Peers peers, Runnable passivate,
                        Clock clock, TimerScheduler<Command> timers) {
        super(PersistenceId.of(TYPE_KEY.name(), interactionId));
        this.interactionId = interactionId;
        this.settings = settings;
        this.peers = peers;
        this.passivate = passivate;
        this.clock = clock;
        this.timers = timers;
    }

    @Override
    public State emptyState() {
        return State.empty(interactionId);
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::onRecovered).build();
    }

    /**
     * An interaction stores a handful of events and never a snapshot, so recovery does not ask the snapshot
     * store: one query fewer for every contact that arrives (each starts as a new entity and recovers).
     */
    @Override
    public Recovery recovery() {
        return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Create.class, this::onCreate)
                .onCommand(Get.class, this::onGet)
                .onCommand(Offer.class, this::onOffer)
                .onCommand(Accept.class, this::onAccept)
                .onCommand(Reject.class, this::onReject)
                .onCommand(Complete.class, this::onComplete)
                .onCommand(WrapUp.class, this::onWrapUp)
                .onCommand(Abandon.class, this::onAbandon)
                .onCommand(ReturnToQueue.class, this::onReturnToQueue)
                .onCommand(CheckHolder.class, this::onCheckHolder)
                .onCommand(OfferExpired.class, this::onOfferExpired)
                .onCommand(WrapUpExpired.class, this::onWrapUpExpired)
                .onCommand(Reregister.class, this::onReregister)
                .build();
    }

    private void onRecovered(State state) {
        if (!state.exists()) {
            return;
        }
        switch (state.status()) {
            case QUEUED -> enterQueue(state);
            case OFFERED -> {
                // The timer died with the old incarnation; what is left of the offer still runs out.
                Duration left = Duration.between(clock.instant(), state.offerExpiresAt());
                timers.startSingleTimer(OFFER_TIMER, new OfferExpired(state.agentId(), state.offeredAt()),
                        left.isNegative() ? Duration.ZERO : left);
            }
            case WRAP_UP -> startWrapUpTimer(state);
            default -> {
            }
        }
    }

    private Effect<Event, State> onCreate(State state, Create cmd) {
        if (state.exists()) {
            if (Objects.equals(state.requestFingerprint(), cmd.requestFingerprint())) {
                cmd.replyTo().tell(Reply.ok(state));
            } else {
                cmd.replyTo().tell(Reply.rejected("idempotency_key_reused",
                        "This Idempotency-Key already created interaction " + interactionId
                                + " from a different request; use a new key for a new interaction"));
            }
            return Effect().none();
        }
        Instant now = clock.instant();
        return Effect()
                .persist(List.of(
                        new Created(interactionId, cmd.channel(), cmd.queue(), cmd.priority(), cmd.skills(),
                                cmd.customerId(), cmd.requestFingerprint(), now, cmd.routing()),
                        new Queued(now)))
                .thenRun(created -> {
                    enterQueue(created);
                    cmd.replyTo().tell(new Reply.Ok<>(created, true));
                });
    }

    private Effect<Event, State> onGet(State state, Get cmd) {
        if (!state.exists()) {
            cmd.replyTo().tell(notFound());
            passivate.run();
        } else {
            cmd.replyTo().tell(Reply.ok(state));
            if (state.status().isFinal()) {
                passivate.run();
            }
        }
        return Effect().none();
    }

    private Effect<Event, State> onOffer(State state, Offer cmd) {
        if (state.status() != InteractionStatus.QUEUED) {
            cmd.replyTo().tell(Reply.rejected("not_queued", "Interaction " + interactionId + " is "
                    + (state.exists() ? state.status().wireName() : "unknown") + ", not queued"));
            return Effect().none();
        }
        Instant now = clock.instant();
        return Effect().persist(new Offered(cmd.agentId(), now, now.plus(settings.offerTimeout()), cmd.routing()))
                .thenRun(offered -> {
                    timers.cancel(REREGISTER_TIMER);
                    timers.startSingleTimer(OFFER_TIMER, new OfferExpired(offered.agentId(), offered.offeredAt()),
                            settings.offerTimeout());
                    tellAgent(offered, offered.agentId(), null);
                    cmd.replyTo().tell(Reply.ok(offered));
                });
    }

    private Effect<Event, State> onAccept(State state, Accept cmd) {
        Reply<State> refusal = refuseUnlessOfferedTo(state, cmd.agentId(), "accept");
        if (refusal != null) {
            cmd.replyTo().tell(refusal);
            return Effect().none();
        }
        return Effect().persist(new Accepted(cmd.agentId(), clock.instant()))
                .thenRun(connected -> {
                    timers.cancel(OFFER_TIMER);
                    tellAgent(connected, connected.agentId(), null);
                    cmd.replyTo().tell(Reply.ok(connected));
                });
    }

    private Effect<Event, State> onReject(State state, Reject cmd) {
        Reply<State> refusal = refuseUnlessOfferedTo(state, cmd.agentId(), "reject");
        if (refusal != null) {
            cmd.replyTo().tell(refusal);
            return Effect().none();
        }
        return Effect().persist(new OfferRejected(cmd.agentId(), "rejected", clock.instant()))
                .thenRun(requeued -> {
                    backToQueue(requeued, cmd.agentId(), "rejected");
                    cmd.replyTo().tell(Reply.ok(requeued));
                });
    }

    private Effect<Event, State> onReturnToQueue(State state, ReturnToQueue cmd) {
        if (state.status() != InteractionStatus.OFFERED || !cmd.agentId().equals(state.agentId())) {
            return Effect().none();
        }
        return Effect().persist(new OfferRejected(cmd.agentId(), cmd.reason(), clock.instant()))
                .thenRun(requeued -> backToQueue(requeued, cmd.agentId(), cmd.reason()));
    }

    private Effect<Event, State> onOfferExpired(State state, OfferExpired cmd) {
        if (state.status() != InteractionStatus.OFFERED || !cmd.agentId().equals(state.agentId())
                || !cmd.offeredAt().equals(state.offeredAt())) {
            return Effect().none();
        }
        return Effect().persist(new OfferTimedOut(cmd.agentId(), clock.instant()))
                .thenRun(requeued -> backToQueue(requeued, cmd.agentId(), Agent.MISSED_OFFER));
    }

    private Effect<Event, State> onComplete(State state, Complete cmd) {
        Reply<State> refusal = refuseUnlessHeldBy(state, cmd.agentId(), InteractionStatus.CONNECTED, "complete");
        if (refusal != null) {
            cmd.replyTo().tell(refusal);
            return Effect().none();
        }
        return Effect().persist(new Completed(cmd.agentId(), clock.instant()))
                .thenRun(inWrapUp -> {
                    startWrapUpTimer(inWrapUp);
                    tellAgent(inWrapUp, inWrapUp.agentId(), null);
                    cmd.replyTo().tell(Reply.ok(inWrapUp));
                });
    }

    private Effect<Event, State> onWrapUp(State state, WrapUp cmd) {
        Reply<State> refusal = refuseUnlessHeldBy(state, cmd.agentId(), InteractionStatus.WRAP_UP, "wrap up");
        if (refusal != null) {
            cmd.replyTo().tell(refusal);
            return Effect().none();
        }
        return Effect().persist(new WrappedUp(cmd.agentId(), cmd.disposition(), cmd.notes(), clock.instant()))
                .thenRun(done -> {
                    finish(done, done.agentId());
                    cmd.replyTo().tell(Reply.ok(done));
                });
    }

    private Effect<Event, State> onWrapUpExpired(State state, WrapUpExpired cmd) {
        if (state.status() != InteractionStatus.WRAP_UP || !cmd.wrapUpAt().equals(state.wrapUpAt())) {
            return Effect().none();
        }
        return Effect().persist(new WrappedUp(state.agentId(), "wrap_up_limit", null, clock.instant()))
                .thenRun(done -> finish(done, done.agentId()));
    }

    private Effect<Event, State> onAbandon(State state, Abandon cmd) {
        if (!state.exists()) {
            cmd.replyTo().tell(notFound());
            passivate.run();
            return Effect().none();
        }
        if (state.status() != InteractionStatus.QUEUED && state.status() != InteractionStatus.OFFERED) {
            cmd.replyTo().tell(Reply.rejected("invalid_transition", "Interaction " + interactionId + " is "
                    + state.status().wireName() + "; only a queued or offered interaction can be abandoned"));
            return Effect().none();
        }
        String offeredTo = state.agentId();
        return Effect().persist(new Abandoned(clock.instant()))
                .thenRun(abandoned -> {
                    peers.router(settings.routingDomain()).tell(new Router.Withdraw(interactionId));
                    finish(abandoned, offeredTo);
                    cmd.replyTo().tell(Reply.ok(abandoned));
                });
    }

    private Effect<Event, State> onCheckHolder(State state, CheckHolder cmd) {
        cmd.replyTo().tell(new Agent.HolderStatus(interactionId, state.status(), state.agentId()));
        return Effect().none();
    }

    private Effect<Event, State> onReregister(State state, Reregister cmd) {
        if (state.status() == InteractionStatus.QUEUED) {
            peers.router(settings.routingDomain()).tell(new Router.Enqueue(state.asWaitingContact()));
        }
        return Effect().none();
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private Reply<State> refuseUnlessOfferedTo(State state, String agentId, String action) {
        if (!state.exists()) {
            return notFound();
        }
        if (state.status() != InteractionStatus.OFFERED) {
            return Reply.rejected("invalid_transition", "Cannot " + action + " interaction " + interactionId
                    + ": it is " + state.status().wireName() + ", not offered");
        }
        if (!state.agentId().equals(agentId)) {
            return Reply.rejected("not_your_offer", "Interaction " + interactionId
                    + " is offered to another agent, not to " + agentId);
        }
        return null;
    }

    private Reply<State> refuseUnlessHeldBy(State state, String agentId, InteractionStatus required, String action) {
        if (!state.exists()) {
            return notFound();
        }
        if (state.status() != required) {
            return Reply.rejected("invalid_transition", "Cannot " + action + " interaction " + interactionId
                    + ": it is " + state.status().wireName() + ", not " + required.wireName());
        }
        if (!state.agentId().equals(agentId)) {
            return Reply.rejected("not_your_interaction", "Interaction " + interactionId
                    + " is handled by another agent, not by " + agentId);
        }
        return null;
    }

    private Reply<State> notFound() {
        return Reply.notFound("No interaction " + interactionId);
    }

    private void enterQueue(State state) {
        peers.router(settings.routingDomain()).tell(new Router.Enqueue(state.asWaitingContact()));
        // The router's index is not stored anywhere: re-registering now and then rebuilds it after the
        // router moved or restarted, and the original queuedAt keeps this contact's place.
        timers.startTimerWithFixedDelay(REREGISTER_TIMER, new Reregister(), settings.reregisterInterval());
    }

    private void backToQueue(State requeued, String agentId, String reason) {
        timers.cancel(OFFER_TIMER);
        tellAgent(requeued, agentId, reason);
        enterQueue(requeued);
    }

    private void finish(State ended, String agentId) {
        timers.cancelAll();
        if (agentId != null) {
            tellAgent(ended, agentId, null);
        }
        passivate.run();
    }

    private void startWrapUpTimer(State state) {
        if (settings.hasWrapUpLimit()) {
            Duration left = Duration.between(clock.instant(), state.wrapUpAt().plus(settings.wrapUpLimit()));
            timers.startSingleTimer(WRAP_UP_TIMER, new WrapUpExpired(state.wrapUpAt()),
                    left.isNegative() ? Duration.ZERO : left);
        }
    }

    private void tellAgent(State state, String agentId, String reason) {
        peers.agent(agentId).tell(new Agent.InteractionProgress(interactionId, state.status(), reason,
                state.offerExpiresAt()));
    }
}
