package io.acd.launcher;

import io.acd.gateway.Client;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 in the middle of traffic, with interactions queued, offered and connected, then a restart on the
 * same data directory: nothing acknowledged is lost, every entity is back in its state, and routing
 * resumes by itself in the original order.
 */
class CrashRecoveryIT {

    private EngineProcess engine;

    @AfterEach
    void stop() throws InterruptedException {
        if (engine != null) {
            engine.stop();
        }
    }

    private static String interaction(Client api, String channel, int priority, String skill) {
        Client.Response r = api.post("/v1/interactions", "{\"channel\":\"" + channel + "\",\"queue\":\"sales\","
                + "\"priority\":" + priority + ",\"skills\":{\"" + skill + "\":2}}");
        assertEquals(201, r.status(), r.body().toString());
        return r.field("interactionId");
    }

    private static void agent(Client api, String id, String skill, String channel, String state) {
        assertEquals(200, api.put("/v1/agents/" + id, "{\"name\":\"" + id + "\",\"skills\":{\"" + skill
                + "\":2},\"capacity\":{\"" + channel + "\":1}}").status());
        if (!state.equals("logged_out")) {
            String body = state.equals("not_ready") ? "{\"state\":\"not_ready\",\"reason\":\"break\"}"
                    : "{\"state\":\"" + state + "\"}";
            assertEquals(200, api.post("/v1/agents/" + id + "/state", body).status());
        }
    }

    private static String status(Client api, String id) {
        return api.get("/v1/interactions/" + id).field("status");
    }

    @Test
    void everythingAcknowledgedSurvivesKillDashNineAndRoutingResumes() throws Exception {
        Path dir = Files.createTempDirectory("acd-crash-test");
        Path data = dir.resolve("data");
        Path config = dir.resolve("test.conf");
        Files.writeString(config, """
                acd.interaction.offer-timeout = 10m
                acd.routing.start-delay = 2s
                acd.routing.reregister-interval = 2s
                """);
        Path log = Path.of("target", "crash-test-engine.log");
        engine = EngineProcess.start(data, config, log);
        Client api = engine.api;

        // Connected: agent "connected" accepted its contact. Offered: agent "offered" has one pending.
        agent(api, "connected", "renewals", "voice", "available");
        String connected = interaction(api, "voice", 3, "renewals");
        await().atMost(Duration.ofSeconds(15)).until(() -> "offered".equals(status(api, connected)));
        assertEquals(200, api.post("/v1/interactions/" + connected + "/accept", "{\"agentId\":\"connected\"}").status());
        agent(api, "offered", "upgrades", "chat", "available");
        String offered = interaction(api, "chat", 3, "upgrades");
        await().atMost(Duration.ofSeconds(15)).until(() -> "offered".equals(status(api, offered)));
        agent(api, "on-break", "renewals", "voice", "not_ready");
        agent(api, "gone-home", "renewals", "voice", "logged_out");

        // Queued: nobody has "spanish" yet. Priorities in creation order; the expected service order follows.
        int[] priorities = {1, 5, 9, 5, 1};
        List<String> queued = new ArrayList<>();
        for (int p : priorities) {
            queued.add(interaction(api, "chat", p, "spanish"));
        }
        List<String> serviceOrder = List.of(queued.get(2), queued.get(1), queued.get(3), queued.get(0), queued.get(4));
        Map<String, JsonNode> before = new ConcurrentHashMap<>();
        for (String id : concat(queued, List.of(connected, offered))) {
            before.put(id, api.get("/v1/interactions/" + id).body());
        }

        // Traffic while the engine dies: every create that was answered must survive, and every message
        // stored in the transcript of the offered chat.
        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, JsonNode> acknowledged = new ConcurrentHashMap<>();
        Map<String, String> messages = new ConcurrentHashMap<>();
        Thread traffic = new Thread(() -> {
            Client client = engine.api;
            for (int i = 0; running.get(); i++) {
                try {
                    if (i % 4 == 0) {
                        Client.Response m = client.post("/v1/interactions/" + offered + "/messages",
                                "{\"direction\":\"in\",\"text\":\"message " + i + "\",\"externalId\":\"ext-" + i + "\"}");
                        if (m.status() == 201) {
                            messages.put("ext-" + i, m.field("messageId"));
                        }
                    }
                    Client.Response r = client.post("/v1/interactions",
                            "{\"channel\":\"email\",\"queue\":\"backlog\",\"skills\":{\"klingon\":1}}", "traffic-" + i);
                    if (r.status() == 201 || r.status() == 200) {
                        acknowledged.put(r.field("interactionId"), r.body());
                    }
                } catch (RuntimeException connectionLost) {
                    return;
                }
            }
        });
        traffic.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 20 && messages.size() >= 3);
        engine.kill();
        running.set(false);
        traffic.join(30_000);

