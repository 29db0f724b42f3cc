package io.acd.gateway.webchat;

import com.fasterxml.jackson.databind.JsonNode;
import io.acd.gateway.Client;
import io.acd.gateway.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The customer's side of the web chat without a browser: what it refuses, and what it stores once. */
class WebChatTest {

    private static TestNode node;
    /** The customer: no key, as on a public web page. */
    private static Client customer;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(Map.of("acd.channels.webchat.queues", List.of("chat", "sales"),
                "acd.channels.webchat.max-message-length", 50,
                "acd.channels.webchat.sessions-per-address", 3,
                "acd.channels.webchat.starts-per-address-per-hour", 8));
        customer = node.admin().withKey(null);
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    private static JsonNode startChat(String body) {
        Client.Response started = customer.post("/chat/v1/sessions", body);
        assertEquals(201, started.status(), started.toString());
        return started.body();
    }

    @Test
    void aBadStartIsRefusedWithAReasonAndStartsNothing() {
        long before = node.admin().get("/v1/routing").body().path("waiting").asLong(-1);
        assertEquals("unknown_queue", refusal(customer.post("/chat/v1/sessions", "{\"queue\":\"vip\"}"), 400));
        assertEquals("malformed_json", refusal(customer.post("/chat/v1/sessions", "{nope"), 400));
        assertEquals("message_too_long", refusal(customer.post("/chat/v1/sessions",
                "{\"text\":\"" + "x".repeat(51) + "\"}"), 400));
        assertEquals("invalid_field", refusal(customer.post("/chat/v1/sessions", "{\"visitorId\":\"<script>\"}"), 400));
        assertEquals(before, node.admin().get("/v1/routing").body().path("waiting").asLong(-1));
        assertEquals("unknown_session", refusal(customer.get("/chat/v1/sessions/" + java.util.UUID.randomUUID()
                + "/socket?token=" + "a".repeat(43)), 404));
    }

    @Test
    void aSessionTokenOpensItsOwnChatOnly() {
        JsonNode mine = startChat("{\"queue\":\"sales\"}");
        JsonNode other = startChat("{\"queue\":\"sales\"}");
        assertEquals("unknown_session", refusal(customer.get("/chat/v1/sessions/" + mine.path("sessionId").asText()
                + "/socket?token=" + other.path("token").asText()), 404));
        try (CustomerSocket socket = new CustomerSocket(node.port(), mine.path("sessionId").asText(),
                mine.path("token").asText())) {
            assertEquals("sales", socket.state("queued").path("queue").asText());
        }
    }

    @Test
    void aMessageSentTenTimesIsStoredOnceAndTooLongOnesNotAtAll() {
        JsonNode chat = startChat("{\"queue\":\"sales\",\"name\":\"Ewa\",\"text\":\"Hi\"}");
        String id = chat.path("sessionId").asText();
        try (CustomerSocket socket = new CustomerSocket(node.port(), id, chat.path("token").asText())) {
            assertEquals("Hi", socket.next("transcript").path("messages").get(0).path("text").asText());
            socket.send("{\"type\":\"message\",\"text\":\"" + "y".repeat(51) + "\",\"clientId\":\"long\"}");
            assertEquals("message_too_long", socket.next("error").path("error").asText());
            for (int i = 0; i < 10; i++) {
                socket.send("{\"type\":\"message\",\"text\":\"Is anyone there?\",\"clientId\":\"c-1\"}");
            }
            String messageId = socket.next("message").path("messageId").asText();
            for (int i = 1; i < 10; i++) {
                assertEquals(messageId, socket.next("message").path("messageId").asText());
            }
            socket.send("{\"type\":\"nonsense\"}");
            assertEquals("malformed_message", socket.next("error").path("error").asText());
        }
        JsonNode transcript = node.admin().get("/v1/interactions/" + id + "/messages").body();
        List<String> texts = new ArrayList<>();
        transcript.path("messages").forEach(m -> texts.add(m.path("direction").asText() + ":" + m.path("text").asText()));
        assertEquals(List.of("note:Ewa started a chat on the web page", "in:Hi", "in:Is anyone there?"), texts);
    }

    @Test
    void aCustomerWhoLeavesBeforeAnAgentAbandonsTheChat() {
        JsonNode chat = startChat("{\"queue\":\"sales\"}");
        String id = chat.path("sessionId").asText();
        try (CustomerSocket socket = new CustomerSocket(node.port(), id, chat.path("token").asText())) {
            socket.state("queued");
            socket.send("{\"type\":\"leave\"}");
            socket.state("abandoned");
        }
        assertEquals("abandoned", node.admin().get("/v1/interactions/" + id).field("status"));
    }

    @Test
    void oneAddressOpensAFewSocketsAtOnce() {
        JsonNode chat = startChat("{\"queue\":\"sales\"}");
        String id = chat.path("sessionId").asText();
        String token = chat.path("token").asText();
        List<CustomerSocket> open = new ArrayList<>();
        int refusedWith = 0;
        try {
            while (open.size() < 10 && refusedWith == 0) {
                try {
                    open.add(new CustomerSocket(node.port(), id, token));
                } catch (java.util.concurrent.CompletionException e) {
                    refusedWith = ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
                }
            }
            assertEquals(429, refusedWith, "one address is refused beyond its limit");
            assertTrue(open.size() <= 3, "at most three sockets from one address, not " + open.size());
        } finally {
            open.forEach(CustomerSocket::close);
        }
        // Closed sockets give their places back.
        await().atMost(java.time.Duration.ofSeconds(15)).ignoreExceptions().until(() -> {
            new CustomerSocket(node.port(), id, token).close();
            return true;
        });
    }

    private static String refusal(Client.Response response, int status) {
        assertEquals(status, response.status(), response.toString());
        return response.field("error");
    }
}
