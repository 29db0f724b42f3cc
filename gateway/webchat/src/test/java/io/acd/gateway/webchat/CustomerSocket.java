package io.acd.gateway.webchat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The customer's socket as a test sees it: frames collected, taken by type. */
final class CustomerSocket implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final List<JsonNode> pending = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    CustomerSocket(int port, String sessionId, String token) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:"
                + port + "/chat/v1/sessions/" + sessionId + "/socket?token=" + token), this).join();
    }

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

    /** The oldest frame of this type not yet taken, within 15 s; frames of other types wait for their turn. */
    JsonNode next(String type) {
        for (Iterator<JsonNode> it = pending.iterator(); it.hasNext(); ) {
            JsonNode frame = it.next();
            if (type.equals(frame.path("type").asText())) {
                it.remove();
                return frame;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try {
            while (System.nanoTime() < deadline) {
                JsonNode frame = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame != null && type.equals(frame.path("type").asText())) {
                    return frame;
                }
                if (frame != null) {
                    pending.add(frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("No " + type + " frame within 15 s; others: " + pending);
    }

    /** The next state frame whose status is {@code status}, skipping earlier ones. */
    JsonNode state(String status) {
        while (true) {
            JsonNode frame = next("state");
            if (status.equals(frame.path("status").asText())) {
                return frame;
            }
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
}
