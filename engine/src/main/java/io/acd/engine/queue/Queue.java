package io.acd.engine.queue;

import io.acd.engine.EngineSettings;
import io.acd.engine.Peers;
import io.acd.engine.Reply;
import io.acd.engine.router.Router;
import io.acd.engine.routing.QueuePolicy;
import io.acd.engine.routing.RoutingConfig;
import io.acd.engine.tenant.ScopedId;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
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
import java.util.Set;

/**
 * One queue's routing policy as set over the API, event sourced. A queue never set over the API routes by
 * its configuration ({@code acd.routing.queues}) or the defaults. The router learns every policy from here:
 * at once when it changes, again after a restart and now and then, as entities re-register.
 */
public final class Queue extends EventSourcedBehavior<Queue.Command, Queue.Event, Queue.State> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Queue");

    public sealed interface Command extends KryoMessage {
    }

    public record Get(ActorRef<Reply<State>> replyTo) implements Command {
    }

    public record Put(QueuePolicy policy, ActorRef<Reply<State>> replyTo) implements Command {
    }

    record Reregister() implements Command {
    }

    /** Why a queue refused a command; the API answers 409 with the code. */
    public enum Refusal implements Reply.Reason {
        /** The policy sent names another queue than the one it was sent to. */
        INVALID_FIELD;

        @Override
        public String code() {
            return "invalid_field";
        }
    }

    public sealed interface Event extends KryoMessage {
    }

    public record PolicySet(QueuePolicy policy, Instant at) implements Event {
    }

    /**
     * @param policy    the policy in force
     * @param fromApi   true once set over the API; false while it comes from configuration or the defaults
     * @param updatedAt when it was last set over the API
     */
    public record State(String name, QueuePolicy policy, boolean fromApi, Instant updatedAt) implements KryoMessage {
    }

    public static void registerTypes(KryoRegistry registry) {
        registry.record(State.class, 500);
        registry.enumeration(Refusal.class, 501);
        registry.record(Get.class, 510);
        registry.record(Put.class, 511);
        registry.record(Reregister.class, 512);
        registry.record(PolicySet.class, 540);
    }

    private static final String REREGISTER_TIMER = "reregister";

    private final String name;
    private final RoutingConfig configured;
    private final EngineSettings settings;
    private final Peers peers;
    private final Clock clock;
    private final TimerScheduler<Command> timers;
    private final Set<String> tags;

    /** @param configured the routing configuration, for a queue's policy until one is set over the API */
    public static Behavior<Command> create(ScopedId id, RoutingConfig configured, EngineSettings settings, Peers peers,
                                           Clock clock) {
        return Behaviors.withTimers(timers -> new Queue(id, configured, settings, peers, clock, timers));
    }

    private Queue(ScopedId id, RoutingConfig configured, EngineSettings settings, Peers peers, Clock clock,
                  TimerScheduler<Command> timers) {
        super(PersistenceId.of(TYPE_KEY.name(), id.entityId()));
        this.tags = settings.eventTags(persistenceId().id());
        this.name = id.local();
        this.configured = configured;
        this.settings = settings;
        this.peers = peers;
        this.clock = clock;
        this.timers = timers;
    }

    /** Read by the projections: see {@link EngineSettings#eventTags}. */
    @Override
    public Set<String> tagsFor(Event event) {
        return tags;
    }

    @Override
    public State emptyState() {
        return new State(name, configured.queue(name), false, null);
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(PolicySet.class, (state, e) -> new State(name, e.policy(), true, e.at()))
                .build();
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), state -> {
            if (state.fromApi()) {
                announce(state);
            }
        }).build();
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Get.class, (state, cmd) -> {
                    cmd.replyTo().tell(Reply.ok(state));
                    return Effect().none();
                })
                .onCommand(Put.class, this::onPut)
                .onCommand(Reregister.class, (state, cmd) -> {
                    announce(state);
                    return Effect().none();
                })
                .build();
    }

    private Effect<Event, State> onPut(State state, Put cmd) {
        if (!cmd.policy().name().equals(name)) {
            cmd.replyTo().tell(Reply.rejected(Refusal.INVALID_FIELD, "The policy names queue " + cmd.policy().name()
                    + ", not " + name));
            return Effect().none();
        }
        if (state.fromApi() && state.policy().equals(cmd.policy())) {
            cmd.replyTo().tell(Reply.ok(state));
            return Effect().none();
        }
        return Effect().persist(new PolicySet(cmd.policy(), clock.instant())).thenRun(updated -> {
            announce(updated);
            cmd.replyTo().tell(Reply.ok(updated));
        });
    }

    private void announce(State state) {
        peers.router(settings.routingDomain()).tell(new Router.QueuePolicyChanged(state.policy()));
        timers.startTimerWithFixedDelay(REREGISTER_TIMER, new Reregister(), settings.reregisterInterval());
    }
}
