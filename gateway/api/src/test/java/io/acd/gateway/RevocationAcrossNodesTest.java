package io.acd.gateway;

import com.typesafe.config.ConfigFactory;
import io.acd.engine.node.EngineNode;
import io.acd.persistence.cassandra.SharedCassandra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two nodes of one cluster on Cassandra, sharing one admin key file as an operator would give them: a key
 * created on one node works on the other at once, and a key revoked on one is refused on the other within
 * the nodes' refresh interval (500 ms) and a round trip.
 */
class RevocationAcrossNodesTest {

    private static EngineNode first;
    private static EngineNode second;
    private static Client one;
    private static Client two;

    @BeforeAll
    static void start() throws Exception {
        InetSocketAddress cassandra = SharedCassandra.contactPoint();
        String keyspace = "revoke_" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createTempDirectory("acd-revoke-test");
        int port1 = freePort();
        int port2 = freePort();
        List<String> seeds = List.of("pekko://acd@127.0.0.1:" + port1);
        first = node(cassandra, keyspace, dir, port1, seeds);
        one = new Client(httpPort(first), first.access().adminKey().key());
        second = node(cassandra, keyspace, dir, port2, seeds);
        two = new Client(httpPort(second), second.access().adminKey().key());
        assertEquals(first.access().adminKey().key(), second.access().adminKey().key(), "one admin key file");
    }

    private static EngineNode node(InetSocketAddress cassandra, String keyspace, Path dir, int port,
                                   List<String> seeds) {
        return EngineNode.start(EngineNode.config(ConfigFactory.parseMap(Map.of(
                "acd.journal", "cassandra",
                "acd.cassandra.contact-points", List.of(cassandra.getHostString() + ":" + cassandra.getPort()),
                "acd.cassandra.keyspace", keyspace,
                "acd.data-dir", dir.resolve("data-" + port).toString(),
                "acd.security.admin-key-file", dir.resolve("admin.key").toString(),
                "pekko.remote.artery.canonical.hostname", "127.0.0.1",
                "pekko.remote.artery.canonical.port", port,
                "pekko.cluster.seed-nodes", seeds))));
    }

    private static int httpPort(EngineNode node) throws Exception {
        return HttpServer.start(node, "127.0.0.1", 0).ready().toCompletableFuture().get(3, TimeUnit.MINUTES)
                .localAddress().getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        second.shutdown().toCompletableFuture().get(30, TimeUnit.SECONDS);
        first.shutdown().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aKeyCreatedOnOneNodeWorksOnTheOtherAndARevokedOneIsRefusedThereWithinTheRefreshInterval() {
        Client.Response created = one.post("/v1/keys", "{\"role\":\"supervisor\",\"name\":\"floor lead\"}");
        assertEquals(201, created.status(), created.toString());
        Client supervisorOnTwo = two.withKey(created.field("key"));
        assertEquals(200, supervisorOnTwo.get("/v1/routing").status(), "known on the other node at once");

        assertEquals(200, one.send("DELETE", "/v1/keys/" + created.field("keyId"), null).status());
        long revoked = System.nanoTime();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> supervisorOnTwo.get("/v1/routing").status() == 401);
        System.out.printf("revoked on one node, refused on the other after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revoked));
        assertEquals(401, one.withKey(created.field("key")).get("/v1/routing").status());
    }
}
