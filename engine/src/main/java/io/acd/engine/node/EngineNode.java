package io.acd.engine.node;

import io.acd.engine.EngineSettings;
import io.acd.engine.Peers;
import io.acd.engine.Reply;
import io.acd.engine.agent.Agent;
import io.acd.engine.agent.AgentEntity;
import io.acd.engine.agent.AgentState;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionEntity;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.queue.Queue;
import io.acd.engine.router.Router;
import io.acd.engine.router.RoutingSettings;
import io.acd.engine.routing.RoutingConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One engine node: the actor system, joined to a cluster (of itself, for the single-node profile), with
 * the journal schema in place and the sharded entities started. Gateways talk to the engine through it.
 */
public final class EngineNode {

    private final ActorSystem<Void> system;
    private final EngineSettings settings;
    private final ClusterSharding sharding;
    private final CompletableFuture<Done> ready = new CompletableFuture<>();

    private EngineNode(ActorSystem<Void> system) {
        this.system = system;
        this.settings = EngineSettings.from(system.settings().config());
        this.sharding = ClusterSharding.get(system);
    }

    /**
     * The configuration of a node: {@code overrides} (command line, --config file), then system
     * properties, application.conf, the node layer {@code acd-node.conf} and last every reference.conf.
     * The node layer sits above the reference files because it overrides library defaults, and the
     * order in which reference.conf files merge depends on the classpath.
     */
    public static Config config(Config overrides) {
        return ConfigFactory.defaultOverrides()
                .withFallback(overrides)
                .withFallback(ConfigFactory.defaultApplication())
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
        Peers peers = new ShardedPeers(sharding);
        RoutingConfig routing = RoutingSettings.from(system.settings().config());
        // The schema must exist before any entity, including the shards' remembered-entity stores, replays.
        SchemaUtils.createIfNotExists(system).thenRun(() -> {
            sharding.init(Entity.of(InteractionEntity.TYPE_KEY, entity ->
                    InteractionEntity.create(entity.getEntityId(), settings, peers, entity.getShard(), clock)));
            sharding.init(Entity.of(AgentEntity.TYPE_KEY, entity ->
                    AgentEntity.create(entity.getEntityId(), settings, peers, entity.getShard(), clock)));
            sharding.init(Entity.of(Router.TYPE_KEY, entity -> Router.create(settings, routing, peers, clock)));
            sharding.init(Entity.of(Queue.TYPE_KEY, entity ->
                    Queue.create(entity.getEntityId(), routing, settings, peers, clock)));
            Cluster cluster = Cluster.get(Adapter.toClassic(system));
            cluster.registerOnMemberUp(() -> {
                // Start the router now rather than at the first message, so its start delay runs at once.
                peers.router(settings.routingDomain()).tell(new Router.GetStats(system.ignoreRef()));
                ready.complete(Done.getInstance());
            });
            if (system.settings().config().getList("pekko.cluster.seed-nodes").isEmpty()) {
                cluster.join(cluster.selfAddress());
            }
        }).exceptionally(failure -> {
            ready.completeExceptionally(failure);
            return null;
        });
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

    public CompletionStage<Reply<InteractionState.Existing>> askInteraction(
            String interactionId, Function<ActorRef<Reply<InteractionState.Existing>>, Interaction.Command> command) {
        return sharding.entityRefFor(InteractionEntity.TYPE_KEY, interactionId)
                .ask(command::apply, settings.askTimeout());
    }

    public CompletionStage<Reply<AgentState.Registered>> askAgent(
            String agentId, Function<ActorRef<Reply<AgentState.Registered>>, Agent.Command> command) {
        return sharding.entityRefFor(AgentEntity.TYPE_KEY, agentId).ask(command::apply, settings.askTimeout());
    }

    public CompletionStage<Reply<Queue.State>> askQueue(
            String name, Function<ActorRef<Reply<Queue.State>>, Queue.Command> command) {
        return sharding.entityRefFor(Queue.TYPE_KEY, name).ask(command::apply, settings.askTimeout());
    }

    public void tellAgent(String agentId, Agent.Command command) {
        sharding.entityRefFor(AgentEntity.TYPE_KEY, agentId).tell(command);
    }

    public CompletionStage<Router.Stats> routerStats() {
        return sharding.entityRefFor(Router.TYPE_KEY, settings.routingDomain())
                .ask(Router.GetStats::new, settings.askTimeout());
    }

    public CompletionStage<Done> shutdown() {
        system.terminate();
        return system.getWhenTerminated().thenApply(t -> Done.getInstance());
    }
}
