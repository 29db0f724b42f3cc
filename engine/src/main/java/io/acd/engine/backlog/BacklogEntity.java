package io.acd.engine.backlog;

import io.acd.engine.Peers;
import io.acd.engine.router.Router;
import io.acd.engine.routing.WaitingContact;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.apache.pekko.stream.UniqueKillSwitch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The backlog of one slice ({@code <domain>-<slice>}): follows the slice's events with a {@link BacklogFeed},
 * stores what it learns in batches, answers a starting router with the queued contacts, and hands the router
 * contacts it may lack: those it learns of while catching up after its own start, and, now and then, those
 * queued for long, which a router that lost one (its message lost with a node) files again.
 */
public final class BacklogEntity extends EventSourcedBehavior<Backlog.Command, Backlog.Event, BacklogState> {

    public static final EntityTypeKey<Backlog.Command> TYPE_KEY = EntityTypeKey.create(Backlog.Command.class, "Backlog");

    /**
     * A batch of a few hundred changes per event; a snapshot every 100 of them holds the whole view, and the
     * events before it are deleted: they repeat what the interactions' journals hold.
     */
    static final int SNAPSHOT_EVERY = 100;
    /** Contacts per message to the router: a remote message must stay well below Artery's frame size. */
    static final int CHUNK = 500;
    /** A batch with nothing for the backlog (agents share the tags) is stored at most this often. */
    private static final Duration IDLE_STORE = Duration.ofSeconds(30);
    private static final String SWEEP_TIMER = "sweep";

    private final String slice;
    private final String domain;
    private final BacklogSettings settings;
    private final String readJournalId;
    private final Peers peers;
    private final Clock clock;
    private final ActorContext<Backlog.Command> context;
    private final TimerScheduler<Backlog.Command> timers;
    private UniqueKillSwitch feed;
    private Instant startedAt;
    private Instant storedAt = Instant.MIN;

    /**
     * @param slice         the tag it follows, {@code <domain>-<slice>}; also its entity id
     * @param readJournalId the journal's query side (see Journal#readJournalId)
     */
    public static Behavior<Backlog.Command> create(String slice, String domain, BacklogSettings settings,
                                                   String readJournalId, Peers peers, Clock clock) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new BacklogEntity(slice, domain, settings, readJournalId, peers, clock, context, timers)));
    }

    /** The routing domain of a backlog, from its entity id {@code <domain>-<slice>}. */
    public static String domainOf(String slice) {
        int dash = slice.lastIndexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("Not a backlog's id (<domain>-<slice>): " + slice);
        }
        return slice.substring(0, dash);
    }

    private BacklogEntity(String slice, String domain, BacklogSettings settings, String readJournalId, Peers peers,
                          Clock clock, ActorContext<Backlog.Command> context, TimerScheduler<Backlog.Command> timers) {
        super(PersistenceId.of(TYPE_KEY.name(), slice));
        this.slice = slice;
        this.domain = domain;
        this.settings = settings;
        this.readJournalId = readJournalId;
        this.peers = peers;
        this.clock = clock;
        this.context = context;
        this.timers = timers;
    }

    @Override
    public BacklogState emptyState() {
        return new BacklogState(new BacklogView(), FeedOffset.START);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2).withDeleteEventsOnSnapshot();
    }

    @Override
    public SnapshotAdapter<BacklogState> snapshotAdapter() {
        return new SnapshotAdapter<>() {
            @Override
            public Object toJournal(BacklogState state) {
                return state.toSnapshot();
            }

            @Override
            public BacklogState fromJournal(Object from) {
                return BacklogState.of((Backlog.Snapshot) from);
            }
        };
    }

    @Override
    public EventHandler<BacklogState, Backlog.Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(Backlog.Observed.class, BacklogState::observed)
                .build();
    }

    @Override
    public SignalHandler<BacklogState> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> {
                    startedAt = clock.instant();
                    feed = BacklogFeed.start(context.getSystem(), readJournalId, slice, state.offset, settings,
                            context.getSelf());
                    timers.startTimerWithFixedDelay(SWEEP_TIMER, new Backlog.Sweep(), settings.sweepInterval());
                })
                .onSignal(PostStop.instance(), state -> {
                    if (feed != null) {
                        feed.shutdown();
                    }
                })
                .build();
    }

    @Override
    public CommandHandler<Backlog.Command, Backlog.Event, BacklogState> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Backlog.GetQueued.class, (state, cmd) -> {
                    List<WaitingContact> queued = state.view.queued();
                    if (queued.isEmpty()) {
                        cmd.replyTo().tell(new Backlog.Queued(slice, List.of()));
                    }
                    sendInChunks(queued, chunk -> cmd.replyTo().tell(new Backlog.Queued(slice, chunk)));
                    return Effect().none();
                })
                .onCommand(Backlog.Observe.class, this::observe)
                .onCommand(Backlog.Sweep.class, (state, cmd) -> {
                    List<WaitingContact> longQueued = state.view.queuedSince(clock.instant().minus(settings.sweepInterval()));
                    sendInChunks(longQueued, this::toRouter);
                    return Effect().none();
                })
                .build();
    }

    private Effect<Backlog.Event, BacklogState> observe(BacklogState state, Backlog.Observe cmd) {
        Instant now = clock.instant();
        if (cmd.changes().isEmpty() && storedAt.plus(IDLE_STORE).isAfter(now)) {
            return Effect().none().thenRun(s -> cmd.replyTo().tell(s.offset));
        }
        return Effect().persist(new Backlog.Observed(cmd.changes(), cmd.offset())).thenRun(after -> {
            storedAt = now;
            cmd.replyTo().tell(after.offset);
            if (now.isBefore(startedAt.plus(settings.catchUpWindow()))) {
                // Right after a restart the router may have asked before these were read: hand them over.
                sendInChunks(newlyQueued(after, cmd.changes()), this::toRouter);
            }
        });
    }

    private static List<WaitingContact> newlyQueued(BacklogState state, List<Backlog.Change> changes) {
        Set<String> seen = new LinkedHashSet<>();
        List<WaitingContact> queued = new ArrayList<>();
        for (Backlog.Change change : changes) {
            WaitingContact contact = state.view.queuedContact(change.interactionId());
            if (contact != null && seen.add(change.interactionId())) {
                queued.add(contact);
            }
        }
        return queued;
    }

    private void toRouter(List<WaitingContact> contacts) {
        peers.router(domain).tell(new Router.Backlogged(contacts));
    }

    private static void sendInChunks(List<WaitingContact> contacts, Consumer<List<WaitingContact>> send) {
        for (int from = 0; from < contacts.size(); from += CHUNK) {
            send.accept(List.copyOf(contacts.subList(from, Math.min(contacts.size(), from + CHUNK))));
        }
    }
}
