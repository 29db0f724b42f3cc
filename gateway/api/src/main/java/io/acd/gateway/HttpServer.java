package io.acd.gateway;

import io.acd.engine.client.EngineClient;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.management.HealthCheckSettings;
import org.apache.pekko.management.javadsl.CheckResult;
import org.apache.pekko.management.javadsl.HealthChecks;
import org.apache.pekko.stream.Materializer;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Binds the API; ready once both the engine and the socket are, and as long as the node's readiness checks
 * (Pekko Management's: the engine booted, this node a cluster member, the journal answering) pass. The binding joins the actor system's
 * coordinated shutdown, so a stopping node stops taking requests first and lets those in progress finish.
 */
public final class HttpServer {

    private final AtomicBoolean ready = new AtomicBoolean();
    private final CompletionStage<ServerBinding> binding;
    private CompletionStage<ServerBinding> whenReady;

    private HttpServer(ActorSystem<?> system, EngineClient engine, String host, int port) {
        HealthChecks checks = new HealthChecks((ExtendedActorSystem) system.classicSystem(),
                HealthCheckSettings.create(system.settings().config().getConfig("pekko.management.health-checks")));
        HttpApi api = new HttpApi(engine, Materializer.matFromSystem(system), ready::get,
                () -> checks.readyResult().thenApply(CheckResult::failure));
        Duration deadline = system.settings().config().getDuration("acd.http.termination-deadline");
        this.binding = Http.get(system).newServerAt(host, port).bind(api.routes())
                .thenApply(bound -> bound.addToCoordinatedShutdown(deadline, system));
    }

    /**
     * Binds at once (health answers 503 while starting) and turns ready when {@code engineReady} completes.
     */
    public static HttpServer start(ActorSystem<?> system, EngineClient engine, CompletionStage<Done> engineReady,
                                   String host, int port) {
        HttpServer server = new HttpServer(system, engine, host, port);
        server.whenReady = server.binding.thenCombine(engineReady, (b, r) -> {
            server.ready.set(true);
            return b;
        });
        return server;
    }

    /** Completes with the bound socket once the engine takes traffic. */
    public CompletionStage<ServerBinding> ready() {
        return whenReady;
    }

    public boolean isReady() {
        return ready.get();
    }
}
