package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client of {@code /v1/events}, as a test reads it: one event at a time, within a bound. */
final class EventStream implements AutoCloseable {

    record Sse(long id, String type, JsonNode data) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final LinkedBlockingQueue<Sse> received = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private final Thread reader;
    final int status;

    /** @param lastEventId sent as {@code Last-Event-ID}; null for none */
    EventStream(int port, String key, String query, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"
                + (query == null ? "" : "?" + query))).header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofLines());
        this.status = response.statusCode();
        this.lines = response.body();
        this.reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        String id = null;
        String type = null;
        StringBuilder data = new StringBuilder();
        try {
            for (var it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        received.add(new Sse(Long.parseLong(id), type, JSON.readTree(data.toString())));
                    }
                    id = null;
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // closed
        }
    }

    /** The next event, or an assertion error after 20 s. */
    Sse next() {
        try {
            Sse event = received.poll(20, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("No event within 20 s");
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next event about {@code interactionId} of {@code type}, skipping others. */
    Sse next(String interactionId, String type) {
        while (true) {
            Sse event = next();
            if (type.equals(event.type()) && interactionId.equals(event.data().path("interactionId").asText())) {
                return event;
            }
        }
    }

    @Override
    public void close() {
        lines.close();
        reader.interrupt();
    }
}
