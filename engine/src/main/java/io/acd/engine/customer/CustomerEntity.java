package io.acd.engine.customer;

import io.acd.engine.customer.Customer.Command;
import io.acd.engine.customer.Customer.Event;
import io.acd.engine.customer.Customer.State;
import io.acd.engine.customer.Customer.Visit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A customer's history, event sourced: see {@link Customer}. */
public final class CustomerEntity extends EventSourcedBehavior<Command, Event, State> {

    /** A snapshot holds the whole history; the events before it go. */
    static final int SNAPSHOT_EVERY = 100;

    /** @param entityId the customer's entity id: tenant and {@link Customer#entityLocal} */
    public static Behavior<Command> create(String entityId) {
        return new CustomerEntity(entityId);
    }

    private CustomerEntity(String entityId) {
        super(PersistenceId.of(Customer.TYPE_KEY.name(), entityId));
    }

    @Override
    public State emptyState() {
        return new State(List.of(), Map.of(), null, List.of());
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2).withDeleteEventsOnSnapshot();
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(Customer.Recorded.class, (state, e) -> added(state, e.visits(), null))
                .onEvent(Customer.ThreadOpened.class, (state, e) -> added(state, List.of(e.visit()), e.thread()))
                .onEvent(Customer.Named.class, (state, e) -> new State(state.visits(), state.threads(), e.name(),
                        state.optOuts()))
                .onEvent(Customer.OptOutChanged.class, (state, e) -> state.withOptOut(e.channel(), e.optedOut()))
                .build();
    }

    private static State added(State state, List<Visit> visits, String thread) {
        Set<String> known = state.visits().stream().map(Visit::interactionId).collect(Collectors.toSet());
        List<Visit> all = new ArrayList<>(state.visits());
        for (Visit visit : visits) {
            if (known.add(visit.interactionId())) {
                all.add(visit);
            }
        }
        List<Visit> kept = all.size() > Customer.MAX_VISITS ? all.subList(all.size() - Customer.MAX_VISITS, all.size())
                : all;
        Map<String, String> threads = state.threads();
        if (thread != null) {
            threads = new HashMap<>(threads);
            threads.put(thread, visits.get(visits.size() - 1).interactionId());
        }
        return new State(List.copyOf(kept), Map.copyOf(threads), state.name(), state.optOuts());
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Customer.Record.class, (state, cmd) -> {
                    Set<String> known = state.visits().stream().map(Visit::interactionId).collect(Collectors.toSet());
                    List<Visit> fresh = cmd.visits().stream().filter(v -> !known.contains(v.interactionId())).toList();
                    if (fresh.isEmpty()) {
                        return Effect().reply(cmd.replyTo(), Done.getInstance());
                    }
                    return Effect().persist(new Customer.Recorded(fresh))
                            .thenReply(cmd.replyTo(), s -> Done.getInstance());
                })
                .onCommand(Customer.OpenThread.class, (state, cmd) -> {
                    if (cmd.visit().interactionId().equals(state.threads().get(cmd.thread()))) {
                        return Effect().reply(cmd.replyTo(), Done.getInstance());
                    }
                    return Effect().persist(new Customer.ThreadOpened(cmd.thread(), cmd.visit()))
                            .thenReply(cmd.replyTo(), s -> Done.getInstance());
                })
                .onCommand(Customer.SetName.class, (state, cmd) -> cmd.name().equals(state.name())
                        ? Effect().reply(cmd.replyTo(), Done.getInstance())
                        : Effect().persist(new Customer.Named(cmd.name(), java.time.Instant.now()))
                        .thenReply(cmd.replyTo(), s -> Done.getInstance()))
                .onCommand(Customer.GetName.class, (state, cmd) ->
                        Effect().reply(cmd.replyTo(), Optional.ofNullable(state.name())))
                .onCommand(Customer.SetOptOut.class, (state, cmd) -> state.optedOut(cmd.channel()) == cmd.optedOut()
                        ? Effect().reply(cmd.replyTo(), Done.getInstance())
                        : Effect().persist(new Customer.OptOutChanged(cmd.channel(), cmd.optedOut(),
                        java.time.Instant.now())).thenReply(cmd.replyTo(), s -> Done.getInstance()))
                .onCommand(Customer.IsOptedOut.class, (state, cmd) ->
                        Effect().reply(cmd.replyTo(), state.optedOut(cmd.channel())))
                .onCommand(Customer.GetThread.class, (state, cmd) ->
                        Effect().reply(cmd.replyTo(), Optional.ofNullable(state.threads().get(cmd.thread()))))
                .onCommand(Customer.GetHistory.class, (state, cmd) -> {
                    List<Visit> newestFirst = new ArrayList<>(state.visits());
                    java.util.Collections.reverse(newestFirst);
                    return Effect().reply(cmd.replyTo(),
                            List.copyOf(newestFirst.subList(0, Math.min(Math.max(0, cmd.limit()), newestFirst.size()))));
                })
                .build();
    }
}
