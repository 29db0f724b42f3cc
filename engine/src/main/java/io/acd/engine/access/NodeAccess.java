package io.acd.engine.access;

import com.typesafe.config.Config;
import io.acd.engine.Reply;
import io.acd.engine.access.AdminKeyFile.AdminKey;
import io.acd.engine.access.Directory.KeyRecord;
import io.acd.engine.tenant.ScopedId;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Who may reach this node: the directory entity, this node's copy of it, and the admin key of its file,
 * registered in the directory before the node takes traffic.
 */
public final class NodeAccess {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAccess.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final ActorSystem<?> system;
    private final EntityRef<Directory.Command> directory;
    private final AccessView view;
    private final AdminKey adminKey;
    private final Duration askTimeout;
    private final Duration refreshInterval;
    private final ClusterSharding sharding;
    private final Duration ticketTtl;

    private NodeAccess(ActorSystem<?> system, ClusterSharding sharding, EntityRef<Directory.Command> directory,
                       AccessView view, AdminKey adminKey, Duration askTimeout, Duration refreshInterval,
                       Duration ticketTtl) {
        this.system = system;
        this.sharding = sharding;
        this.ticketTtl = ticketTtl;
        this.directory = directory;
        this.view = view;
        this.adminKey = adminKey;
        this.askTimeout = askTimeout;
        this.refreshInterval = refreshInterval;
    }

    /**
     * Reads or creates the admin key file, which fails at once when the file cannot be used, and sets up the
     * directory. Nothing asks the directory before {@link #registerAdminKey}, which the node calls once its
     * journal is ready.
     */
    public static NodeAccess create(ActorSystem<?> system, ClusterSharding sharding, Duration askTimeout, Clock clock) {
        AdminKey adminKey;
        try {
            adminKey = AdminKeyFile.provision(adminKeyFile(system.settings().config()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Not remembered: it starts at the first ask, never before the journal is ready, and nodes ask often.
        sharding.init(Entity.of(Directory.TYPE_KEY, entity -> DirectoryEntity.create(clock))
                .withSettings(ClusterShardingSettings.create(system).withRememberEntities(false)));
        EntityRef<Directory.Command> directory = sharding.entityRefFor(Directory.TYPE_KEY, Directory.ENTITY_ID);
        sharding.init(Entity.of(DesktopTicket.TYPE_KEY, entity -> DesktopTicket.create())
                .withSettings(ClusterShardingSettings.create(system).withRememberEntities(false)));
        Config security = system.settings().config().getConfig("acd.security");
        return new NodeAccess(system, sharding, directory, AccessView.create(system, directory, askTimeout), adminKey,
                askTimeout, security.getDuration("refresh-interval"), security.getDuration("desktop-ticket-ttl"));
    }

    /** {@code acd.security.admin-key-file}, or admin.key in the data directory. */
    static Path adminKeyFile(Config config) {
        String file = config.getString("acd.security.admin-key-file");
        if (!file.isBlank()) {
            return Path.of(file);
        }
        return Path.of(config.hasPath("acd.data-dir") ? config.getString("acd.data-dir") : "data", "admin.key");
    }

    /**
     * Registers the admin key in the directory (once for the cluster: the same file on several nodes is one key)
     * and completes once this node's copy has it. Retries while the directory cannot answer, as while the
     * cluster forms; a revoked admin key is not registered again, and the node starts without one.
     */
    public CompletionStage<Void> registerAdminKey() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        register(done, 1);
        return done.thenCompose(registered -> {
            view.follow(refreshInterval);
            return view.refresh();
        });
    }

    private void register(CompletableFuture<Void> done, int attempt) {
        AskPattern.<Directory.Command, Reply<KeyRecord>>ask(directory, replyTo -> new Directory.EnsureKey(
                        ApiKeys.hash(adminKey.key()), Role.ADMIN, ScopedId.DEFAULT_TENANT, "admin key file", replyTo),
                askTimeout, system.scheduler())
                .whenComplete((reply, failure) -> {
                    if (reply instanceof Reply.Rejected<KeyRecord> rejected) {
                        LOG.error("The admin key in {} was revoked ({}): delete the file and restart the node to"
                                + " create a new one", adminKey.file(), rejected.message());
                        done.complete(null);
                    } else if (reply != null) {
                        done.complete(null);
                    } else {
                        if (attempt % 10 == 0) {
                            LOG.warn("The directory of keys has not answered {} asks to register the admin key: {}",
                                    attempt, failure.toString());
                        }
                        system.scheduler().scheduleOnce(RETRY, () -> register(done, attempt + 1),
                                system.executionContext());
                    }
                });
    }

    public AccessView view() {
        return view;
    }

    public EntityRef<Directory.Command> directory() {
        return directory;
    }

    public AdminKey adminKey() {
        return adminKey;
    }

    /** Issues a desktop ticket for the agent; completes with the ticket once any node can redeem it. */
    public CompletionStage<String> issueTicket(String tenant, String agentId) {
        String ticket = DesktopTicket.newTicket();
        return AskPattern.<DesktopTicket.Command, DesktopTicket.Issued>ask(
                        sharding.entityRefFor(DesktopTicket.TYPE_KEY, ticket),
                        replyTo -> new DesktopTicket.Issue(tenant, agentId, ticketTtl, replyTo), askTimeout,
                        system.scheduler())
                .thenApply(issued -> ticket);
    }

    /** Whom a ticket was issued for, once: a second redeem, or one after it expired, is refused. */
    public CompletionStage<DesktopTicket.Redeemed> redeemTicket(String ticket) {
        return AskPattern.ask(sharding.entityRefFor(DesktopTicket.TYPE_KEY, ticket), DesktopTicket.Redeem::new,
                askTimeout, system.scheduler());
    }

    public Duration ticketTtl() {
        return ticketTtl;
    }
}
