package io.acd.gateway.webhook;

import io.acd.engine.Reply;
import io.acd.engine.client.EngineClient;
import io.acd.engine.events.EventLog;
import io.acd.engine.events.OutEvent;
import io.acd.gateway.EventsFollower;
import io.acd.gateway.webhook.Webhook.Ack;
import io.acd.gateway.webhook.Webhook.Attempt;
import io.acd.gateway.webhook.Webhook.Command;
import io.acd.gateway.webhook.Webhook.Event;
import io.acd.gateway.webhook.Webhook.Subscription;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A webhook subscription, event sourced: see {@link Webhook}. It follows the tenant's events out from the
 * position it delivered up to, one event at a time (the stream waits for its acknowledgement), and posts each
 * it is subscribed to until the receiver answers 2xx, pausing longer after each failure.
 */
public final class WebhookEntity extends EventSourcedBehavior<Command, Event, Subscription> {

    /** Every attempt is an event; a snapshot now and then holds the latest ones, and older events go. */
    static final int SNAPSHOT_EVERY = 500;
    private static final Duration STREAM_RESTART = Duration.ofSeconds(1);

    private final String webhookId;
    private final EngineClient engine;
    private final WebhookSettings settings;
    private final Clock clock;
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private UniqueKillSwitch stream;
    private ActorRef<Ack> ackTo;

