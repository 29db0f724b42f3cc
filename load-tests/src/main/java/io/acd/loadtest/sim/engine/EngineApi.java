package io.acd.loadtest.sim.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's public API as the simulator uses it: plain HTTP and the desktop WebSocket, nothing else.
 * Calls that may be retried carry an Idempotency-Key, so that a retry after a 503 or a lost connection
 * cannot create a contact twice. Given several nodes of a cluster, a call goes to the next node in turn and
 * a retry to the one after it, so that a node that died costs a retry, not the call.
 */
public final class EngineApi {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 6;
    /**
     * A create that timed out may or may not have happened; only a retry with its key tells, so a create is
     * retried as long as a gateway would hold its caller, not a fixed number of times.
     */
    private static final long KEYED_RETRY_NANOS = TimeUnit.MINUTES.toNanos(3);

    /** A reply: the status code and the parsed body (a missing node when the body was not JSON). */
    public record Reply(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http;
    private final List<URI> bases;
    private final String key;
    private final AtomicInteger turn;
    private final AtomicLong retries;

    /** @param key the API key every call carries as its bearer token */
    public EngineApi(URI base, String key) {
        this(List.of(base), key);
    }

    public EngineApi(List<URI> bases, String key) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("No engine node to call");
        }
        this.bases = List.copyOf(bases);
        this.key = key;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.turn = new AtomicInteger();
        this.retries = new AtomicLong();
    }

    private EngineApi(EngineApi same, String key) {
        this.http = same.http;
        this.bases = same.bases;
        this.key = key;
        this.turn = same.turn;
        this.retries = same.retries;
    }

    /** The same nodes, connections and retry count, with another key: an agent's own, for instance. */
    public EngineApi withKey(String key) {
        return new EngineApi(this, key);
    }

    /** Calls repeated after a 5xx or a failed connection. */
    public long retries() {
        return retries.get();
    }

    public int nodes() {
        return bases.size();
    }

    /**
     * One call, retried on 5xx and on connection failures: six attempts, or for three minutes when it carries
     * an idempotency key or never reached the engine. A retry of a POST without an idempotency key could apply
     * it twice; the moves the simulator posts are all safe to repeat (a repeated move is a 409).
     */
    public CompletableFuture<Reply> call(String method, String path, String body, String idempotencyKey) {
        int first = Math.floorMod(turn.getAndIncrement(), bases.size());
        return attempt(method, path, body, idempotencyKey, idempotencyKey != null, first, 1,
                System.nanoTime() + KEYED_RETRY_NANOS);
    }

    /**
     * A call that is safe to repeat as it is (a move: repeated, it is refused with 409 and changes nothing),
     * retried for as long as a keyed create.
     */
    public CompletableFuture<Reply> callRepeatable(String method, String path, String body) {
        int first = Math.floorMod(turn.getAndIncrement(), bases.size());
        return attempt(method, path, body, null, true, first, 1, System.nanoTime() + KEYED_RETRY_NANOS);
    }

    private CompletableFuture<Reply> attempt(String method, String path, String body, String key, boolean repeatable,
                                             int node, int n, long deadline) {
        HttpRequest.Builder request = HttpRequest.newBuilder(bases.get(node).resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + this.key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure == null && response.statusCode() == 429 && System.nanoTime() < deadline) {
                        // Over the key's rate, nothing was done: wait as told, then the same call again.
                        retries.incrementAndGet();
                        long wait = response.headers().firstValueAsLong("Retry-After").orElse(1);
                        return CompletableFuture.supplyAsync(() -> null,
                                        CompletableFuture.delayedExecutor(wait, TimeUnit.SECONDS))
                                .thenCompose(x -> attempt(method, path, body, key, repeatable, node, n, deadline));
                    }
                    boolean retry = failure != null || response.statusCode() >= 500;
                    // A call that never reached the engine is safe to repeat whatever it is; an overloaded engine
                    // may leave connections unaccepted for longer than six attempts take.
                    boolean more = repeatable || neverSent(failure) ? System.nanoTime() < deadline : n < ATTEMPTS;
                    if (!retry || !more) {
                        if (failure != null) {
                            return CompletableFuture.<Reply>failedFuture(failure);
                        }
                        return CompletableFuture.completedFuture(new Reply(response.statusCode(), parse(response.body())));
                    }
                    retries.incrementAndGet();
                    // Back off, up to 5 s: an engine answering 503 is overloaded, and retrying at once adds to it.
                    Executor delay = CompletableFuture.delayedExecutor(Math.min(5000, 100L << Math.min(n, 6)),
                            TimeUnit.MILLISECONDS);
                    return CompletableFuture.supplyAsync(() -> null, delay)
                            .thenCompose(x -> attempt(method, path, body, key, repeatable, (node + 1) % bases.size(),
                                    n + 1, deadline));
                })
                .thenCompose(f -> f);
    }

    /** Whether the call failed before a connection was made, so the engine cannot have seen it. */
    private static boolean neverSent(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException;
    }

    CompletableFuture<WebSocket> desktop(String agentId, WebSocket.Listener listener) {
        return desktop(agentId, listener, 0);
    }

    /** The agent's desktop socket on the {@code node}-th node (modulo their number). */
    public CompletableFuture<WebSocket> desktop(String agentId, WebSocket.Listener listener, int node) {
        URI base = bases.get(Math.floorMod(node, bases.size()));
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws")).resolve("/v1/agents/" + agentId + "/desktop");
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key).buildAsync(uri, listener);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }
}
