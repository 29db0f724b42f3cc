package io.acd.engine.conversation;

import io.acd.engine.Reply;
import io.acd.engine.conversation.Transcript.Add;
import io.acd.engine.conversation.Transcript.Command;
import io.acd.engine.conversation.Transcript.Delivery;
import io.acd.engine.conversation.Transcript.Direction;
import io.acd.engine.conversation.Transcript.Event;
import io.acd.engine.conversation.Transcript.Message;
import io.acd.engine.conversation.Transcript.Read;
import io.acd.engine.conversation.Transcript.UpdateDelivery;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

import java.time.Clock;
import java.util.UUID;

/** An interaction's transcript, event sourced: see {@link Transcript}. */
public final class TranscriptEntity extends EventSourcedBehaviorWithEnforcedReplies<Command, Event, TranscriptState> {

    private final Clock clock;

    /** @param entityId the interaction's entity id, tenant and all */
    public static Behavior<Command> create(String entityId, Clock clock) {
        return new TranscriptEntity(entityId, clock);
    }

    private TranscriptEntity(String entityId, Clock clock) {
        super(PersistenceId.of(Transcript.TYPE_KEY.name(), entityId));
        this.clock = clock;
    }

    @Override
    public TranscriptState emptyState() {
        return TranscriptState.empty();
    }

    @Override
    public EventHandler<TranscriptState, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(Transcript.MessageAdded.class, (state, e) -> state.added(e.message()))
                .onEvent(Transcript.DeliveryChanged.class, TranscriptState::deliveryChanged)
                .build();
    }

    @Override
    public CommandHandlerWithReply<Command, Event, TranscriptState> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(Add.class, this::onAdd)
                .onCommand(UpdateDelivery.class, this::onUpdateDelivery)
                .onCommand(Read.class, (state, cmd) -> {
                    int from = Math.min(Math.max(0, cmd.skip()), state.messages().size());
                    int to = Math.min(state.messages().size(), from + Math.max(0, cmd.limit()));
                    return Effect().reply(cmd.replyTo(), new Transcript.Page(
                            java.util.List.copyOf(state.messages().subList(from, to)), state.messages().size()));
                })
                .build();
    }

    private ReplyEffect<Event, TranscriptState> onAdd(TranscriptState state, Add cmd) {
        var stored = state.withExternalId(cmd.externalId());
        if (stored.isPresent()) {
            return Effect().reply(cmd.replyTo(), Reply.ok(stored.get()));
        }
        if (state.messages().size() >= Transcript.MAX_MESSAGES) {
            return Effect().reply(cmd.replyTo(), Reply.rejected(Transcript.Refusal.FULL,
                    "The transcript holds " + Transcript.MAX_MESSAGES + " messages, the most one interaction keeps"));
        }
        Message message = new Message(UUID.randomUUID().toString(), cmd.direction(), cmd.author(), cmd.text(),
                cmd.externalId(), clock.instant(), cmd.direction() == Direction.OUT ? Delivery.QUEUED : null);
        return Effect().persist(new Transcript.MessageAdded(message))
                .thenReply(cmd.replyTo(), updated -> new Reply.Ok<>(message, true));
    }

    private ReplyEffect<Event, TranscriptState> onUpdateDelivery(TranscriptState state, UpdateDelivery cmd) {
        var message = state.find(cmd.messageId());
        if (message.isEmpty()) {
            return Effect().reply(cmd.replyTo(), Reply.notFound("No message " + cmd.messageId()));
        }
        if (message.get().direction() != Direction.OUT) {
            return Effect().reply(cmd.replyTo(), Reply.rejected(Transcript.Refusal.NOT_OUTBOUND,
                    "Only an outbound message has a delivery status"));
        }
        if (message.get().delivery() == cmd.delivery()) {
            return Effect().reply(cmd.replyTo(), Reply.ok(message.get()));
        }
        return Effect().persist(new Transcript.DeliveryChanged(cmd.messageId(), cmd.delivery(), clock.instant()))
                .thenReply(cmd.replyTo(), updated -> Reply.ok(updated.find(cmd.messageId()).orElseThrow()));
    }
}
