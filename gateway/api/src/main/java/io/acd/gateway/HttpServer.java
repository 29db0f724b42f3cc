package io.acd.gateway;

import com.typesafe.config.Config;
import io.acd.engine.access.Directory;
import io.acd.engine.access.NodeAccess;
import io.acd.engine.client.EngineClient;
import io.acd.engine.node.EngineNode;
import io.acd.gateway.auth.Authenticator;
import io.acd.gateway.auth.FailedAuthentications;
import io.acd.gateway.auth.RateLimiter;
import io.acd.gateway.channel.Attachments;
import io.acd.gateway.channel.ChannelAdapter;
import io.acd.gateway.channel.ChannelAdapters;
import io.acd.gateway.channel.ChannelSettings;
import io.acd.gateway.channel.ChannelSettingsEntity;
import io.acd.gateway.channel.ChannelSettingsView;
import io.acd.gateway.conversation.Sticky;
import io.acd.engine.tenant.ScopedId;
import io.acd.engine.routing.Channel;
import io.acd.gateway.outbound.Outbox;
import io.acd.gateway.outbound.OutboxEntity;
import io.acd.gateway.outbound.OutboxSettings;
import io.acd.gateway.outbound.Sender;
import io.acd.gateway.webhook.Webhook;
import io.acd.gateway.webhook.WebhookEntity;
import io.acd.gateway.webhook.WebhookSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.management.HealthCheckSettings;
import org.apache.pekko.management.javadsl.CheckResult;
import org.apache.pekko.management.javadsl.HealthChecks;
import org.apache.pekko.stream.Materializer;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Binds the API; ready once both the engine and the socket are, and as long as the node's readiness checks
 * (Pekko Management's: the engine booted, this node a cluster member, the journal answering) pass. The binding joins the actor system's
 * coordinated shutdown, so a stopping node stops taking requests first and lets those in progress finish.
 */
public final class HttpServer {

    private final AtomicBoolean ready = new AtomicBoolean();
    private final CompletionStage<ServerBinding> binding;
    private final List<ChannelAdapter> adapters;
    private final List<ChannelAdapters.Started> started;
    private CompletionStage<ServerBinding> whenReady;

    private HttpServer(ActorSystem<?> system, EngineClient engine, NodeAccess access, String host, int port) {
        Config config = system.settings().config();
        HealthChecks checks = new HealthChecks((ExtendedActorSystem) system.classicSystem(),
                HealthCheckSettings.create(config.getConfig("pekko.management.health-checks")));
        Duration askTimeout = config.getDuration("acd.routing.ask-timeout");
        String node = Cluster.get(system).selfMember().address().toString();
        Config security = config.getConfig("acd.http.security");
        FailedAuthentications failures = new FailedAuthentications(security.getInt("failure-report-threshold"),
                security.getDuration("failure-report-window"), Clock.systemUTC(),
                (source, count, since) -> access.directory().tell(
                        new Directory.RecordFailures(source, node, count, since)));
        RateLimiter rates = new RateLimiter(security.getDouble("rate-limit.per-second"),
                security.getDouble("rate-limit.burst"), System::nanoTime);
        Authenticator authenticator = new Authenticator(access.view(), rates, failures);
        AdminRoutes admin = new AdminRoutes(access.directory(), access.view(), askTimeout, system.scheduler());
        this.started = ChannelAdapters.start(system, engine);
        this.adapters = started.stream().map(ChannelAdapters.Started::adapter).toList();
        ClusterSharding sharding = ClusterSharding.get(system);
        WebhookSettings hooks = WebhookSettings.from(config);
        // Every node with an API hosts webhook subscriptions, remembered, so each goes on after its node dies.
        sharding.init(Entity.of(Webhook.TYPE_KEY, entity -> {
            ScopedId id = ScopedId.of(entity.getEntityId());
            return WebhookEntity.create(entity.getEntityId(), id.local(), engine.inTenant(id.tenant()), hooks,
                    Clock.systemUTC());
        }));
        initOutboxes(system, sharding, engine);
        ChannelRoutes channels = followChannelSettings(system, sharding, config, askTimeout);
        HttpApi api = new HttpApi(engine, access, authenticator, admin, Materializer.matFromSystem(system), ready::get,
                () -> checks.readyResult().thenApply(CheckResult::failure),
                adapters.stream().map(ChannelAdapter::routes).toList(), new WebhookRoutes(sharding, askTimeout),
                Sticky.from(config, Clock.systemUTC()), Attachments.from(config), channels);
        Duration deadline = system.settings().config().getDuration("acd.http.termination-deadline");
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "channel-adapters", () -> {
            adapters.forEach(ChannelAdapter::stop);
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        this.binding = Http.get(system).newServerAt(host, port).bind(api.routes())
                .thenApply(bound -> bound.addToCoordinatedShutdown(deadline, system));
    }

    /**
     * Every node with an API hosts the channels' outboxes, remembered like webhooks. An outbox of a channel this
     * node has no adapter for keeps its messages queued, and fails them once they are too old.
     */
    private void initOutboxes(ActorSystem<?> system, ClusterSharding sharding, EngineClient engine) {
        OutboxSettings settings = OutboxSettings.from(system.settings().config());
        Map<Channel, Sender> senders = new EnumMap<>(Channel.class);
        adapters.forEach(adapter -> adapter.outlet().ifPresent(o -> senders.put(o.channel(), o.sender())));
        sharding.init(Entity.of(Outbox.TYPE_KEY, entity -> {
            ScopedId id = ScopedId.of(entity.getEntityId());
            Channel channel = Channel.fromWire(id.local()).orElseThrow();
            Sender sender = senders.getOrDefault(channel, (tenantEngine, message) -> CompletableFuture.completedFuture(
                    new Sender.Retry("the " + channel.wireName() + " channel is not configured on this node")));
            return OutboxEntity.create(entity.getEntityId(), channel, engine.inTenant(id.tenant()), sender, settings,
                    Clock.systemUTC());
        }));
        adapters.forEach(adapter -> adapter.outlet().ifPresent(o -> o.tenants().forEach(tenant ->
                sharding.entityRefFor(Outbox.TYPE_KEY, Outbox.entityId(tenant, o.channel())).tell(new Outbox.Wake()))));
    }

    /**
     * The tenants' channel settings: one entity for the cluster, a copy on each node that hands each channel's
     * settings to its adapter as they change and wakes the outboxes of the tenants that have them.
     */
    private ChannelRoutes followChannelSettings(ActorSystem<?> system, ClusterSharding sharding, Config config,
                                                Duration askTimeout) {
        sharding.init(Entity.of(ChannelSettings.TYPE_KEY, entity -> ChannelSettingsEntity.create(Clock.systemUTC())));
        var store = sharding.entityRefFor(ChannelSettings.TYPE_KEY, ChannelSettings.ENTITY_ID);
        Map<String, ChannelAdapter> byChannel = new java.util.HashMap<>();
        started.forEach(s -> byChannel.put(s.channel(), s.adapter()));
        ChannelSettingsView view = new ChannelSettingsView(system, store, askTimeout, (channel, byTenant) -> {
            ChannelAdapter adapter = byChannel.get(channel);
            if (adapter == null) {
                return;
            }
            adapter.configure(byTenant);
            adapter.outlet().ifPresent(o -> byTenant.keySet().forEach(tenant ->
                    sharding.entityRefFor(Outbox.TYPE_KEY, Outbox.entityId(tenant, o.channel())).tell(new Outbox.Wake())));
        });
        view.follow(config.getDuration("acd.http.channel-settings-refresh"));
        return new ChannelRoutes(byChannel, store, system, askTimeout);
    }

    /**
     * Binds at once (health answers 503 while starting) and turns ready when {@code engineReady} completes.
     */
    public static HttpServer start(ActorSystem<?> system, EngineClient engine, NodeAccess access,
                                   CompletionStage<Done> engineReady, String host, int port) {
        HttpServer server = new HttpServer(system, engine, access, host, port);
        server.whenReady = server.binding.thenCombine(engineReady, (b, r) -> {
            server.ready.set(true);
            return b;
        });
        return server;
    }

    /**
     * The API of an engine node in this JVM, once the node's journal is ready. The readiness checks are made
     * here, and Cassandra's starts the journal plugin: started before the node created the keyspace, the plugin
     * keeps statements it could not prepare, and every tag query fails for good ("keyspace … does not exist").
     */
    public static HttpServer start(EngineNode node, String host, int port) {
        try {
            node.journalReady().toCompletableFuture().get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the journal got ready", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The journal did not get ready: " + e.getMessage(), e);
        }
        return start(node.system(), node.client(), node.access(), node.ready(), host, port);
    }

    /** Completes with the bound socket once the engine takes traffic. */
    public CompletionStage<ServerBinding> ready() {
        return whenReady;
    }

    public boolean isReady() {
        return ready.get();
    }
}
