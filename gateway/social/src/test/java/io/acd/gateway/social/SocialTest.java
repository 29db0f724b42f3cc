package io.acd.gateway.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.acd.gateway.Client;
import io.acd.gateway.TestNode;
import io.acd.gateway.webhook.Signature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Social end to end against a local endpoint that plays the network's send API: the subscription check, signed
 * deliveries (a bad signature or an unknown page stores nothing), a private message answered by an agent, a
 * public comment as an interaction of kind comment answered under the comment, retried deliveries landing once,
 * and a send API that fails twice before it takes the reply. The endpoint checks the appsecret_proof of each
 * call, so the signatures are checked both ways.
 */
class SocialTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = "1029384756";
    private static final String SECRET = "app-secret-of-the-test-app";
    private static final String TOKEN = "page-access-token-1029384756";
    private static TestNode node;
    private static Client admin;
    private static HttpServer provider;
    private static final List<Call> calls = new CopyOnWriteArrayList<>();
    private static final AtomicInteger failuresToGive = new AtomicInteger();
    private static final HttpClient http = HttpClient.newHttpClient();

    /** A call the send API got: its path, its body, and whether its appsecret_proof was right. */
    record Call(String path, JsonNode body, boolean proven) {
    }

    @BeforeAll
    static void start() throws Exception {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/", SocialTest::answer);
        provider.start();
        String api = "http://127.0.0.1:" + provider.getAddress().getPort() + "/v19.0";
        Map<String, Object> settings = new HashMap<>();
        settings.put("acd.routing.start-delay", "0s");
        settings.put("acd.interaction.offer-timeout", "60s");
        settings.put("acd.channels.social.app-secret", SECRET);
        settings.put("acd.channels.social.verify-token", "verify-me-please");
        settings.put("acd.channels.social.send-url", api + "/me/messages");
        settings.put("acd.channels.social.comment-reply-url", api + "/{comment}/comments");
        settings.put("acd.channels.social.pages.\"" + PAGE + "\".access-token", TOKEN);
        settings.put("acd.channels.social.pages.\"" + PAGE + "\".queue", "social");
        settings.put("acd.channels.social.pages.\"" + PAGE + "\".comments.queue", "comments");
        settings.put("acd.outbound.first-retry", "200ms");
        settings.put("acd.outbound.max-backoff", "500ms");
        node = TestNode.start(settings);
        admin = node.admin();
        assertEquals(200, admin.put("/v1/agents/iga", "{\"name\":\"Iga\",\"skills\":{},\"capacity\":{\"social\":3}}")
                .status());
        assertEquals(200, admin.post("/v1/agents/iga/state", "{\"state\":\"available\"}").status());
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
        provider.stop(0);
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String proof = Signature.of(SECRET, TOKEN).substring("sha256=".length());
        boolean proven = query != null && query.contains("access_token=" + TOKEN)
                && query.contains("appsecret_proof=" + proof);
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        calls.add(new Call(exchange.getRequestURI().getPath(), body, proven));
        int status;
        String reply;
        if (!proven) {
            status = 400;
            reply = "{\"error\":{\"message\":\"Invalid appsecret_proof\",\"type\":\"GraphMethodException\",\"code\":100}}";
        } else if (failuresToGive.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 500;
            reply = "{\"error\":{\"message\":\"An unexpected error has occurred\",\"code\":2}}";
        } else {
            status = 200;
            reply = exchange.getRequestURI().getPath().endsWith("/messages")
                    ? "{\"recipient_id\":\"" + body.path("recipient").path("id").asText() + "\",\"message_id\":\"m_"
                    + calls.size() + "\"}" : "{\"id\":\"reply_" + calls.size() + "\"}";
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static int deliver(String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
                + "/v1/channels/social/webhook")).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static int deliver(String body) throws Exception {
        return deliver(body, Signature.of(SECRET, body));
    }

    private static String privateMessage(String page, String user, String mid, String text) {
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + page + "\",\"time\":1764669600000,\"messaging\":[{"
                + "\"sender\":{\"id\":\"" + user + "\"},\"recipient\":{\"id\":\"" + page + "\"},"
                + "\"timestamp\":1764669600000,\"message\":{\"mid\":\"" + mid + "\",\"text\":\"" + text + "\"}}]}]}";
    }

    private static String comment(String commentId, String parent, String user, String text) {
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE + "\",\"time\":1764669600,\"changes\":[{"
                + "\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"verb\":\"add\",\"post_id\":\"" + PAGE
                + "_55\",\"comment_id\":\"" + commentId + "\",\"parent_id\":\"" + parent + "\",\"from\":{\"id\":\""
                + user + "\",\"name\":\"Jan Nowak\"},\"message\":\"" + text + "\",\"created_time\":1764669600}}]}]}";
    }

    private static String interactionOf(String user) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode visits = admin.get("/v1/customers/social:" + user + "/interactions").body().path("interactions");
            id[0] = visits.isEmpty() ? null : visits.get(0).path("interactionId").asText();
            return id[0] != null;
        });
        return id[0];
    }

    private static void acceptWhenOffered(String interaction) {
        await().atMost(Duration.ofSeconds(20)).until(() -> "offered".equals(admin.get("/v1/interactions/"
                + interaction).body().path("status").asText()));
        assertEquals(200, admin.post("/v1/interactions/" + interaction + "/accept", "{\"agentId\":\"iga\"}").status());
    }

    private static void reply(String interaction, String text) {
        Client.Response sent = admin.post("/v1/interactions/" + interaction + "/messages",
                "{\"direction\":\"out\",\"agentId\":\"iga\",\"text\":\"" + text + "\"}");
        assertEquals(201, sent.status(), sent.toString());
    }

    private static String statusOf(String interaction, String text) {
        for (JsonNode m : admin.get("/v1/interactions/" + interaction + "/messages").body().path("messages")) {
            if (m.path("text").asText().equals(text)) {
                return m.path("status").asText();
            }
        }
        return "missing";
    }

    @Test
    void theSubscriptionCheckEchoesTheChallengeOnlyForTheVerifyToken() {
        Client anyone = admin.withKey(null);
        Client.Response ok = anyone.get("/v1/channels/social/webhook?hub.mode=subscribe&hub.verify_token="
                + "verify-me-please&hub.challenge=1158201444");
        assertEquals(200, ok.status());
        assertEquals("1158201444", ok.body().asText());
        assertEquals(403, anyone.get("/v1/channels/social/webhook?hub.mode=subscribe&hub.verify_token=guess"
                + "&hub.challenge=1").status());
    }

    @Test
    void anUnsignedForgedOrForeignDeliveryStoresNothing() throws Exception {
        String body = privateMessage(PAGE, "7001", "m_forged", "Give me a refund");
        assertEquals(403, deliver(body, null));
        assertEquals(403, deliver(body, Signature.of("another-secret", body)));
        assertEquals(403, deliver(body, Signature.of(SECRET, body + " ")));
        assertEquals(404, deliver(privateMessage("999", "7001", "m_foreign", "Hi")));
        assertEquals(400, deliver("{not json"));
        assertEquals(0, admin.get("/v1/customers/social:7001/interactions").body().path("interactions").size());
    }

    @Test
    void aPrivateMessageIsAConversationAnsweredThroughTheSendApi() throws Exception {
        String body = privateMessage(PAGE, "7002", "m_first", "Is the blue one in stock?");
        for (int i = 0; i < 10; i++) {
            assertEquals(200, deliver(body), "the network retries a delivery it thinks failed");
        }
        String interaction = interactionOf("7002");
        assertEquals(1, admin.get("/v1/interactions/" + interaction + "/messages").body().path("total").asInt());
        JsonNode state = admin.get("/v1/interactions/" + interaction).body();
        assertEquals("social", state.path("channel").asText());
        assertEquals("message", state.path("kind").asText());
        acceptWhenOffered(interaction);

        failuresToGive.set(2);
        reply(interaction, "Yes, we have it in all sizes.");
        await().atMost(Duration.ofSeconds(20)).until(() -> statusOf(interaction, "Yes, we have it in all sizes.")
                .equals("sent"));
        List<Call> toUser = calls.stream().filter(c -> c.body().path("recipient").path("id").asText().equals("7002"))
                .toList();
        assertEquals(3, toUser.size(), "two failures, then taken: " + toUser);
        assertTrue(toUser.stream().allMatch(Call::proven), "every call carries the token and its proof");
        assertEquals("/v19.0/me/messages", toUser.get(2).path());
        assertEquals("Yes, we have it in all sizes.", toUser.get(2).body().path("message").path("text").asText());
        assertEquals("RESPONSE", toUser.get(2).body().path("messaging_type").asText());

        assertEquals(200, deliver(privateMessage(PAGE, "7002", "m_second", "Great, thanks!")));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/v1/interactions/" + interaction
                + "/messages").body().path("total").asInt() == 3);
    }

    @Test
    void aPublicCommentIsAnInteractionOfKindCommentAnsweredUnderIt() throws Exception {
        assertEquals(200, deliver(comment(PAGE + "_55_901", PAGE + "_55", "7003", "Why is my order late?")));
        String interaction = interactionOf("7003");
        JsonNode state = admin.get("/v1/interactions/" + interaction).body();
        assertEquals("comment", state.path("kind").asText());
        assertEquals("social", state.path("channel").asText());
        assertEquals("comments", state.path("queue").asText());
        acceptWhenOffered(interaction);
        reply(interaction, "Sorry! We sent you a private message.");
        await().atMost(Duration.ofSeconds(20)).until(() -> calls.stream()
                .anyMatch(c -> c.path().equals("/v19.0/" + PAGE + "_55_901/comments")));
        Call call = calls.stream().filter(c -> c.path().equals("/v19.0/" + PAGE + "_55_901/comments")).findFirst()
                .orElseThrow();
        assertEquals("Sorry! We sent you a private message.", call.body().path("message").asText());
        assertTrue(call.proven());

        // The customer answers under the same comment: it joins the interaction.
        assertEquals(200, deliver(comment(PAGE + "_55_902", PAGE + "_55_901", "7003", "Thanks, got it")));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/v1/interactions/" + interaction
                + "/messages").body().path("total").asInt() == 3);
    }
}
