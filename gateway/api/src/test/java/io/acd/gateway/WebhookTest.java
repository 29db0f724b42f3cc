package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CRM's webhook receiver that fails the first three deliveries gets the event on the fourth, signed with the
 * subscription's secret; it gets only the types it subscribed to, and never another tenant's events.
 */
class WebhookTest {

    private record Received(String eventId, String signature, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "a-shared-secret-of-the-crm";
    private static TestNode node;
    private static Client admin;
    private static HttpServer receiver;
    private static final List<Received> received = new CopyOnWriteArrayList<>();
    private static final AtomicInteger failuresLeft = new AtomicInteger(3);

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(Map.of("acd.webhooks.first-retry", "100ms"));
        admin = node.admin();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestHeaders().getFirst("Acd-Event-Id"),
                    exchange.getRequestHeaders().getFirst("Acd-Signature"), body));
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() throws Exception {
        receiver.stop(0);
        node.stop();
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String create(Client client) {
        return client.post("/v1/interactions", "{\"channel\":\"email\",\"queue\":\"crm\",\"skills\":{\"none-has-it\":1}}")
                .field("interactionId");
    }

    @Test
    void aReceiverThatFailsThreeTimesGetsTheSignedEventOnTheFourth() throws Exception {
        assertEquals(201, admin.put("/v1/tenants/initech", "").status());
        Client initech = admin.withKey(admin.post("/v1/keys", "{\"role\":\"gateway\",\"tenant\":\"initech\"}")
                .field("key"));
        Client.Response hook = admin.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\",\"events\":[\"interaction.queued\"],\"secret\":\""
                + SECRET + "\"}");
        assertEquals(201, hook.status(), hook.toString());
        String webhookId = hook.field("webhookId");

        String theirs = create(initech);
        String first = create(admin);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 4);
        for (Received r : received.subList(0, 4)) {
            assertEquals("interaction:" + first + ":1", r.eventId(), "the same event, four times");
        }
        Received fourth = received.get(3);
        assertEquals(hmac(fourth.body()), fourth.signature(), "the signature verifies with the secret");
        JsonNode event = JSON.readTree(fourth.body());
        assertEquals("interaction.queued", event.path("type").asText());
        assertEquals(first, event.path("interactionId").asText());

        JsonNode log = admin.get("/v1/webhooks/" + webhookId + "/deliveries").body();
        List<JsonNode> attempts = JSON.convertValue(log.path("deliveries"),
                JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
        assertEquals(4, attempts.size(), log.toString());
        for (int i = 0; i < 3; i++) {
            assertEquals(500, attempts.get(i).path("status").asInt());
            assertFalse(attempts.get(i).path("delivered").asBoolean());
            assertEquals(i + 1, attempts.get(i).path("attempt").asInt());
        }
        assertEquals(204, attempts.get(3).path("status").asInt());
        assertTrue(attempts.get(3).path("delivered").asBoolean());

        // Only what it subscribed to, and only its own tenant's: an abandon is not posted, the next queued is.
        assertEquals(200, admin.post("/v1/interactions/" + first + "/abandon", "{}").status());
        String second = create(admin);
        await().atMost(Duration.ofSeconds(30)).until(() -> received.stream()
                .anyMatch(r -> r.eventId().equals("interaction:" + second + ":1")));
        for (Received r : received) {
            assertFalse(r.body().contains(theirs), "another tenant's event: " + r.body());
            assertFalse(r.body().contains("interaction.abandoned"), "not subscribed: " + r.body());
        }
    }

    @Test
    void badSubscriptionsAreRefused() {
        assertEquals("invalid_field", admin.post("/v1/webhooks", "{\"url\":\"ftp://example.com/x\","
                + "\"events\":[\"interaction.*\"]}").field("error"));
        assertEquals("invalid_field", admin.post("/v1/webhooks", "{\"url\":\"http://example.com/x\","
                + "\"events\":[\"DROP TABLE\"]}").field("error"));
        assertEquals("invalid_field", admin.post("/v1/webhooks", "{\"url\":\"http://example.com/x\","
                + "\"events\":[\"*\"],\"secret\":\"short\"}").field("error"));
        Client.Response generated = admin.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/x\",\"events\":[\"*\"]}");
        assertEquals(201, generated.status());
        assertEquals(43, generated.field("secret").length(), "a secret is made when none is given, shown once");
        assertEquals(404, admin.get("/v1/webhooks/wh-nosuchwebhook").status());
        assertEquals(200, admin.send("DELETE", "/v1/webhooks/" + generated.field("webhookId"), null).status());
        assertTrue(admin.get("/v1/webhooks/" + generated.field("webhookId")).body().path("deleted").asBoolean());
        assertEquals(200, admin.put("/v1/agents/crm-agent", "{\"name\":\"C\",\"skills\":{},\"capacity\":{}}").status());
        String agentKey = admin.post("/v1/keys", "{\"role\":\"agent\",\"agentId\":\"crm-agent\"}").field("key");
        assertEquals(403, admin.withKey(agentKey).post("/v1/webhooks", "{}").status());
    }
}
