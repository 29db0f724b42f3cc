package io.acd.gateway.channel;

import io.acd.engine.Reply;
import io.acd.gateway.channel.ChannelSettings.Command;
import io.acd.gateway.channel.ChannelSettings.Event;
import io.acd.gateway.channel.ChannelSettings.State;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The tenants' channel settings, event sourced: see {@link ChannelSettings}. */
public final class ChannelSettingsEntity extends EventSourcedBehavior<Command, Event, State> {

    private final Clock clock;

    public static Behavior<Command> create(Clock clock) {
        return new ChannelSettingsEntity(clock);
    }

    private ChannelSettingsEntity(Clock clock) {
        super(PersistenceId.of(ChannelSettings.TYPE_KEY.name(), ChannelSettings.ENTITY_ID));
        this.clock = clock;
    }

    @Override
    public State emptyState() {
        return new State(0, Map.of());
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(200, 2).withDeleteEventsOnSnapshot();
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(ChannelSettings.SettingsPut.class, (state, e) -> {
                    Map<String, String> next = new HashMap<>(state.settings());
                    next.put(State.key(e.tenant(), e.channel()), e.json());
                    return new State(state.version() + 1, Map.copyOf(next));
                })
                .onEvent(ChannelSettings.SettingsRemoved.class, (state, e) -> {
                    Map<String, String> next = new HashMap<>(state.settings());
                    next.remove(State.key(e.tenant(), e.channel()));
                    return new State(state.version() + 1, Map.copyOf(next));
                })
                .build();
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(ChannelSettings.Put.class, (state, cmd) -> cmd.json().equals(
                        state.of(cmd.tenant(), cmd.channel()).orElse(null))
                        ? Effect().reply(cmd.replyTo(), Reply.ok(state))
                        : Effect().persist(new ChannelSettings.SettingsPut(cmd.tenant(), cmd.channel(), cmd.json(),
                        clock.instant())).thenReply(cmd.replyTo(), s -> new Reply.Ok<>(s, true)))
                .onCommand(ChannelSettings.Remove.class, (state, cmd) -> state.of(cmd.tenant(), cmd.channel()).isEmpty()
                        ? Effect().reply(cmd.replyTo(), Reply.notFound("No " + cmd.channel() + " settings"))
                        : Effect().persist(new ChannelSettings.SettingsRemoved(cmd.tenant(), cmd.channel(),
                        clock.instant())).thenReply(cmd.replyTo(), Reply::ok))
                .onCommand(ChannelSettings.GetIfNewer.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
                        state.version() > cmd.version() ? Optional.of(state) : Optional.empty()))
                .build();
    }
}