    /** @param engine the client of the subscription's tenant */
    public static Behavior<Command> create(String entityId, String webhookId, EngineClient engine,
                                           WebhookSettings settings, Clock clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new WebhookEntity(entityId, webhookId, engine, settings, clock, context, timers)));
    }

    private WebhookEntity(String entityId, String webhookId, EngineClient engine, WebhookSettings settings,
                          Clock clock, ActorContext<Command> context, TimerScheduler<Command> timers) {
        super(PersistenceId.of(Webhook.TYPE_KEY.name(), entityId));
        this.webhookId = webhookId;
        this.engine = engine;
        this.settings = settings;
        this.clock = clock;
        this.context = context;
        this.timers = timers;
    }

    @Override
    public Subscription emptyState() {
        return new Subscription(webhookId, null, List.of(), null, null, 0, List.of(), false);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2).withDeleteEventsOnSnapshot();
    }

    @Override
    public EventHandler<Subscription, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(Webhook.Created.class, (state, e) -> new Subscription(webhookId, e.url(), e.patterns(),
                        e.secret(), e.at(), e.after(), List.of(), false))
                .onEvent(Webhook.Attempted.class, (state, e) -> state.attempted(e.attempt(), settings.keptAttempts()))
                .onEvent(Webhook.Deleted.class, (state, e) -> state.asDeleted())
                .build();
    }

    @Override
    public SignalHandler<Subscription> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> {
                    if (live(state)) {
                        follow(state.position());
                    }
                })
                .onSignal(PostStop.instance(), state -> stopFollowing())
                .build();
    }

    private static boolean live(Subscription state) {
        return state.url() != null && !state.deleted();
    }

    @Override
    public CommandHandler<Command, Event, Subscription> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Webhook.Create.class, this::onCreate)
                .onCommand(Webhook.Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
                        state.url() == null ? Reply.notFound("No webhook " + webhookId) : Reply.ok(state)))
                .onCommand(Webhook.Delete.class, this::onDelete)
                .onCommand(Webhook.StreamStarted.class, (state, cmd) -> {
                    ackTo = cmd.ackTo();
                    cmd.ackTo().tell(Webhook.ACK);
                    return Effect().none();
                })
                .onCommand(Webhook.Arrived.class, this::onArrived)
                .onCommand(Webhook.Answered.class, this::onAnswered)
                .onCommand(Webhook.RetryDue.class, (state, cmd) -> {
                    if (live(state)) {
                        post(state, cmd.event(), cmd.attempt());
                    }
                    return Effect().none();
                })
                .onCommand(Webhook.StreamEnded.class, (state, cmd) -> {
                    stream = null;
                    if (live(state)) {
                        context.getLog().warn("Webhook {} stopped reading events ({}); again in {}", webhookId,
                                cmd.why(), STREAM_RESTART);
                        timers.startSingleTimer(new Webhook.Restart(), STREAM_RESTART);
                    }
                    return Effect().none();
                })
                .onCommand(Webhook.Restart.class, (state, cmd) -> {
                    if (live(state) && stream == null) {
                        follow(state.position());
                    }
                    return Effect().none();
                })
                .build();
    }

    private Effect<Event, Subscription> onCreate(Subscription state, Webhook.Create cmd) {
        if (state.deleted()) {
            return Effect().reply(cmd.replyTo(), Reply.rejected(Webhook.Refusal.DELETED,
                    "Webhook " + webhookId + " was deleted"));
        }
        if (state.url() != null) {
            return Effect().reply(cmd.replyTo(), Reply.rejected(Webhook.Refusal.EXISTS,
                    "Webhook " + webhookId + " exists"));
        }
        return Effect().persist(new Webhook.Created(cmd.url(), cmd.patterns(), cmd.secret(), cmd.after(),
                        clock.instant()))
                .thenRun(created -> follow(created.position()))
                .thenReply(cmd.replyTo(), created -> new Reply.Ok<>(created, true));
    }

    private Effect<Event, Subscription> onDelete(Subscription state, Webhook.Delete cmd) {
        if (state.url() == null) {
            return Effect().reply(cmd.replyTo(), Reply.notFound("No webhook " + webhookId));
        }
        if (state.deleted()) {
            return Effect().reply(cmd.replyTo(), Reply.ok(state));
        }
        return Effect().persist(new Webhook.Deleted(clock.instant()))
                .thenRun(deleted -> {
                    stopFollowing();
                    timers.cancelAll();
                })
                .thenReply(cmd.replyTo(), Reply::ok);
    }

    private Effect<Event, Subscription> onArrived(Subscription state, Webhook.Arrived cmd) {
        ackTo = cmd.ackTo();
        if (!live(state)) {
            return Effect().none();
        }
        boolean wanted = state.patterns().stream().anyMatch(p -> OutEvent.matches(p, cmd.event().event().type()));
        if (wanted) {
            post(state, cmd.event(), 1);
        } else {
            cmd.ackTo().tell(Webhook.ACK);
        }
        return Effect().none();
    }

    private Effect<Event, Subscription> onAnswered(Subscription state, Webhook.Answered cmd) {
        boolean delivered = cmd.status() >= 200 && cmd.status() < 300;
        Attempt attempt = new Attempt(cmd.event().position(), cmd.event().event().eventId(), cmd.attempt(),
                cmd.status(), delivered ? null : cmd.error(), clock.instant(), delivered);
        return Effect().persist(new Webhook.Attempted(attempt)).thenRun(after -> {
            if (delivered) {
                if (ackTo != null) {
                    ackTo.tell(Webhook.ACK);
                }
            } else if (live(after)) {
                timers.startSingleTimer(new Webhook.RetryDue(cmd.event(), cmd.attempt() + 1),
                        settings.backoff(cmd.attempt() + 1));
            }
        });
    }

    private void post(Subscription state, EventLog.Positioned event, int attempt) {
        OutEvent out = event.event();
        HttpRequest request = HttpRequest.POST(state.url())
                .withEntity(ContentTypes.APPLICATION_JSON, out.data())
                .addHeader(RawHeader.create("Acd-Event-Id", out.eventId()))
                .addHeader(RawHeader.create("Acd-Event-Type", out.type()))
                .addHeader(RawHeader.create("Acd-Signature", Signature.of(state.secret(), out.data())));
        context.pipeToSelf(Http.get(context.getSystem()).singleRequest(request)
                        .thenCompose(response -> response.discardEntityBytes(context.getSystem()).completionStage()
                                .thenApply(done -> response.status().intValue()))
                        .toCompletableFuture().orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS),
                (status, failure) -> new Webhook.Answered(event, attempt, failure == null ? status : 0,
                        failure == null ? "answered " + status : String.valueOf(failure.getMessage() == null
                                ? failure.getClass().getSimpleName() : failure.getMessage())));
    }

    private void follow(long after) {
        stopFollowing();
        stream = EventsFollower.<Command, Ack>follow(engine, after, context,
                (ack, event) -> new Webhook.Arrived(event, ack), Webhook.StreamStarted::new, Webhook.ACK, failure -> new Webhook.StreamEnded(failure == null
                        ? "the events ended" : String.valueOf(failure.getMessage())));
    }

    private void stopFollowing() {
        if (stream != null) {
            stream.shutdown();
            stream = null;
        }
    }
}
