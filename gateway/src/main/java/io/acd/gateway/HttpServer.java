package io.acd.gateway;

import io.acd.engine.node.EngineNode;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/** Binds the API of one engine node; ready once both the node and the socket are. */
public final class HttpServer {

    private final EngineNode engine;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final CompletionStage<ServerBinding> binding;
    private CompletionStage<ServerBinding> whenReady;

    private HttpServer(EngineNode engine, String host, int port) {
        this.engine = engine;
        HttpApi api = new HttpApi(engine, ready::get);
        this.binding = Http.get(engine.system()).newServerAt(host, port).bind(api.routes());
    }

    /** Binds at once (health answers 503 while starting) and turns ready when the engine is. */
    public static HttpServer start(EngineNode engine, String host, int port) {
        HttpServer server = new HttpServer(engine, host, port);
        server.whenReady = server.binding.thenCombine(engine.ready(), (b, r) -> {
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
