package io.acd.gateway;

import com.typesafe.config.ConfigFactory;
import io.acd.engine.node.EngineNode;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A node on the embedded journal in a fresh directory, its API on a free port, and a client with its admin key. */
public record TestNode(EngineNode node, int port, Client admin) {

    public static TestNode start(Map<String, Object> settings) throws Exception {
        return start(settings, 0);
    }

    /** @param port the API's port, for a peer that must be told it before the node starts (0: any free one) */
    public static TestNode start(Map<String, Object> settings, int apiPort) throws Exception {
        Map<String, Object> all = new HashMap<>(settings);
        all.putIfAbsent("acd.data-dir", Files.createTempDirectory("acd-test").toString());
        all.putIfAbsent("pekko.remote.artery.canonical.port", 0);
        EngineNode node = EngineNode.start(EngineNode.config(ConfigFactory.parseMap(all)));
        int port = HttpServer.start(node, "127.0.0.1", apiPort).ready().toCompletableFuture().get(120, TimeUnit.SECONDS)
                .localAddress().getPort();
        return new TestNode(node, port, new Client(port, node.access().adminKey().key()));
    }

    /** A port free now, for a server this test starts next. */
    public static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public void stop() throws Exception {
        node.shutdown().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
