package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A customer's thread: messages join the open interaction, a retried delivery lands once, the next message after
 * the end opens a new interaction that goes to the last agent first, and the customer's history lists them all.
 */
class ThreadsTest {

    private static TestNode node;
    private static Client admin;
    private static Client gateway;
    private static final String CUSTOMER = "+48600700800";
    private static final String THREAD = "sms:+48500100200:+48600700800";

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(Map.of("acd.routing.start-delay", "0s", "acd.interaction.offer-timeout", "60s"));
        admin = node.admin();
        gateway = admin.withKey(admin.post("/v1/keys", "{\"role\":\"gateway\"}").field("key"));
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    private static Client.Response sms(String text, String externalId) {
        return gateway.post("/v1/conversations/messages", "{\"thread\":\"" + THREAD + "\",\"channel\":\"sms\","
                + "\"queue\":\"sms\",\"skills\":{\"sms-help\":1},\"customer\":{\"id\":\"" + CUSTOMER + "\"},"
                + "\"text\":\"" + text + "\",\"externalId\":\"" + externalId + "\"}");
    }

    private static void agent(String id) {
        assertEquals(200, admin.put("/v1/agents/" + id, "{\"name\":\"" + id + "\",\"skills\":{\"sms-help\":2},"
                + "\"capacity\":{\"sms\":1}}").status());
        assertEquals(200, admin.post("/v1/agents/" + id + "/state", "{\"state\":\"available\"}").status());
    }

    private static JsonNode awaitOffered(String interactionId) {
        JsonNode[] now = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            now[0] = admin.get("/v1/interactions/" + interactionId).body();
            return "offered".equals(now[0].path("status").asText());
        });
        return now[0];
    }

    @Test
    void aThreadJoinsItsOpenInteractionAndComesBackToTheSameAgent() {
        Client.Response first = sms("Hello, my parcel is late", "kannel-1");
        assertEquals(201, first.status(), first.toString());
        assertFalse(first.body().path("joined").asBoolean());
        String interaction = first.field("interactionId");
        Client.Response retried = sms("Hello, my parcel is late", "kannel-1");
        assertEquals(200, retried.status(), "a retried delivery: " + retried);
        assertEquals(interaction, retried.field("interactionId"));
        assertEquals(first.body().path("message").path("messageId"), retried.body().path("message").path("messageId"));
        Client.Response second = sms("It was due on Monday", "kannel-2");
        assertEquals(200, second.status());
        assertTrue(second.body().path("joined").asBoolean());
        assertEquals(interaction, second.field("interactionId"));
        assertEquals(2, admin.get("/v1/interactions/" + interaction + "/messages").body().path("total").asInt());

        agent("ala");
        awaitOffered(interaction);
        for (String move : new String[]{"accept", "complete"}) {
            assertEquals(200, admin.post("/v1/interactions/" + interaction + "/" + move, "{\"agentId\":\"ala\"}").status());
        }
        assertEquals(200, admin.post("/v1/interactions/" + interaction + "/wrap-up",
                "{\"agentId\":\"ala\",\"disposition\":\"solved\"}").status());
        assertEquals(200, admin.post("/v1/agents/ala/state", "{\"state\":\"not_ready\",\"reason\":\"break\"}").status());

        // Bob has waited longest; still the customer's next message goes to Ala, who served them.
        agent("bob");
        Client.Response again = sms("Sorry, one more question", "kannel-3");
        assertEquals(201, again.status(), again.toString());
        String next = again.field("interactionId");
        assertNotEquals(interaction, next, "the ended interaction is not reopened");
        JsonNode queued = admin.get("/v1/interactions/" + next).body();
        assertEquals("ala", queued.path("preferredAgent").path("id").asText(), queued.toString());
        assertEquals(200, admin.post("/v1/agents/ala/state", "{\"state\":\"available\"}").status());
        assertEquals("ala", awaitOffered(next).path("agentId").asText());

        admin.post("/v1/interactions", "{\"channel\":\"voice\",\"queue\":\"calls\",\"skills\":{\"nobody\":1},"
                + "\"customer\":{\"id\":\"" + CUSTOMER + "\"}}");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                admin.get("/v1/customers/" + CUSTOMER + "/interactions").body().path("interactions").size() == 3);
        JsonNode history = admin.get("/v1/customers/" + CUSTOMER + "/interactions").body().path("interactions");
        assertEquals("voice", history.get(0).path("channel").asText(), "newest first: " + history);
        assertEquals(next, history.get(1).path("interactionId").asText());
        assertEquals(THREAD, history.get(1).path("thread").asText());
        assertEquals(interaction, history.get(2).path("interactionId").asText());
        assertEquals("completed", history.get(2).path("status").asText());
    }

    @Test
    void aThreadMessageNeedsACustomerAndAThread() {
        assertEquals("invalid_field", gateway.post("/v1/conversations/messages", "{\"thread\":\"t\",\"channel\":\"sms\","
                + "\"queue\":\"sms\",\"text\":\"hi\"}").field("error"));
        assertEquals(400, gateway.post("/v1/conversations/messages", "{\"channel\":\"sms\",\"queue\":\"sms\","
                + "\"customer\":{\"id\":\"c\"},\"text\":\"hi\"}").status());
        assertEquals(400, admin.get("/v1/customers/c/interactions?limit=0").status());
    }
}
