package io.acd.engine.agent;

import io.acd.engine.EngineSettings;
import io.acd.engine.Peers;
import io.acd.engine.Reply;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionStatus;
import io.acd.engine.router.Router;
import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Channel;
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
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One agent: profile, presence and the capacity it holds, event sourced. Capacity is only ever taken
 * here ({@link Reserve} persists {@link Reserved} only while a slot on the channel is free), so no race in
 * the router can push an agent beyond its capacity.
 */
public final class Agent extends EventSourcedBehavior<Agent.Command, Agent.Event, Agent.State> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Agent");

    /** The reason an agent is put in not_ready when an offer ran out unanswered. */
    public static final String MISSED_OFFER = "missed_offer";

    // ---- protocol ----------------------------------------------------------------------------------

    public sealed interface Command extends KryoMessage {
    }

    public record UpsertProfile(String name, Map<String, Integer> skills, Map<Channel, Integer> capacity,
                                Set<String> groups, ActorRef<Reply<State>> replyTo) implements Command {
    }

    public record ChangeStatus(AgentStatus status, String reason, ActorRef<Reply<State>> replyTo)
            implements Command {
    }

    public record Get(ActorRef<Reply<State>> replyTo) implements Command {
    }

    /** From the router: set a slot aside for this interaction if one is still free. */
    public record Reserve(String interactionId, Channel channel, String queue, int priority,
                          ActorRef<ReserveReply> replyTo) implements Command {
    }

    /**
     * @param agent the agent as it stands after answering (null when it is not available), so the router
     *              need not wait for the agent's next report to know its free capacity
     */
    public record ReserveReply(String agentId, String interactionId, boolean reserved, String reason,
                               AgentCandidate agent) implements KryoMessage {
    }

    /** From the router: the offer could not be recorded, give the reserved slot back. */
    public record Release(String interactionId, String reason) implements Command {
    }

    /** From an interaction this agent holds (or held): its status moved. */
    public record InteractionProgress(String interactionId, InteractionStatus status, String reason,
                                      Instant offerExpiresAt) implements Command {
    }

    /** The answer of an interaction to {@link Interaction.CheckHolder}. */
    public record HolderStatus(String interactionId, InteractionStatus status, String agentId) implements Command {
    }

    /** A desktop connection that wants this agent's pushes. */
    public record AttachDesktop(ActorRef<DesktopEvent> desktop) implements Command {
    }

    record DesktopDetached(ActorRef<DesktopEvent> desktop) implements Command {
    }

    record Reregister() implements Command {
    }

    /** What the engine pushes to an agent's desktop; the gateway turns these into WebSocket frames. */
    public sealed interface DesktopEvent extends KryoMessage {
    }

    public record OfferPushed(String interactionId, Channel channel, String queue, int priority, Instant expiresAt)
            implements DesktopEvent {
    }

    public record OfferRescinded(String interactionId, String reason) implements DesktopEvent {
    }

    public record InteractionConnected(String interactionId) implements DesktopEvent {
    }

    public record InteractionInWrapUp(String interactionId) implements DesktopEvent {
    }

    public record InteractionEnded(String interactionId, InteractionStatus status) implements DesktopEvent {
    }

    public record StatusPushed(String agentId, AgentStatus status, String reason) implements DesktopEvent {
    }

    /** The answer to a command the desktop sent over its socket. */
    public record DesktopAck(String action, String interactionId, InteractionStatus status) implements DesktopEvent {
    }

    public record DesktopError(String action, String interactionId, String error, String message)
            implements DesktopEvent {
    }

    public sealed interface Event extends KryoMessage {
    }

    /** @param groups agent groups; absent (null) in events stored before groups existed */
    public record ProfileUpdated(String name, Map<String, Integer> skills, Map<Channel, Integer> capacity,
                                 Instant at, Set<String> groups) implements Event {
    }

    public record StatusChanged(AgentStatus status, String reason, Instant at) implements Event {
    }

    public record Reserved(String interactionId, Channel channel, String queue, int priority, Instant at)
            implements Event {
    }

    public record HoldingChanged(String interactionId, HoldingPhase phase, Instant offerExpiresAt, Instant at)
            implements Event {
    }

    public record Released(String interactionId, String reason, Instant at) implements Event {
    }

    /** An interaction the agent holds capacity for. */
    public record Holding(String interactionId, Channel channel, String queue, int priority, HoldingPhase phase,
                          Instant since, Instant offerExpiresAt) implements KryoMessage {
    }

    /**
     * @param idleSince when the agent last became free of all work or became available; the router
     *                  prefers the agent idle longest
     */
    public record State(String agentId, boolean registered, String name, Map<String, Integer> skills,
                        Map<Channel, Integer> capacity, AgentStatus status, String reason, Instant statusSince,
                        Instant idleSince, Map<String, Holding> holdings, Set<String> groups) implements KryoMessage {

        static State empty(String agentId) {
            return new State(agentId, false, null, Map.of(), Map.of(), AgentStatus.LOGGED_OUT, null, null, null,
                    Map.of(), Set.of());
        }

        public int used(Channel channel) {
            return (int) holdings.values().stream().filter(h -> h.channel() == channel).count();
        }

        public int free(Channel channel) {
            return Math.max(0, capacity.getOrDefault(channel, 0) - used(channel));
        }

        State apply(Event event) {
            if (event instanceof ProfileUpdated e) {
                return new State(agentId, true, e.name(), Map.copyOf(e.skills()), Map.copyOf(e.capacity()),
                        status, reason, registered ? statusSince : e.at(), idleSince, holdings,
                        e.groups() == null ? Set.of() : Set.copyOf(e.groups()));
            } else if (event instanceof StatusChanged e) {
                boolean becameAvailable = e.status() == AgentStatus.AVAILABLE && status != AgentStatus.AVAILABLE;
                return new State(agentId, registered, name, skills, capacity, e.status(), e.reason(), e.at(),
                        becameAvailable ? e.at() : idleSince, holdings, groups);
            } else if (event instanceof Reserved e) {
                Map<String, Holding> next = new LinkedHashMap<>(holdings);
                next.put(e.interactionId(), new Holding(e.interactionId(), e.channel(), e.queue(), e.priority(),
                        HoldingPhase.RESERVED, e.at(), null));
                return withHoldings(next, idleSince);
            } else if (event instanceof HoldingChanged e) {
                Holding held = holdings.get(e.interactionId());
                if (held == null) {
                    return this;
                }
                Map<String, Holding> next = new LinkedHashMap<>(holdings);
                next.put(e.interactionId(), new Holding(held.interactionId(), held.channel(), held.queue(),
                        held.priority(), e.phase(), e.at(), e.offerExpiresAt()));
                return withHoldings(next, idleSince);
            } else if (event instanceof Released e) {
                Map<String, Holding> next = new LinkedHashMap<>(holdings);
                next.remove(e.interactionId());
                return withHoldings(next, next.isEmpty() && !holdings.isEmpty() ? e.at() : idleSince);
            }
            throw new IllegalArgumentException("Unknown event " + event);
        }

        private State withHoldings(Map<String, Holding> next, Instant newIdleSince) {
            return new State(agentId, registered, name, skills, capacity, status, reason, statusSince, newIdleSince,
                    Map.copyOf(next), groups);
        }

        AgentCandidate asCandidate() {
            Map<Channel, Integer> used = new EnumMap<>(Channel.class);
            for (Holding holding : holdings.values()) {
                used.merge(holding.channel(), 1, Integer::sum);
            }
            return new AgentCandidate(agentId, skills, capacity, used, idleSince == null ? statusSince : idleSince,
                    groups);
        }

        /** Holdings in a stable order (by since, then id) for views. */
        public List<Holding> holdingsInOrder() {
            List<Holding> list = new ArrayList<>(holdings.values());
            list.sort((a, b) -> a.since().equals(b.since())
                    ? a.interactionId().compareTo(b.interactionId()) : a.since().compareTo(b.since()));
            return list;
        }
    }

    /** Kryo ids of this protocol; stored ids never change meaning (see KryoRegistrar). */
    public static void registerTypes(KryoRegistry registry) {
        registry.enumeration(AgentStatus.class, 300);
        registry.enumeration(HoldingPhase.class, 301);
        registry.record(State.class, 302);
        registry.record(Holding.class, 303);
        registry.record(UpsertProfile.class, 310);
        registry.record(ChangeStatus.class, 311);
        registry.record(Get.class, 312);
        registry.record(Reserve.class, 313);
        registry.record(ReserveReply.class, 314);
        registry.record(Release.class, 315);
        registry.record(InteractionProgress.class, 316);
        registry.record(HolderStatus.class, 317);
        registry.record(AttachDesktop.class, 318);
        registry.record(DesktopDetached.class, 319);
        registry.record(Reregister.class, 320);
        registry.record(ProfileUpdated.class, 340);
        registry.record(StatusChanged.class, 341);
        registry.record(Reserved.class, 342);
        registry.record(HoldingChanged.class, 343);
        registry.record(Released.class, 344);
        registry.record(OfferPushed.class, 360);
        registry.record(OfferRescinded.class, 361);
        registry.record(InteractionConnected.class, 362);
        registry.record(InteractionInWrapUp.class, 363);
        registry.record(InteractionEnded.class, 364);
        registry.record(StatusPushed.class, 365);
        registry.record(DesktopAck.class, 366);
        registry.record(DesktopError.class, 367);
    }

    // ---- behaviour ---------------------------------------------------------------------------------

    private static final String REREGISTER_TIMER = "reregister";

    private final String agentId;
    private final EngineSettings settings;
    private final Peers peers;
    private final Runnable passivate;
    private final Clock clock;
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Set<ActorRef<DesktopEvent>> desktops = new HashSet<>();
    /** Holdings found at recovery that the interaction has not yet confirmed. */
    private final Set<String> unconfirmed = new HashSet<>();

    /** @param shard the entity's shard, to passivate an agent that does not exist; null outside sharding */
    public static Behavior<Command> create(String agentId, EngineSettings settings, Peers peers,
                                           ActorRef<ClusterSharding.ShardCommand> shard, Clock clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            Runnable passivate = shard == null
                    ? () -> { } : () -> shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
            return new Agent(agentId, settings, peers, passivate, clock, context, timers);
        }));
    }

    private Agent(String agentId, EngineSettings settings, Peers peers, Runnable passivate, Clock clock,
                  ActorContext<Command> context, TimerScheduler<Command> timers) {
        super(PersistenceId.of(TYPE_KEY.name(), agentId));
        this.agentId = agentId;
        this.settings = settings;
        this.peers = peers;
        this.passivate = passivate;
        this.clock = clock;
        this.context = context;
        this.timers = timers;
    }

    @Override
    public State emptyState() {
        return State.empty(agentId);
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::onRecovered).build();
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(UpsertProfile.class, this::onUpsertProfile)
                .onCommand(ChangeStatus.class, this::onChangeStatus)
                .onCommand(Get.class, this::onGet)
                .onCommand(Reserve.class, this::onReserve)
                .onCommand(Release.class, this::onRelease)
                .onCommand(InteractionProgress.class, this::onProgress)
                .onCommand(HolderStatus.class, this::onHolderStatus)
                .onCommand(AttachDesktop.class, this::onAttachDesktop)
                .onCommand(DesktopDetached.class, this::onDesktopDetached)
                .onCommand(Reregister.class, this::onReregister)
                .build();
    }

    private void onRecovered(State state) {
        if (!state.registered()) {
            return;
        }
        report(state);
        timers.startTimerWithFixedDelay(REREGISTER_TIMER, new Reregister(), settings.reregisterInterval());
        // A crash may have cut the conversation with an interaction short (a reservation never offered, a
        // release never delivered): ask each held interaction who holds it, and keep only what is ours.
        for (Holding holding : state.holdings().values()) {
            unconfirmed.add(holding.interactionId());
            askHolder(holding.interactionId());
        }
    }

    private Effect<Event, State> onUpsertProfile(State state, UpsertProfile cmd) {
        return Effect().persist(new ProfileUpdated(cmd.name(), cmd.skills(), cmd.capacity(), clock.instant(),
                        cmd.groups()))
                .thenRun(updated -> {
                    if (!state.registered()) {
                        timers.startTimerWithFixedDelay(REREGISTER_TIMER, new Reregister(),
                                settings.reregisterInterval());
                    }
                    report(updated);
                    cmd.replyTo().tell(Reply.ok(updated));
                });
    }

    private Effect<Event, State> onChangeStatus(State state, ChangeStatus cmd) {
        if (!state.registered()) {
            cmd.replyTo().tell(notFound());
            passivate.run();
            return Effect().none();
        }
        if (cmd.status() == state.status() && Objects.equals(cmd.reason(), state.reason())) {
            cmd.replyTo().tell(Reply.ok(state));
            return Effect().none();
        }
        if (cmd.status() == AgentStatus.LOGGED_OUT && !state.holdings().isEmpty()) {
            cmd.replyTo().tell(Reply.rejected("agent_has_work", "Agent " + agentId + " holds "
                    + state.holdings().size() + " interaction(s); finish them (complete and wrap up) before"
                    + " logging out, or go not_ready to stop receiving new ones"));
            return Effect().none();
        }
        return Effect().persist(new StatusChanged(cmd.status(), cmd.reason(), clock.instant()))
                .thenRun(changed -> {
                    report(changed);
                    push(new StatusPushed(agentId, changed.status(), changed.reason()));
                    cmd.replyTo().tell(Reply.ok(changed));
                });
    }

    private Effect<Event, State> onGet(State state, Get cmd) {
        if (!state.registered()) {
            cmd.replyTo().tell(notFound());
            passivate.run();
        } else {
            cmd.replyTo().tell(Reply.ok(state));
        }
        return Effect().none();
    }

    private Effect<Event, State> onReserve(State state, Reserve cmd) {
        String refusal = null;
        if (!state.registered()) {
            refusal = "unknown_agent";
        } else if (state.status() != AgentStatus.AVAILABLE) {
            refusal = "not_available";
        } else if (state.holdings().containsKey(cmd.interactionId())) {
            refusal = "already_holding";
        } else if (state.free(cmd.channel()) <= 0) {
            refusal = "no_capacity";
        }
        if (refusal != null) {
            cmd.replyTo().tell(new ReserveReply(agentId, cmd.interactionId(), false, refusal, candidateOf(state)));
            report(state);
            return Effect().none();
        }
        return Effect().persist(new Reserved(cmd.interactionId(), cmd.channel(), cmd.queue(), cmd.priority(),
                        clock.instant()))
                .thenRun(reserved -> {
                    report(reserved);
                    cmd.replyTo().tell(new ReserveReply(agentId, cmd.interactionId(), true, null, candidateOf(reserved)));
                });
    }

    private Effect<Event, State> onRelease(State state, Release cmd) {
        Holding held = state.holdings().get(cmd.interactionId());
        // Only a bare reservation is the router's to undo; once offered, the interaction decides.
        if (held == null || held.phase() != HoldingPhase.RESERVED) {
            return Effect().none();
        }
        return Effect().persist(new Released(cmd.interactionId(), cmd.reason(), clock.instant()))
                .thenRun(this::report);
    }

    private Effect<Event, State> onProgress(State state, InteractionProgress cmd) {
        Holding held = state.holdings().get(cmd.interactionId());
        Instant now = clock.instant();
        unconfirmed.remove(cmd.interactionId());
        switch (cmd.status()) {
            case OFFERED, CONNECTED, WRAP_UP -> {
                if (held == null) {
                    if (cmd.status() == InteractionStatus.OFFERED) {
                        // An offer we hold no slot for (the slot was given back meanwhile): return it.
                        peers.interaction(cmd.interactionId())
                                .tell(new Interaction.ReturnToQueue(agentId, "not_reserved"));
                    }
                    return Effect().none();
                }
                HoldingPhase phase = switch (cmd.status()) {
                    case OFFERED -> HoldingPhase.OFFERED;
                    case CONNECTED -> HoldingPhase.CONNECTED;
                    default -> HoldingPhase.WRAP_UP;
                };
                if (held.phase() == phase) {
                    return Effect().none();
                }
                // The desktop hears of it before the agent's journal does: the interaction has already stored
                // the move and is what an answer goes to, so the push need not wait for a write. Should this
                // agent restart before the write, it asks the interaction again and pushes once more.
                switch (phase) {
                    case OFFERED -> push(offerOf(held, cmd.offerExpiresAt()));
                    case CONNECTED -> push(new InteractionConnected(held.interactionId()));
                    default -> push(new InteractionInWrapUp(held.interactionId()));
                }
                return Effect().persist(new HoldingChanged(cmd.interactionId(), phase, cmd.offerExpiresAt(), now));
            }
            default -> {
                if (held == null) {
                    return Effect().none();
                }
                List<Event> events = new ArrayList<>();
                String reason = cmd.reason() != null ? cmd.reason() : cmd.status().wireName();
                events.add(new Released(cmd.interactionId(), reason, now));
                boolean missed = MISSED_OFFER.equals(cmd.reason());
                if (missed && state.status() == AgentStatus.AVAILABLE) {
                    events.add(new StatusChanged(AgentStatus.NOT_READY, MISSED_OFFER, now));
                }
                boolean wasOffer = held.phase() == HoldingPhase.OFFERED || held.phase() == HoldingPhase.RESERVED;
                return Effect().persist(events).thenRun(released -> {
                    report(released);
                    if (cmd.status() == InteractionStatus.QUEUED || wasOffer) {
                        push(new OfferRescinded(cmd.interactionId(), reason));
                    } else {
                        push(new InteractionEnded(cmd.interactionId(), cmd.status()));
                    }
                    if (released.status() != state.status()) {
                        push(new StatusPushed(agentId, released.status(), released.reason()));
                    }
                });
            }
        }
    }

    private Effect<Event, State> onHolderStatus(State state, HolderStatus cmd) {
        Holding held = state.holdings().get(cmd.interactionId());
        if (held == null || !unconfirmed.remove(cmd.interactionId())) {
            return Effect().none();
        }
        boolean ours = agentId.equals(cmd.agentId()) && cmd.status() != null && switch (cmd.status()) {
            case OFFERED, CONNECTED, WRAP_UP -> true;
            default -> false;
        };
        if (!ours) {
            return Effect().persist(new Released(cmd.interactionId(), "reconciled", clock.instant()))
                    .thenRun(this::report);
        }
        return onProgress(state, new InteractionProgress(cmd.interactionId(), cmd.status(), null, null));
    }

    private Effect<Event, State> onAttachDesktop(State state, AttachDesktop cmd) {
        desktops.add(cmd.desktop());
        context.watchWith(cmd.desktop(), new DesktopDetached(cmd.desktop()));
        cmd.desktop().tell(new StatusPushed(agentId, state.status(), state.reason()));
        for (Holding holding : state.holdingsInOrder()) {
            if (holding.phase() == HoldingPhase.OFFERED) {
                cmd.desktop().tell(offerOf(holding));
            }
        }
        return Effect().none();
    }

    private Effect<Event, State> onDesktopDetached(State state, DesktopDetached cmd) {
        desktops.remove(cmd.desktop());
        return Effect().none();
    }

    private Effect<Event, State> onReregister(State state, Reregister cmd) {
        report(state);
        Instant stale = clock.instant().minus(settings.askTimeout().multipliedBy(2));
        for (Holding holding : state.holdings().values()) {
            // A reservation normally turns into an offer within milliseconds; one that lingers lost its
            // counterpart (a router that went away between the two phases) and is checked.
            if (unconfirmed.contains(holding.interactionId())
                    || (holding.phase() == HoldingPhase.RESERVED && holding.since().isBefore(stale))) {
                unconfirmed.add(holding.interactionId());
                askHolder(holding.interactionId());
            }
        }
        return Effect().none();
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private void askHolder(String interactionId) {
        peers.interaction(interactionId).tell(new Interaction.CheckHolder(agentId, context.getSelf()));
    }

    private void report(State state) {
        if (state.registered() && state.status() == AgentStatus.AVAILABLE) {
            peers.router(settings.routingDomain()).tell(new Router.AgentAvailable(state.asCandidate()));
        } else {
            peers.router(settings.routingDomain()).tell(new Router.AgentUnavailable(agentId));
        }
    }

    private static AgentCandidate candidateOf(State state) {
        return state.registered() && state.status() == AgentStatus.AVAILABLE ? state.asCandidate() : null;
    }

    private void push(DesktopEvent event) {
        for (ActorRef<DesktopEvent> desktop : desktops) {
            desktop.tell(event);
        }
    }

    private static OfferPushed offerOf(Holding holding) {
        return offerOf(holding, holding.offerExpiresAt());
    }

    private static OfferPushed offerOf(Holding holding, Instant expiresAt) {
        return new OfferPushed(holding.interactionId(), holding.channel(), holding.queue(), holding.priority(),
                expiresAt);
    }

    private Reply<State> notFound() {
        return Reply.notFound("No agent " + agentId + "; create it with PUT /v1/agents/" + agentId);
    }

}
