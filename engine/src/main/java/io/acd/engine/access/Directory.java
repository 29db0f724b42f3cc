package io.acd.engine.access;

import io.acd.engine.Reply;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The protocol of the directory: the tenants and the API keys of the whole cluster, and the log of what
 * happened to them. One entity ({@link #ENTITY_ID}) holds them, event sourced; every node keeps a copy for
 * checking keys ({@link AccessView}), so a request never waits for it.
 */
public final class Directory {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Directory");
    public static final String ENTITY_ID = "directory";

    private Directory() {
    }

    /**
     * One key as stored: the hash, never the key itself.
     *
     * @param agentId the agent an {@code agent} key speaks for; null for the other roles
     * @param revokedAt null while the key is valid
     */
    public record KeyRecord(String keyId, String hash, Role role, String tenant, String agentId, String name,
                            Instant createdAt, Instant revokedAt) implements KryoMessage {

        public boolean isActive() {
            return revokedAt == null;
        }
    }

    public sealed interface Command extends KryoMessage {
    }

    /** Creates a tenant; one that exists is answered as it is. */
    public record PutTenant(String tenant, ActorRef<Reply<String>> replyTo) implements Command {
    }

    public record CreateKey(String hash, Role role, String tenant, String agentId, String name,
                            ActorRef<Reply<KeyRecord>> replyTo) implements Command {
    }

    /**
     * Registers a key that exists outside the engine (the admin key file), once: a key with that hash already
     * registered is answered as it is, and one that was revoked stays revoked.
     */
    public record EnsureKey(String hash, Role role, String tenant, String name, ActorRef<Reply<KeyRecord>> replyTo)
            implements Command {
    }

    /** Revokes a key; a revoked one is answered as it is. */
    public record RevokeKey(String keyId, ActorRef<Reply<KeyRecord>> replyTo) implements Command {
    }

    public record ListKeys(ActorRef<List<KeyRecord>> replyTo) implements Command {
    }

    /** The keys and tenants in force, unless the asker's copy is already at {@code knownVersion}. */
    public record GetView(long knownVersion, ActorRef<ViewReply> replyTo) implements Command {
    }

    /** A node saw repeated failed authentications from one source; kept in the security log. */
    public record RecordFailures(String source, String node, int failures, Instant since) implements Command {
    }

    /** The latest security events, newest first. */
    public record GetLog(int limit, ActorRef<List<Event>> replyTo) implements Command {
    }

    public sealed interface ViewReply extends KryoMessage {
    }

    /** @param version grows with every change to the keys or tenants */
    public record View(long version, Set<String> tenants, List<KeyRecord> activeKeys) implements ViewReply {
    }

    public record Unchanged(long version) implements ViewReply {
    }

    public enum Refusal implements Reply.Reason {
        UNKNOWN_TENANT("unknown_tenant"),
        KEY_EXISTS("key_exists"),
        KEY_REVOKED("key_revoked");

        private final String code;

        Refusal(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }
    }

    public sealed interface Event extends KryoMessage {
        Instant at();
    }

    public record TenantCreated(String tenant, Instant at) implements Event {
    }

    public record KeyCreated(KeyRecord key, Instant at) implements Event {
    }

    public record KeyRevoked(String keyId, Instant at) implements Event {
    }

    /** @param failures how many requests from {@code source} a node refused for a bad key since {@code since} */
    public record AuthenticationFailed(String source, String node, int failures, Instant since, Instant at)
            implements Event {
    }

    public static void registerTypes(KryoRegistry registry) {
        registry.record(KeyRecord.class, 700);
        registry.enumeration(Role.class, 701);
        registry.enumeration(Refusal.class, 702);
        registry.record(DirectoryState.class, 703);
        registry.record(PutTenant.class, 710);
        registry.record(CreateKey.class, 711);
        registry.record(EnsureKey.class, 712);
        registry.record(RevokeKey.class, 713);
        registry.record(ListKeys.class, 714);
        registry.record(GetView.class, 715);
        registry.record(RecordFailures.class, 716);
        registry.record(GetLog.class, 717);
        registry.record(View.class, 720);
        registry.record(Unchanged.class, 721);
        registry.record(TenantCreated.class, 740);
        registry.record(KeyCreated.class, 741);
        registry.record(KeyRevoked.class, 742);
        registry.record(AuthenticationFailed.class, 743);
    }
}
