package io.acd.gateway.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acd.engine.Reply;
import io.acd.engine.client.EngineClient;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.customer.Customer;
import io.acd.engine.events.EventLog;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.routing.Channel;
import io.acd.gateway.EventsFollower;
import io.acd.gateway.conversation.Conversations;
import io.acd.gateway.outbound.Outbox.Ack;
import io.acd.gateway.outbound.Outbox.Command;
import io.acd.gateway.outbound.Outbox.Event;
import io.acd.gateway.outbound.Outbox.Pending;
import io.acd.gateway.outbound.Outbox.State;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.apache.pekko.stream.UniqueKillSwitch;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A channel's outbox in one tenant, event sourced: see {@link Outbox}. It reads the events out one at a time
 * (the stream waits for its acknowledgement) and acknowledges an outbound message of its channel only once it
 * is queued, so none is skipped; it then sends each queued message while reading on, one message per
 * interaction at a time so a customer gets an interaction's messages in order, and retries with doubling
 * pauses until the provider takes it or {@code fail-after} has passed.
 */
public final class OutboxEntity extends EventSourcedBehavior<Command, Event, State> {

    static final int SNAPSHOT_EVERY = 500;
    private static final Duration STREAM_RESTART = Duration.ofSeconds(1);
    /** Reading without queuing stores how far it read after this many events, or this long. */
    private static final int READ_EVERY = 1000;
    private static final Duration READ_PAUSE = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Channel channel;
    private final EngineClient engine;
    private final Sender sender;
    private final OutboxSettings settings;
    private final Clock clock;
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    /** The interactions with a message being sent now, and each message's attempt number. */
    private final Set<String> sending = new HashSet<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private UniqueKillSwitch stream;
    private ActorRef<Ack> ackTo;
    /** Read but not yet stored: the stream's position beyond the state's. */
    private long readUpTo;
    private int unstoredReads;

