package io.acd.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.acd.engine.node.EngineNode;
import io.acd.gateway.HttpServer;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A first rough measure of the walking skeleton: N contacts created over REST and routed to M agents whose
 * desktops (WebSockets) accept, complete and wrap up every offer at once. Not the simulator: no think
 * time, no handle time, no arrival pattern. It reports creation rate, end-to-end routing rate, the
 * create-to-offer latency and, for an engine it started itself, the events stored per contact.
 *
 * <pre>java -cp 'load-tests/target/acd-load-tests.jar:load-tests/target/lib/*' io.acd.loadtest.RoutingRun \
 *     [--contacts 10000] [--agents 100] [--concurrency 32] [--url http://host:8080 --key-file data/admin.key]</pre>
 */
public final class RoutingRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String key;
    private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
    private final Map<String, Long> offeredAt = new ConcurrentHashMap<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger retried = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();

    private RoutingRun(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int contacts = Integer.parseInt(options.getOrDefault("--contacts", "10000"));
        int agents = Integer.parseInt(options.getOrDefault("--agents", "100"));
        int concurrency = Integer.parseInt(options.getOrDefault("--concurrency", "32"));
        String url = options.get("--url");

        EngineNode node = null;
        Path data = null;
        String key = url == null ? null
                : Files.readString(Path.of(options.getOrDefault("--key-file", "data/admin.key"))).trim();
        if (url == null) {
            data = Files.createTempDirectory("acd-routing-run");
            node = EngineNode.start(EngineNode.config(ConfigFactory.parseMap(Map.of(
                    "acd.data-dir", data.toString(),
                    "acd.interaction.offer-timeout", "120s",
                    "acd.routing.start-delay", "0s",
                    "pekko.loglevel", "WARNING",
                    "pekko.remote.artery.canonical.port", 0))));
            int port = HttpServer.start(node, "127.0.0.1", 0).ready()
                .toCompletableFuture().get(120, TimeUnit.SECONDS).localAddress().getPort();
            url = "http://127.0.0.1:" + port;
            key = node.access().adminKey().key();
            System.out.println("Engine started in this JVM, journal in " + data);
        }
        RoutingRun run = new RoutingRun(url, key);
        run.execute(contacts, agents, concurrency);
        if (node != null) {
            node.shutdown().toCompletableFuture().get(60, TimeUnit.SECONDS);
            countEvents(data, contacts);
        }
        System.exit(0);
    }

    private void execute(int contacts, int agents, int concurrency) throws Exception {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        List<WebSocket> desktops = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            String agentId = "load-" + runId + "-" + i;
            send("PUT", "/v1/agents/" + agentId, "{\"name\":\"Load " + i + "\",\"skills\":{\"sales\":" + (1 + i % 5)
                    + "},\"capacity\":{\"chat\":1}}").join();
            desktops.add(http.newWebSocketBuilder().header("Authorization", "Bearer " + key)
                    .buildAsync(URI.create(base.replace("http", "ws") + "/v1/agents/" + agentId + "/desktop"),
                            new Desktop()).join());
            send("POST", "/v1/agents/" + agentId + "/state", "{\"state\":\"available\"}").join();
        }
        System.out.printf("%d agents available with a desktop each; creating %d contacts, %d requests in flight%n",
                agents, contacts, concurrency);

        Random random = new Random(7);
        Semaphore inFlight = new Semaphore(concurrency);
        long start = System.nanoTime();
        Thread progress = new Thread(() -> progress(start, contacts));
        progress.setDaemon(true);
        progress.start();
        for (int i = 0; i < contacts; i++) {
            inFlight.acquire();
            String body = "{\"channel\":\"chat\",\"queue\":\"sales\",\"priority\":" + random.nextInt(10)
                    + ",\"skills\":{\"sales\":" + (1 + random.nextInt(3)) + "}}";
            create(body, "load-" + runId + "-" + i, System.nanoTime(), 1).whenComplete((ok, e) -> inFlight.release());
        }
        inFlight.acquire(concurrency);
        long createdNanos = System.nanoTime() - start;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (completed.get() < created.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long allNanos = System.nanoTime() - start;
        desktops.forEach(d -> d.sendClose(WebSocket.NORMAL_CLOSURE, "done"));

        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        offeredAt.forEach((id, offered) -> {
            Long sent = createdAt.get(id);
            if (sent != null) {
                latency.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(offered - sent)));
            }
        });
        System.out.printf("%nContacts created: %d (retried %d, failed %d) in %.1f s = %.0f creates/s%n",
                created.get(), retried.get(), failed.get(), createdNanos / 1e9, created.get() / (createdNanos / 1e9));
        System.out.printf("Contacts routed and completed: %d in %.1f s = %.0f contacts/s end to end%n",
                completed.get(), allNanos / 1e9, completed.get() / (allNanos / 1e9));
        System.out.printf("Create-to-offer latency (ms): p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  (n=%d)%n",
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(90) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0, latency.getTotalCount());
    }

    /**
     * Creates one contact as a gateway should: a 503 (or a lost connection) leaves it unknown whether the
     * contact was created, so the request is retried with the same Idempotency-Key.
     */
    private CompletableFuture<Void> create(String body, String key, long sent, int attempt) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/interactions"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + this.key).header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure == null && (response.statusCode() == 201 || response.statusCode() == 200)) {
                        created.incrementAndGet();
                        createdAt.putIfAbsent(field(response.body(), "interactionId"), sent);
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    retried.incrementAndGet();
                    if (attempt >= 5) {
                        failed.incrementAndGet();
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    return create(body, key, sent, attempt + 1);
                })
                .thenCompose(f -> f);
    }

    private void progress(long start, int contacts) {
        while (true) {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.printf("  %5.1f s  created %6d/%d  offered %6d  completed %6d%n",
                    (System.nanoTime() - start) / 1e9, created.get(), contacts, offeredAt.size(), completed.get());
        }
    }

    private CompletableFuture<HttpResponse<String>> send(String method, String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        try {
            return JSON.readTree(json).path(name).asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A desktop that takes every offer and finishes it at once. */
    private final class Desktop implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                handle(socket, partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        private void handle(WebSocket socket, String text) {
            JsonNode message;
            try {
                message = JSON.readTree(text);
            } catch (IOException e) {
                return;
            }
            String id = message.path("interactionId").asText();
            switch (message.path("type").asText()) {
                case "offer" -> {
                    offeredAt.putIfAbsent(id, System.nanoTime());
                    reply(socket, "{\"type\":\"accept\",\"interactionId\":\"" + id + "\"}");
                }
                case "ack" -> {
                    switch (message.path("status").asText()) {
                        case "connected" -> reply(socket, "{\"type\":\"complete\",\"interactionId\":\"" + id + "\"}");
                        case "wrap_up" -> reply(socket, "{\"type\":\"wrap_up\",\"interactionId\":\"" + id
                                + "\",\"disposition\":\"load\"}");
                        case "completed" -> completed.incrementAndGet();
                        default -> {
                        }
                    }
                }
                case "error" -> System.err.println("Desktop error: " + text);
                default -> {
                }
            }
        }

        private synchronized void reply(WebSocket socket, String json) {
            // One outstanding send per socket: java.net.http refuses overlapping sendText calls.
            socket.sendText(json, true).join();
        }
    }

    private static void countEvents(Path data, int contacts) throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("journal") + ";ACCESS_MODE_DATA=r";
        try (Connection c = DriverManager.getConnection(url, "acd", "");
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT CASE WHEN \"persistence_id\" LIKE 'Interaction|%' THEN 'Interaction' "
                             + "WHEN \"persistence_id\" LIKE 'Agent|%' THEN 'Agent' ELSE 'sharding bookkeeping' END k, "
                             + "COUNT(*) FROM PUBLIC.\"event_journal\" GROUP BY k ORDER BY k")) {
            System.out.println("Events stored:");
            while (rs.next()) {
                System.out.printf("  %-22s %8d  (%.2f per contact)%n", rs.getString(1), rs.getLong(2),
                        rs.getLong(2) / (double) contacts);
            }
        }
    }
}
