package io.acd.engine.access;

import io.acd.engine.Reply;
import io.acd.engine.access.Directory.AuthenticationFailed;
import io.acd.engine.access.Directory.Command;
import io.acd.engine.access.Directory.CreateKey;
import io.acd.engine.access.Directory.EnsureKey;
import io.acd.engine.access.Directory.Event;
import io.acd.engine.access.Directory.GetLog;
import io.acd.engine.access.Directory.GetView;
import io.acd.engine.access.Directory.KeyCreated;
import io.acd.engine.access.Directory.KeyRecord;
import io.acd.engine.access.Directory.KeyRevoked;
import io.acd.engine.access.Directory.ListKeys;
import io.acd.engine.access.Directory.PutTenant;
import io.acd.engine.access.Directory.RecordFailures;
import io.acd.engine.access.Directory.Refusal;
import io.acd.engine.access.Directory.RevokeKey;
import io.acd.engine.access.Directory.TenantCreated;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** The directory of tenants and keys, event sourced: see {@link Directory}. */
public final class DirectoryEntity extends EventSourcedBehavior<Command, Event, DirectoryState> {

    private final Clock clock;

    public static Behavior<Command> create(Clock clock) {
        return new DirectoryEntity(clock);
    }

    private DirectoryEntity(Clock clock) {
        super(PersistenceId.of(Directory.TYPE_KEY.name(), Directory.ENTITY_ID));
        this.clock = clock;
    }

    @Override
    public DirectoryState emptyState() {
        return DirectoryState.empty();
    }

    /** Each event copies the state, so a recovery replays at most a hundred of them after the last snapshot. */
    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(100, 2);
    }

    @Override
    public EventHandler<DirectoryState, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(DirectoryState::apply);
    }

    @Override
    public CommandHandler<Command, Event, DirectoryState> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(PutTenant.class, this::onPutTenant)
                .onCommand(CreateKey.class, this::onCreateKey)
                .onCommand(EnsureKey.class, this::onEnsureKey)
                .onCommand(RevokeKey.class, this::onRevokeKey)
                .onCommand(ListKeys.class, (state, cmd) -> {
                    cmd.replyTo().tell(state.keys().values().stream()
                            .sorted(Comparator.comparing(KeyRecord::createdAt)).toList());
                    return Effect().none();
                })
                .onCommand(GetView.class, (state, cmd) -> {
                    cmd.replyTo().tell(cmd.knownVersion() == state.version()
                            ? new Directory.Unchanged(state.version()) : state.view());
                    return Effect().none();
                })
                .onCommand(RecordFailures.class, (state, cmd) -> Effect().persist(new AuthenticationFailed(
                        cmd.source(), cmd.node(), cmd.failures(), cmd.since(), clock.instant())))
                .onCommand(GetLog.class, (state, cmd) -> {
                    List<Event> newestFirst = new ArrayList<>(state.recent());
                    Collections.reverse(newestFirst);
                    cmd.replyTo().tell(List.copyOf(newestFirst.subList(0, Math.min(cmd.limit(), newestFirst.size()))));
                    return Effect().none();
                })
                .build();
    }

    private Effect<Event, DirectoryState> onPutTenant(DirectoryState state, PutTenant cmd) {
        if (state.hasTenant(cmd.tenant())) {
            cmd.replyTo().tell(Reply.ok(cmd.tenant()));
            return Effect().none();
        }
        return Effect().persist(new TenantCreated(cmd.tenant(), clock.instant()))
                .thenRun(updated -> cmd.replyTo().tell(new Reply.Ok<>(cmd.tenant(), true)));
    }

    private Effect<Event, DirectoryState> onCreateKey(DirectoryState state, CreateKey cmd) {
        if (!state.hasTenant(cmd.tenant())) {
            cmd.replyTo().tell(Reply.rejected(Refusal.UNKNOWN_TENANT, "No tenant " + cmd.tenant()
                    + "; create it first with PUT /v1/tenants/" + cmd.tenant()));
            return Effect().none();
        }
        if (state.keyWithHash(cmd.hash()).isPresent()) {
            cmd.replyTo().tell(Reply.rejected(Refusal.KEY_EXISTS, "That key exists already"));
            return Effect().none();
        }
        return create(cmd.hash(), cmd.role(), cmd.tenant(), cmd.agentId(), cmd.name(), cmd.replyTo());
    }

    private Effect<Event, DirectoryState> onEnsureKey(DirectoryState state, EnsureKey cmd) {
        var existing = state.keyWithHash(cmd.hash());
        if (existing.isPresent()) {
            KeyRecord key = existing.get();
            cmd.replyTo().tell(key.isActive() ? Reply.ok(key) : Reply.rejected(Refusal.KEY_REVOKED,
                    "Key " + key.keyId() + " was revoked at " + key.revokedAt()));
            return Effect().none();
        }
        return create(cmd.hash(), cmd.role(), cmd.tenant(), null, cmd.name(), cmd.replyTo());
    }

    private Effect<Event, DirectoryState> create(String hash, Role role, String tenant, String agentId, String name,
                                                 ActorRef<Reply<KeyRecord>> replyTo) {
        KeyRecord key = new KeyRecord(ApiKeys.keyId(hash), hash, role, tenant, agentId, name, clock.instant(), null);
        return Effect().persist(new KeyCreated(key, key.createdAt()))
                .thenRun(updated -> replyTo.tell(new Reply.Ok<>(key, true)));
    }

    private Effect<Event, DirectoryState> onRevokeKey(DirectoryState state, RevokeKey cmd) {
        KeyRecord key = state.keys().get(cmd.keyId());
        if (key == null) {
            cmd.replyTo().tell(Reply.notFound("No key " + cmd.keyId()));
            return Effect().none();
        }
        if (!key.isActive()) {
            cmd.replyTo().tell(Reply.ok(key));
            return Effect().none();
        }
        return Effect().persist(new KeyRevoked(key.keyId(), clock.instant()))
                .thenRun(updated -> cmd.replyTo().tell(Reply.ok(updated.keys().get(key.keyId()))));
    }
}
