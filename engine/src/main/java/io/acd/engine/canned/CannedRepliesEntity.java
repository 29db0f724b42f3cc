package io.acd.engine.canned;

import io.acd.engine.Reply;
import io.acd.engine.canned.CannedReplies.Command;
import io.acd.engine.canned.CannedReplies.Event;
import io.acd.engine.canned.CannedReplies.State;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

import java.time.Clock;
import java.util.Map;

/** A tenant's canned replies, event sourced: see {@link CannedReplies}. */
public final class CannedRepliesEntity extends EventSourcedBehavior<Command, Event, State> {

    private final Clock clock;

    public static Behavior<Command> create(String tenant, Clock clock) {
        return new CannedRepliesEntity(tenant, clock);
    }

    private CannedRepliesEntity(String tenant, Clock clock) {
        super(PersistenceId.of(CannedReplies.TYPE_KEY.name(), tenant));
        this.clock = clock;
    }

    @Override
    public State emptyState() {
        return new State(Map.of());
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(100, 2).withDeleteEventsOnSnapshot();
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(CannedReplies.Saved.class, (state, e) -> state.saved(e.name(), e.text()))
                .onEvent(CannedReplies.Removed.class, (state, e) -> state.removed(e.name()))
                .build();
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(CannedReplies.Put.class, (state, cmd) -> {
                    if (cmd.text().equals(state.replies().get(cmd.name()))) {
                        return Effect().reply(cmd.replyTo(), Reply.ok(cmd.text()));
                    }
                    if (!state.replies().containsKey(cmd.name()) && state.replies().size() >= CannedReplies.MAX_REPLIES) {
                        return Effect().reply(cmd.replyTo(), Reply.rejected(CannedReplies.Refusal.TOO_MANY,
                                "A tenant keeps at most " + CannedReplies.MAX_REPLIES + " canned replies"));
                    }
                    boolean created = !state.replies().containsKey(cmd.name());
                    return Effect().persist(new CannedReplies.Saved(cmd.name(), cmd.text(), clock.instant()))
                            .thenReply(cmd.replyTo(), s -> new Reply.Ok<>(cmd.text(), created));
                })
                .onCommand(CannedReplies.Remove.class, (state, cmd) -> {
                    if (!state.replies().containsKey(cmd.name())) {
                        return Effect().reply(cmd.replyTo(), Reply.notFound("No canned reply " + cmd.name()));
                    }
                    return Effect().persist(new CannedReplies.Removed(cmd.name(), clock.instant()))
                            .thenReply(cmd.replyTo(), s -> Reply.ok(cmd.name()));
                })
                .onCommand(CannedReplies.Get.class, (state, cmd) -> {
                    String text = state.replies().get(cmd.name());
                    return Effect().reply(cmd.replyTo(), text == null ? Reply.notFound("No canned reply " + cmd.name())
                            : Reply.ok(text));
                })
                .onCommand(CannedReplies.List.class, (state, cmd) -> Effect().reply(cmd.replyTo(), state))
                .build();
    }
}
