package io.acd.loadtest.journal;

import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * An entity that does nothing but store events, one after another as an interaction or an agent does:
 * each write waits for the one before it. Many of them at once measure what the journal plugin itself can
 * take, the ceiling the engine's own rate is held against.
 */
public final class JournalProbe extends EventSourcedBehavior<JournalProbe.Command, JournalProbe.Written, Long> {

    public sealed interface Command extends KryoMessage {
    }

    /** Store {@code events} events, then answer. */
    public record Write(int events, ActorRef<Done> replyTo) implements Command {
    }

    private record Next(int remaining, ActorRef<Done> replyTo) implements Command {
    }

    /** About the size of an engine event: an id, a time and a short text. */
    public record Written(String interactionId, long at, String detail) implements KryoMessage {
    }

    static void registerTypes(KryoRegistry registry) {
        registry.record(Write.class, 9000);
        registry.record(Next.class, 9001);
        registry.record(Written.class, 9002);
    }

    private final String id;
    private final ActorContext<Command> context;

    private JournalProbe(String id, ActorContext<Command> context) {
        super(PersistenceId.of("JournalProbe", id));
        this.id = id;
        this.context = context;
    }

    public static Behavior<Command> create(String id) {
        return Behaviors.setup(context -> new JournalProbe(id, context));
    }

    @Override
    public Long emptyState() {
        return 0L;
    }

    @Override
    public CommandHandler<Command, Written, Long> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Write.class, (state, w) -> next(w.events(), w.replyTo()))
                .onCommand(Next.class, (state, n) -> next(n.remaining(), n.replyTo()))
                .build();
    }

    private Effect<Written, Long> next(int remaining, ActorRef<Done> replyTo) {
        if (remaining == 0) {
            replyTo.tell(Done.getInstance());
            return Effect().none();
        }
        return Effect().persist(new Written(id, System.currentTimeMillis(), "probe"))
                .thenRun(state -> context.getSelf().tell(new Next(remaining - 1, replyTo)));
    }

    @Override
    public EventHandler<Long, Written> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((state, e) -> state + 1);
    }
}
