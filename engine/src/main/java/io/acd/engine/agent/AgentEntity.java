package io.acd.engine.agent;

import io.acd.engine.EngineSettings;
import io.acd.engine.Peers;
import io.acd.engine.Reply;
import io.acd.engine.agent.Agent.AttachDesktop;
import io.acd.engine.agent.Agent.ChangeStatus;
import io.acd.engine.agent.Agent.Command;
import io.acd.engine.agent.Agent.DesktopDetached;
import io.acd.engine.agent.Agent.DesktopEvent;
import io.acd.engine.agent.Agent.Event;
import io.acd.engine.agent.Agent.Get;
import io.acd.engine.agent.Agent.HolderStatus;
import io.acd.engine.agent.Agent.Holding;
import io.acd.engine.agent.Agent.InteractionProgress;
import io.acd.engine.agent.Agent.Release;
import io.acd.engine.agent.Agent.Reregister;
import io.acd.engine.agent.Agent.Reserve;
import io.acd.engine.agent.Agent.ReserveRefusal;
import io.acd.engine.agent.Agent.ReserveReply;
import io.acd.engine.agent.Agent.UpsertProfile;
import io.acd.engine.agent.AgentState.Available;
import io.acd.engine.agent.AgentState.LoggedIn;
import io.acd.engine.agent.AgentState.LoggedOut;
import io.acd.engine.agent.AgentState.NotReady;
import io.acd.engine.agent.AgentState.Registered;
import io.acd.engine.agent.AgentState.Unregistered;
import io.acd.engine.interaction.Interaction.OfferFailure;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionStatus;
import io.acd.engine.router.Router;
import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.tenant.ScopedId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One agent: profile, presence and the capacity it holds, event sourced. Capacity is only ever taken
 * here ({@link Reserve} persists {@link Agent.Reserved} only while a slot on the channel is free), so no race
 * in the router can push an agent beyond its capacity.
 *
 * <p>Commands are handled by phase ({@link AgentState}): only an available agent can be reserved, only a
 * registered one changes status, and only a logged-in one holds work to progress or release.
 */
