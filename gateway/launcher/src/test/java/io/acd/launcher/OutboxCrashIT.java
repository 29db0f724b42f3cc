package io.acd.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.acd.gateway.Client;
import io.acd.gateway.webhook.Signature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An agent's answer is stored while the channel's provider is down; the node is killed -9 while the outbox
 * waits to try again; the node comes back on the same data directory, the provider too, and the answer goes
 * out, once the outbox has started again by itself.
 */
class OutboxCrashIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "app-secret-of-the-crash-test";
    private EngineProcess engine;
    private HttpServer provider;

    @AfterEach
    void stop() throws InterruptedException {
        if (engine != null) {
            engine.stop();
        }
        if (provider != null) {
            provider.stop(0);
        }
    }

    @Test
    void anAnswerWaitingForItsProviderIsSentAfterTheNodeWasKilled() throws Exception {
        List<String> texts = new CopyOnWriteArrayList<>();
        AtomicBoolean up = new AtomicBoolean(false);
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            texts.add(body.path("message").path("text").asText());
            byte[] answer = (up.get() ? "{\"recipient_id\":\"8001\",\"message_id\":\"m_1\"}"
                    : "{\"error\":{\"message\":\"Service temporarily unavailable\",\"code\":2}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(up.get() ? 200 : 503, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        provider.start();

        Path dir = Files.createTempDirectory("acd-outbox-crash");
        Path data = dir.resolve("data");
        Path config = dir.resolve("test.conf");
        Files.writeString(config, """
                acd.interaction.offer-timeout = 10m
                acd.routing.start-delay = 1s
                acd.outbound.first-retry = 1s
                acd.outbound.max-backoff = 2s
                acd.channels.social {
                  app-secret = "%s"
                  verify-token = "verify-the-crash-test"
                  send-url = "http://127.0.0.1:%d/v19.0/me/messages"
                  pages { "5005" { access-token = "token-5005", queue = social } }
                }
                """.formatted(SECRET, provider.getAddress().getPort()));
        Path log = Path.of("target", "outbox-crash-engine.log");
        engine = EngineProcess.start(data, config, log);
        Client api = engine.api;
        assertEquals(200, api.put("/v1/agents/iga", "{\"name\":\"Iga\",\"skills\":{},\"capacity\":{\"social\":1}}")
                .status());
        assertEquals(200, api.post("/v1/agents/iga/state", "{\"state\":\"available\"}").status());
        String delivery = "{\"object\":\"page\",\"entry\":[{\"id\":\"5005\",\"messaging\":[{\"sender\":{\"id\":\"8001\"},"
                + "\"recipient\":{\"id\":\"5005\"},\"message\":{\"mid\":\"m_in_1\",\"text\":\"Is it in stock?\"}}]}]}";
        HttpResponse<String> delivered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + engine.httpPort + "/v1/channels/social/webhook"))
                .header("X-Hub-Signature-256", Signature.of(SECRET, delivery))
                .POST(HttpRequest.BodyPublishers.ofString(delivery)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, delivered.statusCode(), delivered.body());
        String[] interaction = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode visits = api.get("/v1/customers/social:8001/interactions").body().path("interactions");
            interaction[0] = visits.isEmpty() ? null : visits.get(0).path("interactionId").asText();
            return interaction[0] != null && "offered".equals(api.get("/v1/interactions/" + interaction[0])
                    .field("status"));
        });
        assertEquals(200, api.post("/v1/interactions/" + interaction[0] + "/accept", "{\"agentId\":\"iga\"}")
                .status());
        assertEquals(201, api.post("/v1/interactions/" + interaction[0] + "/messages",
                "{\"direction\":\"out\",\"agentId\":\"iga\",\"text\":\"Yes, it is.\"}").status());
        await().atMost(Duration.ofSeconds(30)).until(() -> texts.contains("Yes, it is."));

        engine.kill();
        up.set(true);
        int before = texts.size();
        engine = EngineProcess.start(data, config, log);
        Client again = engine.api;
        await().atMost(Duration.ofSeconds(60)).until(() -> statusOf(again, interaction[0]).equals("sent"));
        assertEquals("Yes, it is.", texts.get(texts.size() - 1));
        assertEquals(true, texts.size() > before, "sent again after the restart: " + texts);
    }

    private static String statusOf(Client api, String interaction) {
        JsonNode messages = api.get("/v1/interactions/" + interaction + "/messages").body().path("messages");
        for (JsonNode m : messages) {
            if (m.path("direction").asText().equals("out")) {
                return m.path("status").asText();
            }
        }
        return "missing";
    }
}
