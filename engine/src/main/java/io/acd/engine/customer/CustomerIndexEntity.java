package io.acd.engine.customer;

import io.acd.engine.EngineSettings;
import io.acd.engine.backlog.FeedOffset;
import io.acd.engine.customer.Customer.Found;
import io.acd.engine.customer.Customer.IndexCommand;
import io.acd.engine.customer.Customer.IndexEvent;
import io.acd.engine.events.EventLog;
import io.acd.engine.events.SliceFeeds;
import io.acd.engine.interaction.Interaction;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A tenant's customer index: follows the tenant's tags and records every interaction created with a customer id
 * in that customer's history, then stores how far it read. It runs from the first time a customer's history is
 * asked for (catching up from the start of the journal), and then always.
 */
public final class CustomerIndexEntity extends EventSourcedBehavior<IndexCommand, IndexEvent, EventLog.State> {

    private static final Duration ASK = Duration.ofSeconds(10);

    private final String tenant;
    private final EngineSettings settings;
    private final String readJournalId;
    private final ClusterSharding sharding;
    private final Clock clock;
    private final ActorContext<IndexCommand> context;
    private final SliceFeeds feeds = new SliceFeeds();

    public static Behavior<IndexCommand> create(String tenant, EngineSettings settings, String readJournalId,
                                                ClusterSharding sharding, Clock clock) {
        return Behaviors.setup(context -> new CustomerIndexEntity(tenant, settings, readJournalId, sharding, clock,
                context));
    }

    private CustomerIndexEntity(String tenant, EngineSettings settings, String readJournalId, ClusterSharding sharding,
                                Clock clock, ActorContext<IndexCommand> context) {
        super(PersistenceId.of(Customer.INDEX_KEY.name(), tenant));
        this.tenant = tenant;
        this.settings = settings;
        this.readJournalId = readJournalId;
        this.sharding = sharding;
        this.clock = clock;
        this.context = context;
    }

    @Override
    public EventLog.State emptyState() {
        return new EventLog.State(List.of());
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(100, 2).withDeleteEventsOnSnapshot();
    }

    @Override
    public EventHandler<EventLog.State, IndexEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(Customer.Indexed.class, (state, e) -> state.with(e.slice(), e.offset()))
                .build();
    }

    @Override
    public SignalHandler<EventLog.State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> feeds.start(context.getSystem(), readJournalId,
                        settings, context.getSelf(), slice -> r -> new Customer.GetOffset(slice, r),
                        slice -> (batch, replyTo) -> index(slice, batch, replyTo)))
                .onSignal(PostStop.instance(), state -> feeds.stop())
                .build();
    }

    private static IndexCommand index(int slice, List<EventEnvelope> batch, org.apache.pekko.actor.typed.ActorRef<FeedOffset> replyTo) {
        List<Found> found = new ArrayList<>();
        for (EventEnvelope envelope : batch) {
            if (envelope.event() instanceof Interaction.Created c && c.customerId() != null) {
                found.add(new Found(c.customerId(), new Customer.Visit(c.interactionId(), c.channel(), c.queue(),
                        null, c.at())));
            }
        }
        return new Customer.Index(slice, found, FeedOffset.of(batch.get(batch.size() - 1).offset()), replyTo);
    }

    @Override
    public CommandHandler<IndexCommand, IndexEvent, EventLog.State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Customer.WakeIndex.class, (state, cmd) -> Effect().none())
                .onCommand(Customer.GetOffset.class, (state, cmd) -> Effect().none()
                        .thenRun(s -> cmd.replyTo().tell(s.offset(cmd.slice()))))
                .onCommand(Customer.Index.class, this::onIndex)
                .onCommand(Customer.BatchRecorded.class, (state, cmd) -> {
                    if (!cmd.recorded()) {
                        // Unanswered: the feed's ask runs out and it reads the batch again from the stored offset.
                        return Effect().none();
                    }
                    return Effect().persist(new Customer.Indexed(cmd.slice(), cmd.offset()))
                            .thenRun(s -> cmd.replyTo().tell(s.offset(cmd.slice())));
                })
                .build();
    }

    private Effect<IndexEvent, EventLog.State> onIndex(EventLog.State state, Customer.Index cmd) {
        if (cmd.found().isEmpty()) {
            if (!feeds.idleStoreDue(clock.instant())) {
                return Effect().none().thenRun(s -> cmd.replyTo().tell(s.offset(cmd.slice())));
            }
            return Effect().persist(new Customer.Indexed(cmd.slice(), cmd.offset()))
                    .thenRun(s -> cmd.replyTo().tell(s.offset(cmd.slice())));
        }
        Map<String, List<Customer.Visit>> byCustomer = new LinkedHashMap<>();
        cmd.found().forEach(f -> byCustomer.computeIfAbsent(f.customerId(), c -> new ArrayList<>()).add(f.visit()));
        CompletableFuture<?>[] asks = byCustomer.entrySet().stream().map(e -> sharding
                .entityRefFor(Customer.TYPE_KEY, entityId(e.getKey()))
                .<Done>ask(r -> new Customer.Record(List.copyOf(e.getValue()), r), ASK)
                .toCompletableFuture()).toArray(CompletableFuture[]::new);
        context.pipeToSelf(CompletableFuture.allOf(asks), (done, failure) ->
                new Customer.BatchRecorded(cmd.slice(), cmd.offset(), failure == null, cmd.replyTo()));
        return Effect().none();
    }

    private String entityId(String customerId) {
        return new io.acd.engine.tenant.ScopedId(tenant, Customer.entityLocal(customerId)).entityId();
    }
}