public final class AgentEntity extends EventSourcedBehaviorWithEnforcedReplies<Command, Event, AgentState> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Agent");

    /**
     * An agent stores two events for every contact it takes (reserved, released), so over a working day its
     * journal grows by hundreds. A snapshot every 100 events (about fifty contacts) keeps recovery to one
     * snapshot and at most 99 events. Older snapshots are deleted
     * but the latest two, so the store stays small and the one before the newest is still there should the
     * newest be unreadable. Events are kept: they are the agent's history.
     */
    static final int SNAPSHOT_EVERY = 100;
    static final int SNAPSHOTS_KEPT = 2;

    private static final String REREGISTER_TIMER = "reregister";
    /** Why a holding was released after a restart: the interaction said it is no longer ours. */
    private static final String RECONCILED = "reconciled";

    private final String agentId;
    private final EngineSettings settings;
    private final Peers peers;
    private final Runnable passivate;
    private final Clock clock;
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final Set<String> tags;
    private final Set<ActorRef<DesktopEvent>> desktops = new HashSet<>();
    /** Holdings found at recovery that the interaction has not yet confirmed. */
    private final Set<String> unconfirmed = new HashSet<>();
    /** When each held contact was last asked whether it is still ours (connected and wrap-up ones only). */
    private final Map<String, Instant> lastAsked = new HashMap<>();
    /**
     * Holdings whose phase moved (offered, connected, wrap-up) since they were reserved, by interaction id.
     * Each move is already in the interaction's journal, which is what decides them, so the agent keeps them
     * in memory only: a write per move saved, three per contact. What it holds, the capacity, is stored. After
     * a restart the agent asks every held interaction where it stands (as it did before) and learns the
     * phases again; until then a holding shows as reserved.
     */
    private final Map<String, Holding> moved = new HashMap<>();

    /** @param shard the entity's shard, to passivate an agent that does not exist; null outside sharding */
    public static Behavior<Command> create(ScopedId id, EngineSettings settings, Peers peers,
                                           ActorRef<ClusterSharding.ShardCommand> shard, Clock clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            Runnable passivate = shard == null
                    ? () -> { } : () -> shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
            return new AgentEntity(id, settings, peers, passivate, clock, context, timers);
        }));
    }

    private AgentEntity(ScopedId id, EngineSettings settings, Peers peers, Runnable passivate, Clock clock,
                        ActorContext<Command> context, TimerScheduler<Command> timers) {
        super(PersistenceId.of(TYPE_KEY.name(), id.entityId()));
        this.tags = settings.eventTags(persistenceId().id());
        this.agentId = id.local();
        this.settings = settings;
        this.peers = peers;
        this.passivate = passivate;
        this.clock = clock;
        this.context = context;
        this.timers = timers;
    }

    /** Read by the projections: see {@link EngineSettings#eventTags}. */
    @Override
    public Set<String> tagsFor(Event event) {
        return tags;
    }

    @Override
    public AgentState emptyState() {
        return new Unregistered(agentId);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, SNAPSHOTS_KEPT);
    }

    @Override
    public EventHandler<AgentState, Event> eventHandler() {
        var builder = newEventHandlerBuilder();
        builder.forStateType(Unregistered.class)
                .onEvent(Agent.ProfileUpdated.class, Unregistered::profileUpdated);
        builder.forStateType(LoggedOut.class)
                .onEvent(Agent.ProfileUpdated.class, LoggedOut::profileUpdated)
                .onEvent(Agent.StatusChanged.class, LoggedOut::statusChanged);
        builder.forStateType(Available.class)
                .onEvent(Agent.ProfileUpdated.class, Available::profileUpdated)
                .onEvent(Agent.StatusChanged.class, Available::statusChanged)
                .onEvent(Agent.Reserved.class, Available::reserved)
                .onEvent(Agent.HoldingChanged.class, Available::holdingChanged)
                .onEvent(Agent.Released.class, Available::released);
        builder.forStateType(NotReady.class)
                .onEvent(Agent.ProfileUpdated.class, NotReady::profileUpdated)
                .onEvent(Agent.StatusChanged.class, NotReady::statusChanged)
                .onEvent(Agent.HoldingChanged.class, NotReady::holdingChanged)
                .onEvent(Agent.Released.class, NotReady::released);
        return builder.build();
    }

    @Override
    public SignalHandler<AgentState> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::onRecovered).build();
    }

    @Override
    public CommandHandlerWithReply<Command, Event, AgentState> commandHandler() {
        var builder = newCommandHandlerWithReplyBuilder();
        // The first handler that matches both the phase and the command wins: the narrower phases first.
        builder.forStateType(Unregistered.class)
                .onCommand(UpsertProfile.class, this::register)
                .onCommand(ChangeStatus.class, cmd -> notFoundAndStop(cmd.replyTo()))
                .onCommand(Get.class, cmd -> notFoundAndStop(cmd.replyTo()))
                .onCommand(Reserve.class, (unregistered, cmd) -> refuse(unregistered, cmd,
                        ReserveRefusal.UNKNOWN_AGENT));
        builder.forStateType(Available.class)
                .onCommand(Reserve.class, this::reserve);
        builder.forStateType(LoggedIn.class)
                .onCommand(ChangeStatus.class, this::changeStatusHoldingWork)
                .onCommand(Release.class, this::release)
                .onCommand(InteractionProgress.class, this::progress)
                .onCommand(HolderStatus.class, this::holderStatus);
        builder.forStateType(Registered.class)
                .onCommand(UpsertProfile.class, this::updateProfile)
                .onCommand(ChangeStatus.class, this::changeStatus)
                .onCommand(Get.class, (registered, cmd) -> Effect().reply(cmd.replyTo(), ok(registered)))
                .onCommand(Reserve.class, (registered, cmd) -> refuse(registered, cmd, ReserveRefusal.NOT_AVAILABLE));
        // Whatever the phase: an agent that holds nothing has nothing to release, progress or confirm.
        builder.forAnyState()
                .onCommand(Release.class, cmd -> Effect().noReply())
                .onCommand(InteractionProgress.class, this::notHeld)
                .onCommand(HolderStatus.class, cmd -> Effect().noReply())
                .onCommand(AttachDesktop.class, this::attachDesktop)
                .onCommand(DesktopDetached.class, cmd -> {
                    desktops.remove(cmd.desktop());
                    return Effect().noReply();
                })
                .onCommand(Agent.PushMessage.class, cmd -> {
                    push(new Agent.MessagePushed(cmd.interactionId(), cmd.message()));
                    return Effect().noReply();
                })
                .onCommand(Reregister.class, this::reregister);
        return builder.build();
    }

    private void onRecovered(AgentState state) {
        if (!(state instanceof Registered)) {
            return;
        }
        report(state);
        startReregistering();
        // A crash may have cut the conversation with an interaction short (a reservation never offered, a
        // release never delivered): ask each held interaction who holds it, and keep only what is ours.
        for (Holding holding : state.holdings().values()) {
            unconfirmed.add(holding.interactionId());
            askHolder(holding.interactionId());
        }
    }

    // ---- profile and status ------------------------------------------------------------------------

    private ReplyEffect<Event, AgentState> register(Unregistered state, UpsertProfile cmd) {
        return Effect().persist(profileUpdated(cmd))
                .thenRun((Registered registered) -> {
                    startReregistering();
                    report(registered);
                })
                .thenReply(cmd.replyTo(), this::ok);
    }

    private ReplyEffect<Event, AgentState> updateProfile(Registered state, UpsertProfile cmd) {
        return Effect().persist(profileUpdated(cmd))
                .thenRun(this::report)
                .thenReply(cmd.replyTo(), this::ok);
    }

    private Agent.ProfileUpdated profileUpdated(UpsertProfile cmd) {
        return new Agent.ProfileUpdated(cmd.name(), cmd.skills(), cmd.capacity(), clock.instant(), cmd.groups());
    }

    /** An agent that holds interactions cannot log out: they would keep its capacity with nobody on them. */
    private ReplyEffect<Event, AgentState> changeStatusHoldingWork(LoggedIn state, ChangeStatus cmd) {
        if (cmd.status() == AgentStatus.LOGGED_OUT && !state.holdings().isEmpty()) {
            return Effect().reply(cmd.replyTo(), Reply.rejected(Agent.Refusal.AGENT_HAS_WORK, "Agent " + agentId
                    + " holds " + state.holdings().size() + " interaction(s); finish them (complete and wrap up)"
                    + " before logging out, or go not_ready to stop receiving new ones"));
        }
        return changeStatus(state, cmd);
    }

    private ReplyEffect<Event, AgentState> changeStatus(Registered state, ChangeStatus cmd) {
        if (cmd.status() == state.status() && Objects.equals(cmd.reason(), state.reason())) {
            return Effect().reply(cmd.replyTo(), ok(state));
        }
        return Effect().persist(new Agent.StatusChanged(cmd.status(), cmd.reason(), clock.instant()))
                .thenRun((Registered changed) -> {
                    report(changed);
                    push(new Agent.StatusPushed(agentId, changed.status(), changed.reason()));
                })
                .thenReply(cmd.replyTo(), this::ok);
    }

    // ---- reservations ------------------------------------------------------------------------------

    private ReplyEffect<Event, AgentState> reserve(Available state, Reserve cmd) {
        if (state.holdings().containsKey(cmd.interactionId())) {
            return refuse(state, cmd, ReserveRefusal.ALREADY_HOLDING);
        }
        if (state.free(cmd.channel()) <= 0) {
            return refuse(state, cmd, ReserveRefusal.NO_CAPACITY);
        }
        return Effect().persist(new Agent.Reserved(cmd.interactionId(), cmd.channel(), cmd.queue(), cmd.priority(),
                        clock.instant()))
                .thenRun(this::report)
                .thenReply(cmd.replyTo(), reserved ->
                        new ReserveReply.Granted(agentId, cmd.interactionId(), candidateOf(reserved)));
    }

    /** Refused, with the agent as it stands, so the router puts it back in its index as it really is. */
    private ReplyEffect<Event, AgentState> refuse(AgentState state, Reserve cmd, ReserveRefusal why) {
        return Effect().none()
                .thenRun(() -> report(state))
                .thenReply(cmd.replyTo(),
                        unchanged -> new ReserveReply.Refused(agentId, cmd.interactionId(), why, candidateOf(state)));
    }

    private ReplyEffect<Event, AgentState> release(LoggedIn state, Release cmd) {
        var held = held(state, cmd.interactionId());
        // Only a bare reservation is the router's to undo; once offered, the interaction decides.
        if (held == null || held.phase() != HoldingPhase.RESERVED) {
            return Effect().noReply();
        }
        return Effect().persist(new Agent.Released(cmd.interactionId(), cmd.reason(), clock.instant()))
                .thenRun(this::releasedAndReport)
                .thenNoReply();
    }

    // ---- what the interactions report --------------------------------------------------------------

    private ReplyEffect<Event, AgentState> progress(LoggedIn state, InteractionProgress cmd) {
        var held = held(state, cmd.interactionId());
        if (held == null) {
            return notHeld(state, cmd);
        }
        unconfirmed.remove(cmd.interactionId());
        return switch (cmd.status()) {
            case OFFERED -> moved(held, HoldingPhase.OFFERED, cmd);
            case CONNECTED -> moved(held, HoldingPhase.CONNECTED, cmd);
            case WRAP_UP -> moved(held, HoldingPhase.WRAP_UP, cmd);
            case QUEUED, COMPLETED, ABANDONED -> released(state, held, cmd);
        };
    }

    private ReplyEffect<Event, AgentState> moved(Holding held, HoldingPhase phase, InteractionProgress cmd) {
        if (held.phase() == phase) {
            return Effect().noReply();
        }
        // Nothing is stored (see moved): the interaction has stored the move and is what an answer goes to.
        // Should this agent restart, it asks the interaction again and pushes once more.
        moved.put(held.interactionId(), new Holding(held.interactionId(), held.channel(), held.queue(),
                held.priority(), phase, clock.instant(), cmd.offerExpiresAt()));
        switch (phase) {
            case OFFERED -> push(offerOf(held, cmd.offerExpiresAt()));
            case CONNECTED -> push(new Agent.InteractionConnected(held.interactionId(), held.channel()));
            default -> push(new Agent.InteractionInWrapUp(held.interactionId()));
        }
        return Effect().noReply();
    }

    /** The interaction went back to the queue or ended: the slot is free, and a missed offer costs readiness. */
    private ReplyEffect<Event, AgentState> released(LoggedIn state, Holding held, InteractionProgress cmd) {
        var now = clock.instant();
        var reason = cmd.failure() != null ? cmd.failure().code() : cmd.status().wireName();
        List<Event> events = new ArrayList<>();
        events.add(new Agent.Released(cmd.interactionId(), reason, now));
        if (cmd.failure() == OfferFailure.MISSED && state instanceof Available) {
            events.add(new Agent.StatusChanged(AgentStatus.NOT_READY, OfferFailure.MISSED.code(), now));
        }
        var wasOffer = held.phase() == HoldingPhase.OFFERED || held.phase() == HoldingPhase.RESERVED;
        return Effect().persist(events).thenRun((AgentState after) -> {
            releasedAndReport(after);
            if (cmd.status() == InteractionStatus.QUEUED || wasOffer) {
                push(new Agent.OfferRescinded(cmd.interactionId(), reason));
            } else {
                push(new Agent.InteractionEnded(cmd.interactionId(), cmd.status()));
            }
            if (after.status() != state.status()) {
                push(new Agent.StatusPushed(agentId, after.status(), after.reason()));
            }
        }).thenNoReply();
    }

    /** News of an interaction this agent holds no slot for; an offer of it is sent back to the queue. */
    private ReplyEffect<Event, AgentState> notHeld(AgentState state, InteractionProgress cmd) {
        unconfirmed.remove(cmd.interactionId());
        if (cmd.status() == InteractionStatus.OFFERED) {
            // The slot was given back meanwhile (a release that crossed the offer in flight).
            peers.interaction(cmd.interactionId())
                    .tell(new Interaction.ReturnToQueue(agentId, OfferFailure.NOT_RESERVED));
        }
        return Effect().noReply();
    }

    private ReplyEffect<Event, AgentState> holderStatus(LoggedIn state, HolderStatus cmd) {
        if (!state.holdings().containsKey(cmd.interactionId()) || !unconfirmed.remove(cmd.interactionId())) {
            return Effect().noReply();
        }
        var ours = agentId.equals(cmd.agentId()) && cmd.status() != null && switch (cmd.status()) {
            case OFFERED, CONNECTED, WRAP_UP -> true;
            default -> false;
        };
        if (!ours) {
            return Effect().persist(new Agent.Released(cmd.interactionId(), RECONCILED, clock.instant()))
                    .thenRun(this::releasedAndReport)
                    .thenNoReply();
        }
        return progress(state, new InteractionProgress(cmd.interactionId(), cmd.status(), null, null));
    }

    // ---- desktops and the router -------------------------------------------------------------------

    private ReplyEffect<Event, AgentState> attachDesktop(AgentState state, AttachDesktop cmd) {
        desktops.add(cmd.desktop());
        context.watchWith(cmd.desktop(), new DesktopDetached(cmd.desktop()));
        cmd.desktop().tell(new Agent.DesktopAttached(context.getSelf()));
        cmd.desktop().tell(new Agent.StatusPushed(agentId, state.status(), state.reason()));
        for (Holding holding : seen(state).holdingsInOrder()) {
            // A desktop that opens again sees what its agent holds: offers to answer, contacts to go on with.
            switch (holding.phase()) {
                case OFFERED -> cmd.desktop().tell(offerOf(holding, holding.offerExpiresAt()));
                case CONNECTED -> cmd.desktop().tell(new Agent.InteractionConnected(holding.interactionId(),
                        holding.channel()));
                case WRAP_UP -> cmd.desktop().tell(new Agent.InteractionInWrapUp(holding.interactionId()));
                default -> { }
            }
        }
        return Effect().noReply();
    }

    private ReplyEffect<Event, AgentState> reregister(AgentState state, Reregister cmd) {
        report(state);
        Instant now = clock.instant();
        Instant stale = now.minus(settings.askTimeout().multipliedBy(2));
        Map<String, Holding> holdings = seen(state).holdings();
        lastAsked.keySet().retainAll(holdings.keySet());
        for (Holding holding : holdings.values()) {
            // A reservation normally turns into an offer within milliseconds; one that lingers lost its
            // counterpart (a router that went away between the two phases) and is checked.
            if (unconfirmed.contains(holding.interactionId())
                    || (holding.phase() == HoldingPhase.RESERVED && holding.since().isBefore(stale))
                    || overdue(holding, stale) || heldCheckDue(holding, now)) {
                unconfirmed.add(holding.interactionId());
                lastAsked.put(holding.interactionId(), now);
                askHolder(holding.interactionId());
            }
        }
        return Effect().noReply();
    }

    /**
     * A contact connected or in wrap-up tells the agent when it ends; if that message was lost with a node, only
     * asking finds out. Each is asked once per held-check interval, the first time an interval after it was seen.
     */
    private boolean heldCheckDue(Holding holding, Instant now) {
        if (holding.phase() != HoldingPhase.CONNECTED && holding.phase() != HoldingPhase.WRAP_UP) {
            return false;
        }
        Instant asked = lastAsked.putIfAbsent(holding.interactionId(), now);
        return asked != null && !asked.plus(settings.heldCheckInterval()).isAfter(now);
    }

    /**
     * An offer past its expiry, or a wrap-up past its limit, that the interaction has not ended: its timer
     * went with a node that died (interactions are not restarted by themselves). Asking it wakes it, and it
     * ends what is overdue as it recovers.
     */
    private boolean overdue(Holding holding, Instant stale) {
        return switch (holding.phase()) {
            case OFFERED -> holding.offerExpiresAt() != null && holding.offerExpiresAt().isBefore(stale);
            case WRAP_UP -> settings.hasWrapUpLimit() && holding.since().plus(settings.wrapUpLimit()).isBefore(stale);
            default -> false;
        };
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** After an event every state is a registered one; clients see the phases the holdings moved to. */
    private Reply<Registered> ok(AgentState state) {
        return Reply.ok((Registered) seen(state));
    }

    /** The state with the phases its holdings moved to since they were stored. */
    private AgentState seen(AgentState state) {
        return state instanceof LoggedIn loggedIn && !moved.isEmpty() ? loggedIn.withHoldingsMoved(moved) : state;
    }

    /** The holding of this interaction as it stands now, or null when the agent holds no slot for it. */
    private Holding held(AgentState state, String interactionId) {
        var stored = state.holdings().get(interactionId);
        return stored == null ? null : moved.getOrDefault(interactionId, stored);
    }

    /** After a release: a phase learned for a slot no longer held must not cling to a later reservation. */
    private void releasedAndReport(AgentState after) {
        moved.keySet().retainAll(after.holdings().keySet());
        report(after);
    }

    /** Not found, and stop: nothing is kept in memory for an agent that was never created. */
    private ReplyEffect<Event, AgentState> notFoundAndStop(ActorRef<Reply<Registered>> replyTo) {
        return Effect().none().thenRun(passivate::run).thenReply(replyTo, state ->
                Reply.notFound("No agent " + agentId + "; create it with PUT /v1/agents/" + agentId));
    }

    private void startReregistering() {
        timers.startTimerWithFixedDelay(REREGISTER_TIMER, new Reregister(), settings.reregisterInterval());
    }

    private void askHolder(String interactionId) {
        peers.interaction(interactionId).tell(new Interaction.CheckHolder(agentId, context.getSelf()));
    }

    private void report(AgentState state) {
        var router = peers.router(settings.routingDomain());
        if (state instanceof Available available) {
            router.tell(new Router.AgentAvailable(available.asCandidate()));
        } else {
            router.tell(new Router.AgentUnavailable(agentId));
        }
    }

    private static AgentCandidate candidateOf(AgentState state) {
        return state instanceof Available available ? available.asCandidate() : null;
    }

    private void push(DesktopEvent event) {
        for (ActorRef<DesktopEvent> desktop : desktops) {
            desktop.tell(event);
        }
    }

    private static Agent.OfferPushed offerOf(Holding holding, Instant expiresAt) {
        return new Agent.OfferPushed(holding.interactionId(), holding.channel(), holding.queue(), holding.priority(),
                expiresAt);
    }
}
