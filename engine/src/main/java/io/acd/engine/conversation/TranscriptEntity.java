package io.acd.engine.conversation;

import io.acd.engine.Reply;
import io.acd.engine.conversation.Transcript.Add;
import io.acd.engine.conversation.Transcript.Command;
import io.acd.engine.conversation.Transcript.Delivery;
import io.acd.engine.conversation.Transcript.Direction;
import io.acd.engine.conversation.Transcript.Event;
import io.acd.engine.conversation.Transcript.Message;
import io.acd.engine.conversation.Transcript.UpdateDelivery;
import io.acd.engine.interaction.InteractionEntity;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** An interaction's transcript, event sourced: see {@link Transcript}. */
public final class TranscriptEntity extends EventSourcedBehaviorWithEnforcedReplies<Command, Event, TranscriptState> {

    private final Clock clock;
    private final Set<String> tags;
    private final ActorContext<Command> context;
    private final Set<ActorRef<Transcript.Update>> followers = new HashSet<>();

    /**
     * @param entityId the interaction's entity id, tenant and all
     * @param tags     the tags of the interaction's own events, so the transcript reads with them
     */
    public static Behavior<Command> create(String entityId, Clock clock, Function<String, Set<String>> tags) {
        return Behaviors.setup(context -> new TranscriptEntity(entityId, clock, tags, context));
    }

    private TranscriptEntity(String entityId, Clock clock, Function<String, Set<String>> tags,
                             ActorContext<Command> context) {
        super(PersistenceId.of(Transcript.TYPE_KEY.name(), entityId));
        this.clock = clock;
        // Tagged by the interaction's persistence id, so its messages fall in the same slice as its changes.
        this.tags = tags.apply(PersistenceId.of(InteractionEntity.TYPE_KEY.name(), entityId).id());
        this.context = context;
    }

    @Override
    public Set<String> tagsFor(Event event) {
        return tags;
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
                .onEvent(Transcript.CustomerTokenSet.class, (state, e) -> state.withCustomerToken(e.tokenHash()))
                .build();
    }

    @Override
    public CommandHandlerWithReply<Command, Event, TranscriptState> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(Add.class, this::onAdd)
                .onCommand(UpdateDelivery.class, this::onUpdateDelivery)
                .onCommand(Transcript.Read.class, (state, cmd) ->
                        Effect().reply(cmd.replyTo(), page(state, cmd.skip(), cmd.limit())))
                .onCommand(Transcript.SetCustomerToken.class, this::onSetCustomerToken)
                .onCommand(Transcript.Follow.class, this::onFollow)
                .onCommand(Transcript.CheckCustomerToken.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
                        state.customerTokenHash() != null && state.customerTokenHash().equals(cmd.tokenHash())))
                .onCommand(Transcript.Unfollow.class, (state, cmd) -> {
                    followers.remove(cmd.follower());
                    return Effect().noReply();
                })
                .build();
    }

    private static Transcript.Page page(TranscriptState state, int skip, int limit) {
        int from = Math.min(Math.max(0, skip), state.messages().size());
        int to = Math.min(state.messages().size(), from + Math.max(0, limit));
        return new Transcript.Page(List.copyOf(state.messages().subList(from, to)), state.messages().size());
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
                cmd.externalId(), clock.instant(), cmd.direction() == Direction.OUT ? Delivery.QUEUED : null,
                cmd.content());
        return Effect().persist(new Transcript.MessageAdded(message))
                .thenRun(updated -> tellFollowers(message))
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
        if (!message.get().delivery().canMoveTo(cmd.delivery())) {
            // A report that arrives late (sent after delivered) or after the end changes nothing.
            return Effect().reply(cmd.replyTo(), Reply.ok(message.get()));
        }
        return Effect().persist(new Transcript.DeliveryChanged(cmd.messageId(), cmd.delivery(), clock.instant()))
                .thenRun(updated -> tellFollowers(updated.find(cmd.messageId()).orElseThrow()))
                .thenReply(cmd.replyTo(), updated -> Reply.ok(updated.find(cmd.messageId()).orElseThrow()));
    }

    private ReplyEffect<Event, TranscriptState> onSetCustomerToken(TranscriptState state,
                                                                   Transcript.SetCustomerToken cmd) {
        if (cmd.tokenHash().equals(state.customerTokenHash())) {
            return Effect().reply(cmd.replyTo(), Reply.ok(true));
        }
        if (state.customerTokenHash() != null) {
            return Effect().reply(cmd.replyTo(), Reply.rejected(Transcript.Refusal.TOKEN_SET,
                    "This conversation already has its customer"));
        }
        return Effect().persist(new Transcript.CustomerTokenSet(cmd.tokenHash(), clock.instant()))
                .thenReply(cmd.replyTo(), updated -> new Reply.Ok<>(true, true));
    }

    private ReplyEffect<Event, TranscriptState> onFollow(TranscriptState state, Transcript.Follow cmd) {
        if (cmd.tokenHash() != null && !cmd.tokenHash().equals(state.customerTokenHash())) {
            cmd.follower().tell(new Transcript.Followed(context.getSelf(), null));
            return Effect().noReply();
        }
        if (followers.add(cmd.follower())) {
            context.watchWith(cmd.follower(), new Transcript.Unfollow(cmd.follower()));
        }
        cmd.follower().tell(new Transcript.Followed(context.getSelf(), page(state, 0, Transcript.MAX_MESSAGES)));
        return Effect().noReply();
    }

    private void tellFollowers(Message message) {
        for (ActorRef<Transcript.Update> follower : followers) {
            follower.tell(new Transcript.MessageChanged(message));
        }
    }
}
