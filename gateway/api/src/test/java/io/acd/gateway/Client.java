package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain HTTP and WebSocket client of the public API, as a gateway or a desktop would use it. */
public final class Client {

    static final ObjectMapper JSON = new ObjectMapper();

    public record Response(int status, JsonNode body, java.net.http.HttpHeaders headers) {
        public String field(String name) {
            return body.path(name).asText(null);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpClient http = HTTP;
    private final String base;
    /** The API key sent as a bearer token; null sends none. */
    private final String key;

    public Client(int port, String key) {
        this("http://127.0.0.1:" + port, key);
    }

    private Client(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The same API with another key (null: none). */
    public Client withKey(String key) {
        return new Client(base, key);
    }

    /** Any request, with extra headers as name, value pairs. */
    public Response send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response post(String path, String body, String idempotencyKey) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response put(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Response send(HttpRequest.Builder request) {
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : readBody(response);
            return new Response(response.statusCode(), body, response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** JSON, or the text itself for the plain answers a channel's provider gets. */
    private static JsonNode readBody(HttpResponse<String> response) throws IOException {
        boolean json = response.headers().firstValue("Content-Type").map(t -> t.contains("json")).orElse(true);
        return json ? JSON.readTree(response.body()) : JSON.getNodeFactory().textNode(response.body());
    }

    public Desktop desktop(String agentId) {
        Desktop desktop = new Desktop();
        WebSocket.Builder builder = http.newWebSocketBuilder();
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        desktop.socket = builder
                .buildAsync(URI.create(base.replace("http", "ws") + "/v1/agents/" + agentId + "/desktop"), desktop)
                .join();
        return desktop;
    }

    /** An agent desktop: collects what the engine pushes and sends commands. */
    public static final class Desktop implements WebSocket.Listener {

        private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        private final java.util.List<JsonNode> pending = new java.util.ArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        public void send(String json) {
            socket.sendText(json, true).join();
        }

        /**
         * The oldest message of the given type not yet taken; others stay for later calls, since pushes and
         * acks of the same change may arrive in either order. Fails after the bound.
         */
        public JsonNode next(String type) {
            for (java.util.Iterator<JsonNode> it = pending.iterator(); it.hasNext(); ) {
                JsonNode message = it.next();
                if (type.equals(message.path("type").asText())) {
                    it.remove();
                    return message;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            try {
                while (System.nanoTime() < deadline) {
                    JsonNode message = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (message == null) {
                        continue;
                    }
                    if (type.equals(message.path("type").asText())) {
                        return message;
                    }
                    pending.add(message);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new AssertionError("No " + type + " message reached the desktop within 15 s; other messages: " + pending);
        }

        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }
}