        engine = EngineProcess.start(data, config, log);
        Client after = engine.api;

        for (Map.Entry<String, JsonNode> ack : acknowledged.entrySet()) {
            JsonNode now = after.get("/v1/interactions/" + ack.getKey()).body();
            assertEquals("queued", now.path("status").asText(), "lost or changed: " + ack.getKey());
            assertEquals(ack.getValue().path("queuedAt").asText(), now.path("queuedAt").asText());
        }
        for (Map.Entry<String, JsonNode> b : before.entrySet()) {
            JsonNode now = after.get("/v1/interactions/" + b.getKey()).body();
            for (String field : List.of("status", "agentId", "queuedAt", "offeredAt", "offerExpiresAt", "connectedAt")) {
                assertEquals(b.getValue().path(field).asText(), now.path(field).asText(), field + " of " + b.getKey());
            }
        }
        JsonNode transcript = after.get("/v1/interactions/" + offered + "/messages?limit=500").body();
        Map<String, String> stored = new java.util.HashMap<>();
        transcript.path("messages").forEach(m -> stored.put(m.path("externalId").asText(), m.path("messageId").asText()));
        assertTrue(messages.size() >= 3, "messages were stored before the kill: " + messages.size());
        for (Map.Entry<String, String> message : messages.entrySet()) {
            assertEquals(message.getValue(), stored.get(message.getKey()), "lost message " + message.getKey());
        }
        String again = messages.keySet().iterator().next();
        assertEquals(200, after.post("/v1/interactions/" + offered + "/messages", "{\"direction\":\"in\","
                + "\"text\":\"again\",\"externalId\":\"" + again + "\"}").status(), "a retry after the restart");
        assertEquals(transcript.path("total").asInt(), after.get("/v1/interactions/" + offered + "/messages")
                .body().path("total").asInt(), "the retry stored nothing new");
        assertHolds(after, "connected", "available", connected, "connected");
        assertHolds(after, "offered", "available", offered, "offered");
        JsonNode onBreak = after.get("/v1/agents/on-break").body();
        assertEquals("not_ready", onBreak.path("state").asText());
        assertEquals("break", onBreak.path("reason").asText());
        assertEquals("logged_out", after.get("/v1/agents/gone-home").body().path("state").asText());

        // The router rebuilt its index from the entities alone.
        int expectedWaiting = queued.size() + acknowledged.size();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                after.get("/v1/routing").body().path("waiting").asInt() >= expectedWaiting);

        // A Spanish speaker logs in: the queued contacts come in the original order, one at a time.
        agent(after, "spanish", "spanish", "chat", "available");
        for (String next : serviceOrder) {
            await().atMost(Duration.ofSeconds(15)).until(() -> "offered".equals(status(after, next)));
            for (String other : serviceOrder) {
                if (!other.equals(next) && "offered".equals(status(after, other))) {
                    throw new AssertionError(other + " was offered before " + next);
                }
            }
            assertEquals(before.get(next).path("queuedAt").asText(),
                    after.get("/v1/interactions/" + next).field("queuedAt"));
            String agentBody = "{\"agentId\":\"spanish\"}";
            assertEquals(200, after.post("/v1/interactions/" + next + "/accept", agentBody).status());
            assertEquals(200, after.post("/v1/interactions/" + next + "/complete", agentBody).status());
            assertEquals(200, after.post("/v1/interactions/" + next + "/wrap-up", agentBody).status());
        }
        assertTrue(acknowledged.size() >= 20);
    }

    private static void assertHolds(Client api, String agentId, String state, String interactionId, String phase) {
        JsonNode agent = api.get("/v1/agents/" + agentId).body();
        assertEquals(state, agent.path("state").asText());
        assertEquals(1, agent.path("interactions").size(), agent.toString());
        assertEquals(interactionId, agent.path("interactions").get(0).path("interactionId").asText());
        assertEquals(phase, agent.path("interactions").get(0).path("phase").asText());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
