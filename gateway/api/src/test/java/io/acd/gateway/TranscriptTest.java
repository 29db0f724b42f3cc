package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An interaction's messages over REST: the customer's through a gateway, the agent's replies while connected,
 * read back oldest first; a delivery the channel retries is stored once; bad input stores nothing.
 */
class TranscriptTest {

    private static TestNode node;
    private static Client admin;
    private static Client gateway;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(Map.of(
                "acd.routing.start-delay", "0s",
                "acd.interaction.offer-timeout", "120s"));
        admin = node.admin();
        gateway = admin.withKey(admin.post("/v1/keys", "{\"role\":\"gateway\"}").field("key"));
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    private static String agentWithKey(String agentId) {
        assertEquals(200, admin.put("/v1/agents/" + agentId,
                "{\"name\":\"Ala\",\"skills\":{\"chat-help\":1},\"capacity\":{\"chat\":1}}").status());
        return admin.post("/v1/keys", "{\"role\":\"agent\",\"agentId\":\"" + agentId + "\"}").field("key");
    }

    @Test
    void theCustomerAndTheAgentTalkAndTheTranscriptReadsInOrder() {
        String agentId = "ala-" + UUID.randomUUID().toString().substring(0, 6);
        Client agent = admin.withKey(agentWithKey(agentId));
        String id = gateway.post("/v1/interactions", "{\"channel\":\"chat\",\"queue\":\"help\","
                + "\"skills\":{\"chat-help\":1},\"customer\":{\"id\":\"c-9\"}}").field("interactionId");

        Client.Response hello = gateway.post("/v1/interactions/" + id + "/messages",
                "{\"direction\":\"in\",\"text\":\"Hello, my invoice is wrong\",\"externalId\":\"wa-1\"}");
        assertEquals(201, hello.status(), hello.toString());
        assertEquals("c-9", hello.field("author"));
        Client.Response tooEarly = agent.post("/v1/interactions/" + id + "/messages",
                "{\"direction\":\"out\",\"text\":\"Hi\",\"agentId\":\"" + agentId + "\"}");
        assertEquals(409, tooEarly.status(), "not connected yet: " + tooEarly);

        assertEquals(200, agent.post("/v1/agents/" + agentId + "/state", "{\"state\":\"available\"}").status());
        await().atMost(Duration.ofSeconds(15)).until(() ->
                agentId.equals(admin.get("/v1/interactions/" + id).field("agentId")));
        assertEquals(200, agent.post("/v1/interactions/" + id + "/accept", "{\"agentId\":\"" + agentId + "\"}")
                .status());
        Client.Desktop desktop = agent.desktop(agentId);
        desktop.next("agent_state");
        // A desktop that opens while its agent holds a chat gets what was said so far.
        JsonNode onOpen = desktop.next("transcript");
        assertEquals(id, onOpen.path("interactionId").asText());
        assertEquals("Hello, my invoice is wrong", onOpen.path("messages").get(0).path("text").asText());
        assertEquals(201, gateway.post("/v1/interactions/" + id + "/messages",
                "{\"direction\":\"in\",\"text\":\"Are you there?\"}").status());
        JsonNode pushed = desktop.next("message");
        assertEquals(id, pushed.path("interactionId").asText());
        assertEquals("Are you there?", pushed.path("text").asText());
        assertEquals("in", pushed.path("direction").asText());
        desktop.close();
        Client.Response reply = agent.post("/v1/interactions/" + id + "/messages",
                "{\"direction\":\"out\",\"text\":\"Let me look\",\"agentId\":\"" + agentId + "\"}");
        assertEquals(201, reply.status(), reply.toString());
        assertEquals("queued", reply.field("status"));
        assertEquals(201, admin.post("/v1/interactions/" + id + "/messages",
                "{\"direction\":\"note\",\"text\":\"VIP customer\"}").status());

        JsonNode transcript = agent.get("/v1/interactions/" + id + "/messages").body();
        assertEquals(4, transcript.path("total").asInt());
        Client.Desktop reopened = agent.desktop(agentId);
        assertEquals(4, reopened.next("transcript").path("messages").size(), "the transcript on reconnect, notes too");
        reopened.close();
        assertEquals("Hello, my invoice is wrong", transcript.path("messages").get(0).path("text").asText());
        assertEquals("out", transcript.path("messages").get(2).path("direction").asText());
        assertEquals("note", transcript.path("messages").get(3).path("direction").asText());
        JsonNode page = gateway.get("/v1/interactions/" + id + "/messages?skip=2&limit=1").body();
        assertEquals(1, page.path("messages").size());
        assertEquals("Let me look", page.path("messages").get(0).path("text").asText());

        assertEquals(200, agent.post("/v1/interactions/" + id + "/complete", "{\"agentId\":\"" + agentId + "\"}")
                .status());
        assertEquals(409, gateway.post("/v1/interactions/" + id + "/messages",
                "{\"direction\":\"in\",\"text\":\"Thanks\"}").status(), "the customer's side is over");
    }

    @Test
    void aDeliveryRetriedTenTimesIsStoredOnceAndBadInputStoresNothing() {
        String id = gateway.post("/v1/interactions", "{\"channel\":\"sms\",\"queue\":\"nobody\","
                + "\"skills\":{\"nobody-has-it\":1}}").field("interactionId");
        String first = null;
        for (int i = 0; i < 10; i++) {
            Client.Response r = gateway.post("/v1/interactions/" + id + "/messages",
                    "{\"direction\":\"in\",\"text\":\"STOP calling me\",\"externalId\":\"sms-77\"}");
            assertEquals(i == 0 ? 201 : 200, r.status(), r.toString());
            first = first == null ? r.field("messageId") : first;
            assertEquals(first, r.field("messageId"));
        }
        for (String bad : new String[] {"{\"direction\":\"sideways\",\"text\":\"x\"}", "{\"direction\":\"in\"}",
                "{\"direction\":\"in\",\"text\":\"" + "x".repeat(4_001) + "\"}", "{\"direction\":\"in\",\"text\":\"\"}"}) {
            assertEquals(400, gateway.post("/v1/interactions/" + id + "/messages", bad).status(), bad);
        }
        assertEquals(403, gateway.post("/v1/interactions/" + id + "/messages",
                "{\"direction\":\"out\",\"text\":\"x\",\"agentId\":\"a1\"}").status(), "a gateway does not reply");
        assertEquals(404, gateway.post("/v1/interactions/nope/messages",
                "{\"direction\":\"in\",\"text\":\"x\"}").status());
        assertEquals(1, admin.get("/v1/interactions/" + id + "/messages").body().path("total").asInt());
    }
}
