package io.acd.engine.node;

import io.acd.engine.EngineSettings;
import io.acd.engine.Peers;
import io.acd.engine.access.NodeAccess;
import io.acd.engine.agent.AgentEntity;
import io.acd.engine.backlog.BacklogEntity;
import io.acd.engine.backlog.BacklogSettings;
import io.acd.engine.client.EngineClient;
import io.acd.engine.client.ShardedEngineClient;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.canned.CannedReplies;
import io.acd.engine.canned.CannedRepliesEntity;
import io.acd.engine.customer.Customer;
import io.acd.engine.customer.CustomerEntity;
import io.acd.engine.customer.CustomerIndexEntity;
import io.acd.engine.events.EventLog;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByPersistenceIdQuery;
import io.acd.engine.events.EventLogEntity;
import io.acd.engine.conversation.TranscriptEntity;
import io.acd.engine.interaction.InteractionEntity;
import io.acd.engine.queue.Queue;
import io.acd.engine.router.Router;
import io.acd.engine.routing.RoutingConfig;
import io.acd.engine.tenant.ScopedId;
import io.acd.persistence.journal.Journal;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One engine node: the actor system, joined to a cluster (of itself, for the single-node profile), with
 * its journal ready and the sharded entities started. Edges reach the entities through its {@link #client()}.
 */
public final class EngineNode {

    private final ActorSystem<Void> system;
    private final EngineSettings settings;
    private final ClusterSharding sharding;
    private final EngineClient client;
    private final CompletableFuture<Done> journalReady = new CompletableFuture<>();
    private final CompletableFuture<Done> ready = new CompletableFuture<>();
    private NodeAccess access;

    private EngineNode(ActorSystem<Void> system) {
        this.system = system;
        this.settings = EngineSettings.from(system.settings().config());
        this.sharding = ClusterSharding.get(system);
        String readJournalId = Journal.chosen(system.settings().config()).readJournalId();
        this.client = new ShardedEngineClient(sharding, settings, () -> PersistenceQuery.get(system)
                .getReadJournalFor(EventsByPersistenceIdQuery.class, readJournalId));
    }

    /**
     * The configuration of a node: {@code overrides} (command line, --config file), then system
     * properties, application.conf, the settings of the journal {@code acd.journal} names, the node layer
     * {@code acd-node.conf} and last every reference.conf. The journal's and the node's layers sit above the
     * reference files because they override library defaults, and the order in which reference.conf files
     * merge depends on the classpath.
     */
    public static Config config(Config overrides) {
        Config chosen = ConfigFactory.defaultOverrides()
                .withFallback(overrides)
                .withFallback(ConfigFactory.defaultApplication());
        Journal journal = Journal.chosen(chosen.withFallback(ConfigFactory.defaultReference()).resolve());
        return chosen
                .withFallback(journal.settings())
                .withFallback(ConfigFactory.parseResources("acd-node.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    /** Starts a node with a configuration from {@link #config}; {@link #ready()} completes once it can take traffic. */
    public static EngineNode start(Config config) {
        EngineNode node = new EngineNode(ActorSystem.create(Behaviors.empty(), "acd", config));
        node.boot();
        return node;
    }

    private void boot() {
        Clock clock = Clock.systemUTC();
        // Every entity lives in a tenant, named by its entity id (see ScopedId); it gets the peers and the
        // settings of that tenant, and so its routing domain: one router per tenant.
        Function<String, Peers> peersIn = tenant -> new ShardedPeers(sharding, tenant);
        RoutingConfig routing = settings.routing();
        Config config = system.settings().config();
        Journal journal = Journal.chosen(config);
        // The storage must be ready before any entity, including the shards' remembered-entity stores, replays.
        NodeAccess access = NodeAccess.create(system, sharding, settings.askTimeout(), clock);
        this.access = access;
        CompletableFuture.runAsync(() -> journal.prepare(system)).thenRun(() -> {
            journalReady.complete(Done.getInstance());
            // Interactions are not remembered: that would cost two writes per contact (started, stopped).
            // A queued one is in its domain's backlog, from which a starting router files it, and is woken
            // by its offer; one held by an agent is woken by the agent, which checks on what it holds.
            sharding.init(Entity.of(InteractionEntity.TYPE_KEY, entity -> {
                ScopedId id = ScopedId.of(entity.getEntityId());
                return InteractionEntity.create(id, settings.inTenant(id.tenant()), peersIn.apply(id.tenant()),
                        entity.getShard(), clock);
            }).withSettings(ClusterShardingSettings.create(system).withRememberEntities(false)));
            // Not remembered either: a transcript starts when it is asked for.
            sharding.init(Entity.of(Transcript.TYPE_KEY, entity -> TranscriptEntity.create(entity.getEntityId(), clock,
                            settings.inTenant(ScopedId.of(entity.getEntityId()).tenant())::eventTags))
                    .withSettings(ClusterShardingSettings.create(system).withRememberEntities(false)));
            BacklogSettings backlog = BacklogSettings.from(config);
            sharding.init(Entity.of(BacklogEntity.TYPE_KEY, entity -> {
                String domain = BacklogEntity.domainOf(entity.getEntityId());
                return BacklogEntity.create(entity.getEntityId(), domain, backlog, journal.readJournalId(),
                        peersIn.apply(domain), clock);
            }));
            sharding.init(Entity.of(AgentEntity.TYPE_KEY, entity -> {
                ScopedId id = ScopedId.of(entity.getEntityId());
                return AgentEntity.create(id, settings.inTenant(id.tenant()), peersIn.apply(id.tenant()),
                        entity.getShard(), clock);
            }));
            // A router's entity id is its routing domain, which is its tenant.
            sharding.init(Entity.of(Router.TYPE_KEY, entity -> Router.create(settings.inTenant(entity.getEntityId()),
                    routing, peersIn.apply(entity.getEntityId()), clock)));
            sharding.init(Entity.of(Queue.TYPE_KEY, entity -> {
                ScopedId id = ScopedId.of(entity.getEntityId());
                return Queue.create(id, routing, settings.inTenant(id.tenant()), peersIn.apply(id.tenant()), clock);
            }));
            // A tenant's log of events out: its entity id is the tenant.
            sharding.init(Entity.of(EventLog.TYPE_KEY, entity -> EventLogEntity.create(entity.getEntityId(),
                    settings.inTenant(entity.getEntityId()), journal.readJournalId(), clock)));
            // Customers' histories, and the projection per tenant that records their interactions.
            sharding.init(Entity.of(Customer.TYPE_KEY, entity -> CustomerEntity.create(entity.getEntityId()))
                    .withSettings(ClusterShardingSettings.create(system).withRememberEntities(false)));
            sharding.init(Entity.of(Customer.INDEX_KEY, entity -> CustomerIndexEntity.create(entity.getEntityId(),
                    settings.inTenant(entity.getEntityId()), journal.readJournalId(), sharding, clock)));
            sharding.init(Entity.of(CannedReplies.TYPE_KEY, entity -> CannedRepliesEntity.create(entity.getEntityId(),
                    clock)).withSettings(ClusterShardingSettings.create(system).withRememberEntities(false)));
            Cluster cluster = Cluster.get(Adapter.toClassic(system));
            cluster.registerOnMemberUp(() -> {
                // Start the router now rather than at the first message, so its start delay runs at once.
                peersIn.apply(ScopedId.DEFAULT_TENANT).router(ScopedId.DEFAULT_TENANT)
                        .tell(new Router.GetStats(system.ignoreRef()));
                // Traffic is taken once requests can be checked: the admin key registered, the keys copied.
                access.registerAdminKey().thenRun(() -> {
                    EngineReadiness.Booted.ID.apply(system).markBooted();
                    ready.complete(Done.getInstance());
                });
            });
            // With seed nodes Pekko joins them by itself; with Cluster Bootstrap the launcher starts it.
            if (config.getList("pekko.cluster.seed-nodes").isEmpty() && !config.getBoolean("acd.cluster.bootstrap")) {
                cluster.join(cluster.selfAddress());
            }
        }).exceptionally(failure -> {
            journalReady.completeExceptionally(failure);
            ready.completeExceptionally(failure);
            return null;
        });
    }

    /**
     * Completes once the journal's storage is ready (see {@code Journal.prepare}). Whatever touches the
     * journal plugin before that, a health check included, must wait for it: pekko-persistence-cassandra's
     * query side keeps failing for good if it first met a keyspace that did not exist yet.
     */
    public CompletionStage<Done> journalReady() {
        return journalReady;
    }

    public CompletionStage<Done> ready() {
        return ready;
    }

    public boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    public ActorSystem<Void> system() {
        return system;
    }

    public EngineSettings settings() {
        return settings;
    }

    /** Who may reach the engine: the keys and tenants, and this node's admin key. */
    public NodeAccess access() {
        return access;
    }

    /** The client through which this node's edges reach the entities of the cluster. */
    public EngineClient client() {
        return client;
    }

    public CompletionStage<Done> shutdown() {
        system.terminate();
        return system.getWhenTerminated().thenApply(t -> Done.getInstance());
    }
}
