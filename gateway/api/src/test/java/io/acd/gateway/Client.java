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

    public record Response(int status, JsonNode body) {
        public String field(String name) {
            return body.path(name).asText(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Client(int port) {
        this.base = "http://127.0.0.1:" + port;
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
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Desktop desktop(String agentId) {
        Desktop desktop = new Desktop();
        desktop.socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(base.replace("http", "ws") + "/v1/agents/" + agentId + "/desktop"), desktop)
                .join();
        return desktop;
    }

    /** An agent desktop: collects what the engine pushes and sends commands. */
    static final class Desktop implements WebSocket.Listener {

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

        void send(String json) {
            socket.sendText(json, true).join();
        }

        /**
         * The oldest message of the given type not yet taken; others stay for later calls, since pushes and
         * acks of the same change may arrive in either order. Fails after the bound.
         */
        JsonNode next(String type) {
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

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }
}
