package io.acd.loadtest.failover;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the engine takes to be fully routable again after losing the node that routes, with many contacts
 * waiting: fills the queue with N contacts (no agent is available, so all of them wait), then kills the node
 * that holds the Router with SIGKILL and measures until a router answers with all N contacts in its index.
 *
 * <ul>
 *   <li>{@code --mode restart}: one node on the embedded journal, killed and started again in place;</li>
 *   <li>{@code --mode cluster}: three nodes on Cassandra ({@code --cassandra HOST:PORT}), the router's node
 *       killed, the other two take over.</li>
 * </ul>
 *
 * <pre>java -cp 'load-tests/target/acd-load-tests.jar:load-tests/target/lib/*' io.acd.loadtest.failover.FailoverRun \
 *     --mode restart --queued 10000,50000,100000</pre>
 */
public final class FailoverRun {

    private static final Pattern WAITING = Pattern.compile("\"waiting\":(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The admin key of the node or cluster under test, which it created as it first started. */
    private volatile String adminKey;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        String mode = options.getOrDefault("--mode", "restart");
        int concurrency = Integer.parseInt(options.getOrDefault("--concurrency", "64"));
        List<Integer> sizes = Arrays.stream(options.getOrDefault("--queued", "10000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        if (!mode.equals("restart") && !mode.equals("cluster")) {
            System.err.println("--mode is restart or cluster");
            System.exit(2);
        }
        if (mode.equals("cluster") && !options.containsKey("--cassandra")) {
            System.err.println("--mode cluster needs --cassandra HOST:PORT");
            System.exit(2);
        }
        FailoverRun run = new FailoverRun();
        List<String> rows = new ArrayList<>();
        for (int queued : sizes) {
            rows.add(mode.equals("restart") ? run.restart(queued, concurrency)
                    : run.cluster(queued, concurrency, options.get("--cassandra")));
        }
        System.out.println();
        System.out.println("| mode | queued | created per s | killed → a router answers | killed → all queued routable |");
        System.out.println("| --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private String restart(int queued, int concurrency) throws Exception {
        Path dir = Files.createTempDirectory("acd-failover");
        NodeProcess node = new NodeProcess(List.of("--data-dir", dir.resolve("data").toString()), dir.resolve("node.log"));
        node.start();
        try {
            if (!Poll.until(Duration.ofMinutes(2), Duration.ofMillis(200), () -> node.ready(http))) {
                throw new IllegalStateException(node.url() + " not ready within 2 minutes");
            }
            adminKey = Files.readString(dir.resolve("data").resolve("admin.key")).trim();
            double rate = fill(List.of(node.url()), queued, concurrency);
            awaitWaiting(List.of(node.url()), queued, Duration.ofMinutes(5));
            node.kill();
            long killed = System.nanoTime();
            node.start();
            return row("single-node restart", queued, rate, killed, List.of(node.url()));
        } finally {
            node.stop();
        }
    }

    private String cluster(int queued, int concurrency, String cassandra) throws Exception {
        Path dir = Files.createTempDirectory("acd-failover");
        String keyspace = "failover_" + Long.toString(System.currentTimeMillis(), 36);
        try (LocalCluster cluster = LocalCluster.start(3, cassandra, keyspace, dir, Duration.ofMinutes(3))) {
            List<String> urls = cluster.urls();
            adminKey = cluster.adminKey();
            double rate = fill(urls, queued, concurrency);
            awaitWaiting(urls, queued, Duration.ofMinutes(5));
            NodeProcess routing = cluster.nodes().stream().filter(n -> n.holdsRouter(http)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no node reports the Router"));
            routing.kill();
            long killed = System.nanoTime();
            List<String> survivors = cluster.nodes().stream().filter(n -> n != routing).map(NodeProcess::url).toList();
            return row("3-node failover", queued, rate, killed, survivors);
        }
    }

    private String row(String mode, int queued, double rate, long killed, List<String> urls) throws Exception {
        long[] answered = {0};
        boolean routable = Poll.until(Duration.ofMinutes(10), Duration.ofMillis(100), () -> {
            int waiting = waiting(urls);
            if (waiting >= 0 && answered[0] == 0) {
                answered[0] = System.nanoTime();
            }
            return waiting == queued;
        });
        if (!routable) {
            return String.format(Locale.ROOT, "| %s | %,d | %.0f | — | not within 10 min |", mode, queued, rate);
        }
        double answer = (answered[0] - killed) / 1e9;
        double all = (System.nanoTime() - killed) / 1e9;
        System.out.printf(Locale.ROOT, "%s, %,d queued: a router answered after %.1f s, all routable after %.1f s%n",
                mode, queued, answer, all);
        return String.format(Locale.ROOT, "| %s | %,d | %.0f | %.1f s | %.1f s |", mode, queued, rate, answer, all);
    }

    /** Creates the contacts over the nodes' APIs in turn; returns creates per second. */
    private double fill(List<String> urls, int queued, int concurrency) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger created = new AtomicInteger();
        long start = System.nanoTime();
        long lastReport = start;
        for (int i = 0; i < queued; i++) {
            inFlight.acquire();
            String url = urls.get(i % urls.size());
            String key = "fo-" + run + "-" + i;
            create(url, key, 1).whenComplete((ok, e) -> {
                created.incrementAndGet();
                inFlight.release();
            });
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                lastReport = System.nanoTime();
                System.err.printf(Locale.ROOT, "  created %,d of %,d%n", created.get(), queued);
            }
        }
        inFlight.acquire(concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf(Locale.ROOT, "  created %,d in %.1f s%n", queued, seconds);
        return queued / seconds;
    }

    /** Retries a 503 (a node overloaded or failing over) with the same Idempotency-Key. */
    private CompletableFuture<Void> create(String url, String key, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/interactions"))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .header("Authorization", "Bearer " + adminKey)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"channel\":\"email\",\"queue\":\"backlog\",\"priority\":" + (attempt % 5) + ",\"skills\":{}}"))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
            if (e == null && (r.statusCode() == 201 || r.statusCode() == 200)) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (attempt >= 20) {
                return CompletableFuture.<Void>failedFuture(new IllegalStateException("create " + key + " failed: "
                        + (e != null ? e : r.statusCode() + " " + r.body())));
            }
            return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(200L * attempt,
                    java.util.concurrent.TimeUnit.MILLISECONDS)).thenCompose(v -> create(url, key, attempt + 1));
        }).thenCompose(f -> f);
    }

    /** The queue must be full before the kill, or the run measures nothing: fails when it does not fill. */
    private void awaitWaiting(List<String> urls, int queued, Duration within) throws Exception {
        if (!Poll.until(within, Duration.ofMillis(200), () -> waiting(urls) == queued)) {
            throw new IllegalStateException("the router did not count " + queued + " waiting within " + within);
        }
    }

    /** The router's count of waiting contacts, asked of the first node that answers; -1 when none does. */
    private int waiting(List<String> urls) {
        for (String url : urls) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/routing"))
                        .header("Authorization", "Bearer " + adminKey).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = WAITING.matcher(r.body());
                if (r.statusCode() == 200 && m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            } catch (java.io.IOException e) {
                // this node is down or not up yet: ask the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }
}
