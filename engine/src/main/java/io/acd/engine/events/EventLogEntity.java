package io.acd.engine.events;

import io.acd.engine.EngineSettings;
import io.acd.engine.backlog.FeedOffset;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** A tenant's log of events out, event sourced: see {@link EventLog}. */
public final class EventLogEntity extends EventSourcedBehavior<EventLog.Command, EventLog.Event, EventLog.State> {

    /** A snapshot (the slices' offsets) now and then spares a long replay; the events are the log and stay. */
    static final int SNAPSHOT_EVERY = 1_000;

    private final EngineSettings settings;
    private final String readJournalId;
    private final Clock clock;
    private final ActorContext<EventLog.Command> context;
    private final SliceFeeds feeds = new SliceFeeds();

    /** @param settings the tenant's: its tags are the log's sources */
    public static Behavior<EventLog.Command> create(String tenant, EngineSettings settings, String readJournalId,
                                                    Clock clock) {
        return Behaviors.setup(context -> new EventLogEntity(tenant, settings, readJournalId, clock, context));
    }

    private EventLogEntity(String tenant, EngineSettings settings, String readJournalId, Clock clock,
                           ActorContext<EventLog.Command> context) {
        super(PersistenceId.ofUniqueId(EventLog.persistenceId(tenant)));
        this.settings = settings;
        this.readJournalId = readJournalId;
        this.clock = clock;
        this.context = context;
    }

    @Override
    public EventLog.State emptyState() {
        return new EventLog.State(List.of());
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2);
    }

    @Override
    public EventHandler<EventLog.State, EventLog.Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(EventLog.Logged.class, (state, e) -> state.with(e.slice(), e.offset()))
                .onEvent(EventLog.Read.class, (state, e) -> state.with(e.slice(), e.offset()))
                .build();
    }

    @Override
    public SignalHandler<EventLog.State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> feeds.start(context.getSystem(), readJournalId,
                        settings, context.getSelf(), slice -> r -> new EventLog.GetOffset(slice, r),
                        slice -> (batch, replyTo) -> EventLogFeed.append(slice, batch, replyTo)))
                .onSignal(PostStop.instance(), state -> feeds.stop())
                .build();
    }

    @Override
    public CommandHandler<EventLog.Command, EventLog.Event, EventLog.State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(EventLog.Wake.class, (state, cmd) -> Effect().none())
                .onCommand(EventLog.GetPosition.class, (state, cmd) -> Effect().none()
                        .thenRun(s -> cmd.replyTo().tell(lastSequenceNr())))
                .onCommand(EventLog.GetOffset.class, (state, cmd) -> Effect().none()
                        .thenRun(s -> cmd.replyTo().tell(s.offset(cmd.slice()))))
                .onCommand(EventLog.Append.class, this::append)
                .build();
    }

    private long lastSequenceNr() {
        return lastSequenceNumber(context);
    }

    private Effect<EventLog.Event, EventLog.State> append(
            EventLog.State state, EventLog.Append cmd) {
        if (cmd.events().isEmpty()) {
            if (!feeds.idleStoreDue(clock.instant())) {
                return Effect().none().thenRun(s -> cmd.replyTo().tell(state.offset(cmd.slice())));
            }
            return Effect().persist(new EventLog.Read(cmd.slice(), cmd.offset()))
                    .thenRun(s -> cmd.replyTo().tell(s.offset(cmd.slice())));
        }
        List<EventLog.Event> logged = new ArrayList<>(cmd.events().size());
        for (int i = 0; i < cmd.events().size(); i++) {
            boolean last = i == cmd.events().size() - 1;
            logged.add(new EventLog.Logged(cmd.events().get(i), cmd.slice(), last ? cmd.offset() : null));
        }
        return Effect().persist(logged).thenRun(s -> cmd.replyTo().tell(s.offset(cmd.slice())));
    }
}
