package io.acd.engine.interaction;

import io.acd.engine.EngineSettings;
import io.acd.engine.Peers;
import io.acd.engine.Reply;
import io.acd.engine.agent.Agent;
import io.acd.engine.interaction.Interaction.Abandon;
import io.acd.engine.interaction.Interaction.Accept;
import io.acd.engine.interaction.Interaction.CheckHolder;
import io.acd.engine.interaction.Interaction.Command;
import io.acd.engine.interaction.Interaction.Complete;
import io.acd.engine.interaction.Interaction.Create;
import io.acd.engine.interaction.Interaction.Event;
import io.acd.engine.interaction.Interaction.Get;
import io.acd.engine.interaction.Interaction.Offer;
import io.acd.engine.interaction.Interaction.OfferExpired;
import io.acd.engine.interaction.Interaction.OfferFailure;
import io.acd.engine.interaction.Interaction.Refusal;
import io.acd.engine.interaction.Interaction.Reject;
import io.acd.engine.interaction.Interaction.Reregister;
import io.acd.engine.interaction.Interaction.ReturnToQueue;
import io.acd.engine.interaction.Interaction.WrapUp;
import io.acd.engine.interaction.Interaction.WrapUpExpired;
import io.acd.engine.interaction.InteractionState.Connected;
import io.acd.engine.interaction.InteractionState.Contact;
import io.acd.engine.interaction.InteractionState.Ended;
import io.acd.engine.interaction.InteractionState.Existing;
import io.acd.engine.interaction.InteractionState.InQueue;
import io.acd.engine.interaction.InteractionState.InWrapUp;
import io.acd.engine.interaction.InteractionState.NotCreated;
import io.acd.engine.interaction.InteractionState.OnOffer;
import io.acd.engine.router.Router;
import io.acd.engine.tenant.ScopedId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One contact from creation to its end, event sourced. It owns the truth about its status; the router
 * only proposes, and an offer is recorded here only while the interaction is still queued, so the same
 * interaction can never be offered to two agents at once.
 *
 * <p>Commands are handled by phase ({@link InteractionState}): each phase takes the commands that move it
 * on, and refuses the others with an {@link Interaction.Refusal} saying what the phase is.
 */
