package io.acd.loadtest.audit;

import io.acd.persistence.KryoMessage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

import java.util.List;

/**
 * Stores the events it is given under the persistence id it is given, through the node's journal plugin and
 * serializer: a journal exactly as an entity would have written it, with whatever history a test needs,
 * including histories the engine itself would never write.
 */
final class EventWriter extends EventSourcedBehavior<EventWriter.Write, KryoMessage, Integer> {

    record Write(List<KryoMessage> events, ActorRef<Done> replyTo) {
    }

    EventWriter(String persistenceId) {
        super(PersistenceId.ofUniqueId(persistenceId));
    }

    @Override
    public Integer emptyState() {
        return 0;
    }

    @Override
    public CommandHandler<Write, KryoMessage, Integer> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Write.class, (state, write) -> Effect().persist(write.events())
                        .thenRun(after -> write.replyTo().tell(Done.getInstance())))
                .build();
    }

    @Override
    public EventHandler<Integer, KryoMessage> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((count, event) -> count + 1);
    }
}