    /** @param engine the client of the outbox's tenant */
    public static Behavior<Command> create(String entityId, Channel channel, EngineClient engine, Sender sender,
                                           OutboxSettings settings, Clock clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new OutboxEntity(entityId, channel, engine, sender, settings, clock, context, timers)));
    }

    private OutboxEntity(String entityId, Channel channel, EngineClient engine, Sender sender,
                         OutboxSettings settings, Clock clock, ActorContext<Command> context,
                         TimerScheduler<Command> timers) {
        super(PersistenceId.of(Outbox.TYPE_KEY.name(), entityId));
        this.channel = channel;
        this.engine = engine;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.context = context;
        this.timers = timers;
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2).withDeleteEventsOnSnapshot();
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(Outbox.Queued.class, (state, e) -> state.queued(e.message()))
                .onEvent(Outbox.Read.class, (state, e) -> state.read(e.position()))
                .onEvent(Outbox.Sent.class, (state, e) -> state.done(e.messageId(), true))
                .onEvent(Outbox.Failed.class, (state, e) -> state.done(e.messageId(), false))
                .build();
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> {
                    if (state.equals(State.EMPTY)) {
                        // A channel turned on sends what agents write from now on, not what they wrote before it.
                        context.pipeToSelf(engine.eventPosition(), (position, failure) ->
                                new Outbox.Begin(failure == null ? position : -1));
                        return;
                    }
                    readUpTo = state.position();
                    follow(state.position());
                    state.pending().values().stream().map(Pending::interactionId).distinct()
                            .forEach(interaction -> sendNext(state, interaction));
                })
                .onSignal(PostStop.instance(), state -> stopFollowing())
                .build();
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Outbox.Wake.class, (state, cmd) -> Effect().none())
                .onCommand(Outbox.GetState.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
                .onCommand(Outbox.StreamStarted.class, (state, cmd) -> {
                    ackTo = cmd.ackTo();
                    cmd.ackTo().tell(Outbox.ACK);
                    return Effect().none();
                })
                .onCommand(Outbox.Begin.class, (state, cmd) -> {
                    if (cmd.position() < 0) {
                        timers.startSingleTimer(new Outbox.Restart(), STREAM_RESTART);
                        return Effect().none();
                    }
                    return Effect().persist(new Outbox.Read(cmd.position())).thenRun(after -> {
                        readUpTo = after.position();
                        follow(after.position());
                    });
                })
                .onCommand(Outbox.Arrived.class, this::onArrived)
                .onCommand(Outbox.Resolved.class, this::onResolved)
                .onCommand(Outbox.StoreRead.class, (state, cmd) -> storeRead(state))
                .onCommand(Outbox.AttemptDue.class, (state, cmd) -> {
                    Pending message = state.pending().get(cmd.messageId());
                    if (message != null) {
                        attempt(message, cmd.attempt());
                    }
                    return Effect().none();
                })
                .onCommand(Outbox.Attempted.class, this::onAttempted)
                .onCommand(Outbox.StreamEnded.class, (state, cmd) -> {
                    stream = null;
                    context.getLog().warn("Outbox {} stopped reading events ({}); again in {}", persistenceId(),
                            cmd.why(), STREAM_RESTART);
                    timers.startSingleTimer(new Outbox.Restart(), STREAM_RESTART);
                    return Effect().none();
                })
                .onCommand(Outbox.Restart.class, (state, cmd) -> {
                    if (state.equals(State.EMPTY)) {
                        context.pipeToSelf(engine.eventPosition(), (position, failure) ->
                                new Outbox.Begin(failure == null ? position : -1));
                    } else if (stream == null) {
                        follow(Math.max(state.position(), readUpTo));
                    }
                    return Effect().none();
                })
                .build();
    }

    private Effect<Event, State> onArrived(State state, Outbox.Arrived cmd) {
        ackTo = cmd.ackTo();
        EventLog.Positioned positioned = cmd.event();
        if (!"interaction.message".equals(positioned.event().type())) {
            return skipped(state, positioned.position());
        }
        JsonNode data = parse(positioned.event().data());
        if (data == null || !"out".equals(data.path("direction").asText())) {
            return skipped(state, positioned.position());
        }
        String interactionId = data.path("interactionId").asText();
        String messageId = data.path("messageId").asText();
        String text = data.path("text").asText();
        Pending stub = new Pending(interactionId, messageId, text, null, null, null, positioned.event().occurredAt(),
                positioned.position());
        context.pipeToSelf(engine.askInteraction(interactionId, Interaction.Get::new), (reply, failure) -> {
            if (reply instanceof Reply.Ok<InteractionState.Existing> ok && ok.value().contact().channel() == channel) {
                InteractionState.Contact contact = ok.value().contact();
                return new Outbox.Resolved(positioned.position(), new Pending(interactionId, messageId, text,
                        contact.customerId(), thread(contact.requestFingerprint()), contact.queue(),
                        stub.queuedAt(), stub.position()), null);
            }
            return new Outbox.Resolved(positioned.position(), null, failure == null ? null
                    : "the interaction of message " + messageId + " did not answer: " + failure.getMessage());
        });
        return Effect().none();
    }

    /** The thread key an adapter opened the interaction with ({@code thread:<key>}), or null. */
    private static String thread(String fingerprint) {
        return fingerprint != null && fingerprint.startsWith("thread:") ? fingerprint.substring("thread:".length())
                : null;
    }

    private Effect<Event, State> onResolved(State state, Outbox.Resolved cmd) {
        if (cmd.failure() != null) {
            // Not known whether it is this channel's: read on from just before it, a moment later.
            stopFollowing();
            context.getLog().warn("Outbox {}: {}; reading again in {}", persistenceId(), cmd.failure(), STREAM_RESTART);
            timers.startSingleTimer(new Outbox.Restart(), STREAM_RESTART);
            return Effect().none();
        }
        if (cmd.message() == null) {
            return skipped(state, cmd.position());
        }
        if (state.pending().containsKey(cmd.message().messageId())) {
            ack();
            return Effect().none();
        }
        unstoredReads = 0;
        readUpTo = Math.max(readUpTo, cmd.position());
        return Effect().persist(new Outbox.Queued(cmd.message())).thenRun(after -> {
            ack();
            sendNext(after, cmd.message().interactionId());
        });
    }

    private Effect<Event, State> skipped(State state, long position) {
        readUpTo = Math.max(readUpTo, position);
        ack();
        if (++unstoredReads >= READ_EVERY) {
            return storeRead(state);
        }
        if (unstoredReads == 1) {
            timers.startSingleTimer(new Outbox.StoreRead(), READ_PAUSE);
        }
        return Effect().none();
    }

    private Effect<Event, State> storeRead(State state) {
        if (readUpTo <= state.position()) {
            return Effect().none();
        }
        unstoredReads = 0;
        timers.cancel(Outbox.StoreRead.class);
        return Effect().persist(new Outbox.Read(readUpTo));
    }

    private void ack() {
        if (ackTo != null) {
            ackTo.tell(Outbox.ACK);
        }
    }

    private void sendNext(State state, String interactionId) {
        if (!sending.contains(interactionId)) {
            state.firstOf(interactionId).ifPresent(message -> attempt(message, attempts.getOrDefault(
                    message.messageId(), 1)));
        }
    }

    private void attempt(Pending message, int attempt) {
        sending.add(message.interactionId());
        attempts.put(message.messageId(), attempt);
        CompletionStage<Boolean> optedOut = message.customerId() == null ? CompletableFuture.completedFuture(false)
                : engine.askCustomer(message.customerId(), r -> new Customer.IsOptedOut(channel, r));
        CompletionStage<Sender.Result> result = optedOut.thenCompose(out -> out
                ? CompletableFuture.completedFuture(new Sender.Refused("the customer opted out of "
                + channel.wireName()))
                : sender.send(engine, message));
        context.pipeToSelf(result.toCompletableFuture().orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS),
                (answer, failure) -> new Outbox.Attempted(message.messageId(), attempt, failure == null ? answer
                        : new Sender.Retry(failure.getMessage() == null ? failure.getClass().getSimpleName()
                        : failure.getMessage())));
    }

    private Effect<Event, State> onAttempted(State state, Outbox.Attempted cmd) {
        Pending message = state.pending().get(cmd.messageId());
        if (message == null) {
            return Effect().none();
        }
        if (cmd.result() instanceof Sender.Accepted accepted) {
            return Effect().persist(new Outbox.Sent(message.messageId(), accepted.providerId(), cmd.attempt(),
                    clock.instant())).thenRun(after -> finished(after, message, Transcript.Delivery.SENT, null));
        }
        String reason = cmd.result() instanceof Sender.Refused refused ? refused.reason()
                : ((Sender.Retry) cmd.result()).reason();
        boolean expired = !Duration.between(message.queuedAt(), clock.instant()).minus(settings.failAfter()).isNegative();
        if (cmd.result() instanceof Sender.Refused || expired) {
            String why = cmd.result() instanceof Sender.Refused ? reason
                    : "not taken within " + settings.failAfter() + " (" + cmd.attempt() + " attempts; last: " + reason + ")";
            return Effect().persist(new Outbox.Failed(message.messageId(), why, cmd.attempt(), clock.instant()))
                    .thenRun(after -> finished(after, message, Transcript.Delivery.FAILED, why));
        }
        context.getLog().info("Outbox {}: message {} not taken ({}); attempt {} follows", persistenceId(),
                message.messageId(), reason, cmd.attempt() + 1);
        attempts.put(message.messageId(), cmd.attempt() + 1);
        timers.startSingleTimer(message.messageId(), new Outbox.AttemptDue(message.messageId(), cmd.attempt() + 1),
                settings.backoff(cmd.attempt() + 1));
        return Effect().none();
    }

    private void finished(State after, Pending message, Transcript.Delivery delivery, String why) {
        attempts.remove(message.messageId());
        sending.remove(message.interactionId());
        engine.tellTranscript(message.interactionId(), new Transcript.UpdateDelivery(message.messageId(), delivery,
                context.getSystem().ignoreRef()));
        if (why != null) {
            // The agent sees it in the transcript, and the events out carry it, beside the failed status.
            Conversations.add(engine, message.interactionId(), Transcript.Direction.NOTE, null,
                    "Not delivered to the customer: " + why, "undelivered:" + message.messageId());
        }
        sendNext(after, message.interactionId());
    }

    private static JsonNode parse(String data) {
        try {
            return JSON.readTree(data);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private void follow(long after) {
        stopFollowing();
        stream = EventsFollower.<Command, Ack>follow(engine, after, context,
                (ack, event) -> new Outbox.Arrived(event, ack), Outbox.StreamStarted::new, Outbox.ACK, failure -> new Outbox.StreamEnded(failure == null
                        ? "the events ended" : String.valueOf(failure.getMessage())));
    }

    private void stopFollowing() {
        if (stream != null) {
            stream.shutdown();
            stream = null;
        }
    }
}