public final class InteractionEntity
        extends EventSourcedBehaviorWithEnforcedReplies<Command, Event, InteractionState> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Interaction");

    private static final String OFFER_TIMER = "offer";
    private static final String WRAP_UP_TIMER = "wrap-up";
    private static final String REREGISTER_TIMER = "reregister";
    /** The disposition of an interaction whose wrap-up the limit ended. */
    private static final String WRAP_UP_LIMIT = "wrap_up_limit";

    private final String interactionId;
    private final EngineSettings settings;
    private final Peers peers;
    private final Runnable passivate;
    private final Clock clock;
    private final TimerScheduler<Command> timers;
    private final Set<String> tags;
    private final ActorContext<Command> context;
    /** Who follows the interaction's changes (a customer's chat page, for one): see {@link Interaction.Follow}. */
    private final Set<ActorRef<Interaction.Update>> followers = new HashSet<>();

    /**
     * @param shard the entity's shard, asked to stop the entity once it is finished (with remembered
     *              entities this also keeps it from being restarted after a crash); null outside sharding
     */
    public static Behavior<Command> create(ScopedId id, EngineSettings settings, Peers peers,
                                           ActorRef<ClusterSharding.ShardCommand> shard, Clock clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new InteractionEntity(id, settings, peers, passivation(shard, context), clock, timers, context)));
    }

    private static Runnable passivation(ActorRef<ClusterSharding.ShardCommand> shard, ActorContext<Command> context) {
        return shard == null ? () -> { } : () -> shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }

    private InteractionEntity(ScopedId id, EngineSettings settings, Peers peers, Runnable passivate,
                              Clock clock, TimerScheduler<Command> timers, ActorContext<Command> context) {
        super(PersistenceId.of(TYPE_KEY.name(), id.entityId()));
        this.tags = settings.eventTags(persistenceId().id());
        this.interactionId = id.local();
        this.settings = settings;
        this.peers = peers;
        this.passivate = passivate;
        this.clock = clock;
        this.timers = timers;
        this.context = context;
    }

    /** Read by the projections: see {@link EngineSettings#eventTags}. */
    @Override
    public Set<String> tagsFor(Event event) {
        return tags;
    }

    @Override
    public InteractionState emptyState() {
        return new NotCreated(interactionId);
    }

    @Override
    public EventHandler<InteractionState, Event> eventHandler() {
        var builder = newEventHandlerBuilder();
        builder.forStateType(NotCreated.class)
                .onEvent(Interaction.Created.class, NotCreated::created);
        builder.forStateType(InQueue.class)
                .onEvent(Interaction.Queued.class, (queued, e) -> queued.queued())
                .onEvent(Interaction.Offered.class, InQueue::offered)
                .onEvent(Interaction.Abandoned.class, InQueue::abandoned);
        builder.forStateType(OnOffer.class)
                .onEvent(Interaction.OfferRejected.class, (offered, e) -> offered.offerEnded())
                .onEvent(Interaction.OfferTimedOut.class, (offered, e) -> offered.offerEnded())
                .onEvent(Interaction.Accepted.class, OnOffer::accepted)
                .onEvent(Interaction.Abandoned.class, OnOffer::abandoned);
        builder.forStateType(Connected.class)
                .onEvent(Interaction.Completed.class, Connected::completed);
        builder.forStateType(InWrapUp.class)
                .onEvent(Interaction.WrappedUp.class, InWrapUp::wrappedUp);
        return builder.build();
    }

    @Override
    public SignalHandler<InteractionState> signalHandler() {
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
    public CommandHandlerWithReply<Command, Event, InteractionState> commandHandler() {
        var builder = newCommandHandlerWithReplyBuilder();
        // The first handler that matches both the phase and the command wins: the phases first, then what
        // every created phase answers alike (and refuses), then what is ignored everywhere else.
        builder.forStateType(NotCreated.class)
                .onCommand(Create.class, this::create)
                .onCommand(Get.class, cmd -> notFoundAndStop(cmd.replyTo()))
                .onCommand(Offer.class, cmd -> reply(cmd.replyTo(), notQueued("unknown")))
                .onCommand(Accept.class, cmd -> reply(cmd.replyTo(), notFound()))
                .onCommand(Reject.class, cmd -> reply(cmd.replyTo(), notFound()))
                .onCommand(Complete.class, cmd -> reply(cmd.replyTo(), notFound()))
                .onCommand(WrapUp.class, cmd -> reply(cmd.replyTo(), notFound()))
                .onCommand(Abandon.class, cmd -> notFoundAndStop(cmd.replyTo()))
                .onCommand(CheckHolder.class, cmd -> tellHolder(cmd, null, null))
                .onCommand(Interaction.Follow.class, cmd -> Effect().none().thenRun(passivate::run)
                        .thenRun(state -> cmd.follower().tell(new Interaction.Followed(context.getSelf(), null)))
                        .thenNoReply());
        builder.forStateType(InQueue.class)
                .onCommand(Offer.class, this::offer)
                .onCommand(Abandon.class, (queued, cmd) -> abandon(queued, null, cmd))
                .onCommand(Reregister.class, this::reregister);
        builder.forStateType(OnOffer.class)
                .onCommand(Accept.class, this::accept)
                .onCommand(Reject.class, this::reject)
                .onCommand(ReturnToQueue.class, this::returnToQueue)
                .onCommand(OfferExpired.class, this::offerExpired)
                .onCommand(Abandon.class, (offered, cmd) -> abandon(offered, offered.agentId(), cmd));
        builder.forStateType(Connected.class)
                .onCommand(Complete.class, this::complete);
        builder.forStateType(InWrapUp.class)
                .onCommand(WrapUp.class, this::wrapUp)
                .onCommand(WrapUpExpired.class, this::wrapUpExpired);
        builder.forStateType(Ended.class)
                .onCommand(Interaction.Follow.class, (ended, cmd) -> Effect().none().thenRun(passivate::run)
                        .thenRun(state -> cmd.follower().tell(new Interaction.Followed(context.getSelf(), ended)))
                        .thenNoReply())
                .onCommand(Get.class, (ended, cmd) -> Effect().none().thenRun(passivate::run)
                        .thenReply(cmd.replyTo(), state -> Reply.ok(ended)));
        builder.forStateType(Existing.class)
                .onCommand(Create.class, this::createAgain)
                .onCommand(Interaction.Follow.class, this::follow)
                .onCommand(Get.class, (existing, cmd) -> reply(cmd.replyTo(), Reply.ok(existing)))
                .onCommand(CheckHolder.class, (existing, cmd) ->
                        tellHolder(cmd, existing.status(), existing.agentId()))
                .onCommand(Offer.class, (existing, cmd) ->
                        reply(cmd.replyTo(), notQueued(existing.status().wireName())))
                .onCommand(Accept.class, (existing, cmd) -> reply(cmd.replyTo(),
                        invalidTransition(existing, "accept", InteractionStatus.OFFERED)))
                .onCommand(Reject.class, (existing, cmd) -> reply(cmd.replyTo(),
                        invalidTransition(existing, "reject", InteractionStatus.OFFERED)))
                .onCommand(Complete.class, (existing, cmd) -> reply(cmd.replyTo(),
                        invalidTransition(existing, "complete", InteractionStatus.CONNECTED)))
                .onCommand(WrapUp.class, (existing, cmd) -> reply(cmd.replyTo(),
                        invalidTransition(existing, "wrap up", InteractionStatus.WRAP_UP)))
                .onCommand(Abandon.class, (existing, cmd) -> reply(cmd.replyTo(), cannotAbandon(existing)));
        // Left over from an earlier phase (a timer that fired as the phase moved on, a late agent): ignored.
        builder.forAnyState()
                .onCommand(Interaction.Unfollow.class, cmd -> {
                    followers.remove(cmd.follower());
                    return Effect().noReply();
                })
                .onCommand(ReturnToQueue.class, cmd -> Effect().noReply())
                .onCommand(OfferExpired.class, cmd -> Effect().noReply())
                .onCommand(WrapUpExpired.class, cmd -> Effect().noReply())
                .onCommand(Reregister.class, cmd -> Effect().noReply());
        return builder.build();
    }

    private void onRecovered(InteractionState state) {
        if (state instanceof InQueue queued) {
            enterQueue(queued.contact());
        } else if (state instanceof OnOffer offered) {
            // The timer died with the old incarnation; what is left of the offer still runs out.
            startOfferTimer(offered.agentId(), offered.offeredAt(), untilNow(offered.offerExpiresAt()));
        } else if (state instanceof InWrapUp inWrapUp) {
            startWrapUpTimer(inWrapUp.wrapUpAt());
        }
    }

    private ReplyEffect<Event, InteractionState> follow(Existing existing, Interaction.Follow cmd) {
        if (followers.add(cmd.follower())) {
            context.watchWith(cmd.follower(), new Interaction.Unfollow(cmd.follower()));
        }
        cmd.follower().tell(new Interaction.Followed(context.getSelf(), existing));
        return Effect().noReply();
    }

    /** Persists the event, then tells every follower the interaction as it is afterwards. */
    private EffectBuilder<Event, InteractionState> persist(Event event) {
        return Effect().persist(event).thenRun(state -> {
            for (ActorRef<Interaction.Update> follower : followers) {
                follower.tell(new Interaction.Changed((Existing) state));
            }
        });
    }

    // ---- not created -------------------------------------------------------------------------------

    private ReplyEffect<Event, InteractionState> create(NotCreated state, Create cmd) {
        var now = clock.instant();
        // One event: a created interaction is in the queue from the instant it was created, so Created's time
        // is its queue time (journals from before this also hold a Queued event, which changes nothing).
        return persist(new Interaction.Created(interactionId, cmd.channel(), cmd.queue(), cmd.priority(),
                        cmd.skills(), cmd.customerId(), cmd.requestFingerprint(), now, cmd.wishes(), cmd.kind()))
                .thenRun((InQueue queued) -> enterQueue(queued.contact()))
                .thenReply(cmd.replyTo(), created -> new Reply.Ok<>((Existing) created, true));
    }

    // ---- queued ------------------------------------------------------------------------------------

    private ReplyEffect<Event, InteractionState> offer(InQueue queued, Offer cmd) {
        var now = clock.instant();
        var expiresAt = now.plus(settings.offerTimeout());
        return persist(new Interaction.Offered(cmd.agentId(), now, expiresAt, cmd.decision()))
                .thenRun(() -> {
                    timers.cancel(REREGISTER_TIMER);
                    startOfferTimer(cmd.agentId(), now, settings.offerTimeout());
                    tellAgent(cmd.agentId(), InteractionStatus.OFFERED, null, expiresAt);
                })
                .thenReply(cmd.replyTo(), InteractionEntity::ok);
    }

    private ReplyEffect<Event, InteractionState> reregister(InQueue queued, Reregister cmd) {
        router().tell(new Router.Enqueue(queued.contact().asWaitingContact()));
        return Effect().noReply();
    }

    /** @param offeredTo the agent of the open offer, told that it is gone; null when there is none */
    private ReplyEffect<Event, InteractionState> abandon(Existing state, String offeredTo, Abandon cmd) {
        return persist(new Interaction.Abandoned(clock.instant()))
                .thenRun(() -> {
                    router().tell(new Router.Withdraw(interactionId));
                    finish(InteractionStatus.ABANDONED, offeredTo);
                })
                .thenReply(cmd.replyTo(), InteractionEntity::ok);
    }

    // ---- offered -----------------------------------------------------------------------------------

    private ReplyEffect<Event, InteractionState> accept(OnOffer offered, Accept cmd) {
        if (!offered.agentId().equals(cmd.agentId())) {
            return reply(cmd.replyTo(), notYourOffer(cmd.agentId()));
        }
        return persist(new Interaction.Accepted(cmd.agentId(), clock.instant()))
                .thenRun(() -> {
                    timers.cancel(OFFER_TIMER);
                    tellAgent(cmd.agentId(), InteractionStatus.CONNECTED, null, null);
                })
                .thenReply(cmd.replyTo(), InteractionEntity::ok);
    }

    private ReplyEffect<Event, InteractionState> reject(OnOffer offered, Reject cmd) {
        if (!offered.agentId().equals(cmd.agentId())) {
            return reply(cmd.replyTo(), notYourOffer(cmd.agentId()));
        }
        return offerFailed(offered, OfferFailure.REJECTED).thenReply(cmd.replyTo(), InteractionEntity::ok);
    }

    private ReplyEffect<Event, InteractionState> returnToQueue(OnOffer offered, ReturnToQueue cmd) {
        if (!offered.agentId().equals(cmd.agentId())) {
            return Effect().noReply();
        }
        return offerFailed(offered, cmd.reason()).thenNoReply();
    }

    private EffectBuilder<Event, InteractionState> offerFailed(
            OnOffer offered, OfferFailure why) {
        return persist(new Interaction.OfferRejected(offered.agentId(), why.code(), clock.instant()))
                .thenRun(() -> backToQueue(offered, why));
    }

    private ReplyEffect<Event, InteractionState> offerExpired(OnOffer offered, OfferExpired cmd) {
        if (!offered.agentId().equals(cmd.agentId()) || !offered.offeredAt().equals(cmd.offeredAt())) {
            return Effect().noReply();
        }
        return persist(new Interaction.OfferTimedOut(cmd.agentId(), clock.instant()))
                .thenRun(() -> backToQueue(offered, OfferFailure.MISSED))
                .thenNoReply();
    }

    // ---- connected and wrap-up ---------------------------------------------------------------------

    private ReplyEffect<Event, InteractionState> complete(Connected connected, Complete cmd) {
        if (!connected.agentId().equals(cmd.agentId())) {
            return reply(cmd.replyTo(), notYourInteraction(cmd.agentId()));
        }
        var now = clock.instant();
        return persist(new Interaction.Completed(cmd.agentId(), now))
                .thenRun(() -> {
                    startWrapUpTimer(now);
                    tellAgent(cmd.agentId(), InteractionStatus.WRAP_UP, null, null);
                })
                .thenReply(cmd.replyTo(), InteractionEntity::ok);
    }

    private ReplyEffect<Event, InteractionState> wrapUp(InWrapUp inWrapUp, WrapUp cmd) {
        if (!inWrapUp.agentId().equals(cmd.agentId())) {
            return reply(cmd.replyTo(), notYourInteraction(cmd.agentId()));
        }
        return persist(new Interaction.WrappedUp(cmd.agentId(), cmd.disposition(), cmd.notes(),
                        clock.instant()))
                .thenRun(() -> finish(InteractionStatus.COMPLETED, cmd.agentId()))
                .thenReply(cmd.replyTo(), InteractionEntity::ok);
    }

    private ReplyEffect<Event, InteractionState> wrapUpExpired(InWrapUp inWrapUp, WrapUpExpired cmd) {
        if (!inWrapUp.wrapUpAt().equals(cmd.wrapUpAt())) {
            return Effect().noReply();
        }
        return persist(new Interaction.WrappedUp(inWrapUp.agentId(), WRAP_UP_LIMIT, null, clock.instant()))
                .thenRun(() -> finish(InteractionStatus.COMPLETED, inWrapUp.agentId()))
                .thenNoReply();
    }

    // ---- any created phase -------------------------------------------------------------------------

    /** A retried create answers what the first one created; another request under the same key is refused. */
    private ReplyEffect<Event, InteractionState> createAgain(Existing existing, Create cmd) {
        if (Objects.equals(existing.contact().requestFingerprint(), cmd.requestFingerprint())) {
            return reply(cmd.replyTo(), Reply.ok(existing));
        }
        return reply(cmd.replyTo(), Reply.rejected(Refusal.IDEMPOTENCY_KEY_REUSED,
                "This Idempotency-Key already created interaction " + interactionId
                        + " from a different request; use a new key for a new interaction"));
    }

    private ReplyEffect<Event, InteractionState> tellHolder(CheckHolder cmd, InteractionStatus status,
                                                            String agentId) {
        cmd.replyTo().tell(new Agent.HolderStatus(interactionId, status, agentId));
        return Effect().noReply();
    }

    // ---- replies and side effects ------------------------------------------------------------------

    private ReplyEffect<Event, InteractionState> reply(ActorRef<Reply<Existing>> replyTo, Reply<Existing> reply) {
        return Effect().reply(replyTo, reply);
    }

    /** Not found, and stop: nothing is kept in memory for an id that was never created. */
    private ReplyEffect<Event, InteractionState> notFoundAndStop(ActorRef<Reply<Existing>> replyTo) {
        return Effect().none().thenRun(passivate::run).thenReply(replyTo, state -> notFound());
    }

    /** After an event every state is a created one. */
    private static Reply<Existing> ok(InteractionState state) {
        return Reply.ok((Existing) state);
    }

    private Reply<Existing> notFound() {
        return Reply.notFound("No interaction " + interactionId);
    }

    /** @param phase what the interaction is instead: its status, or unknown before it was created */
    private Reply<Existing> notQueued(String phase) {
        return Reply.rejected(Refusal.NOT_QUEUED, "Interaction " + interactionId + " is " + phase + ", not queued");
    }

    private Reply<Existing> cannotAbandon(Existing state) {
        return Reply.rejected(Refusal.INVALID_TRANSITION, "Interaction " + interactionId + " is "
                + state.status().wireName() + "; only a queued or offered interaction can be abandoned");
    }

    private Reply<Existing> invalidTransition(Existing state, String action, InteractionStatus required) {
        return Reply.rejected(Refusal.INVALID_TRANSITION, "Cannot " + action + " interaction " + interactionId
                + ": it is " + state.status().wireName() + ", not " + required.wireName());
    }

    private Reply<Existing> notYourOffer(String agentId) {
        return Reply.rejected(Refusal.NOT_YOUR_OFFER, "Interaction " + interactionId
                + " is offered to another agent, not to " + agentId);
    }

    private Reply<Existing> notYourInteraction(String agentId) {
        return Reply.rejected(Refusal.NOT_YOUR_INTERACTION, "Interaction " + interactionId
                + " is handled by another agent, not by " + agentId);
    }

    private RecipientRef<Router.Command> router() {
        return peers.router(settings.routingDomain());
    }

    private void enterQueue(Contact contact) {
        router().tell(new Router.Enqueue(contact.asWaitingContact()));
        // The router's index is not stored anywhere: re-registering now and then rebuilds it after the
        // router moved or restarted, and the original queuedAt keeps this contact's place.
        timers.startTimerWithFixedDelay(REREGISTER_TIMER, new Reregister(), settings.reregisterInterval());
    }

    private void backToQueue(OnOffer offered, OfferFailure why) {
        timers.cancel(OFFER_TIMER);
        tellAgent(offered.agentId(), InteractionStatus.QUEUED, why, null);
        enterQueue(offered.contact());
    }

    /** @param agentId the agent to tell that the interaction ended; null when no agent holds it */
    private void finish(InteractionStatus outcome, String agentId) {
        timers.cancelAll();
        if (agentId != null) {
            tellAgent(agentId, outcome, null, null);
        }
        passivate.run();
    }

    private void startOfferTimer(String agentId, Instant offeredAt, Duration delay) {
        timers.startSingleTimer(OFFER_TIMER, new OfferExpired(agentId, offeredAt), delay);
    }

    private void startWrapUpTimer(Instant wrapUpAt) {
        if (settings.hasWrapUpLimit()) {
            timers.startSingleTimer(WRAP_UP_TIMER, new WrapUpExpired(wrapUpAt),
                    untilNow(wrapUpAt.plus(settings.wrapUpLimit())));
        }
    }

    /** How long until {@code deadline}; zero once it passed. */
    private Duration untilNow(Instant deadline) {
        var left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void tellAgent(String agentId, InteractionStatus status, OfferFailure why, Instant offerExpiresAt) {
        peers.agent(agentId).tell(new Agent.InteractionProgress(interactionId, status, why, offerExpiresAt));
    }
}
