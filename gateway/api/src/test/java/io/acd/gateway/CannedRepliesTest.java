package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A supervisor writes canned replies; an agent sends one over REST and the desktop, filled in for the customer. */
class CannedRepliesTest {

    private static TestNode node;
    private static Client admin;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(Map.of("acd.routing.start-delay", "0s", "acd.interaction.offer-timeout", "60s"));
        admin = node.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    @Test
    void anAgentSendsACannedReplyFilledInForTheCustomer() {
        Client supervisor = admin.withKey(admin.post("/v1/keys", "{\"role\":\"supervisor\"}").field("key"));
        assertEquals(201, supervisor.put("/v1/canned-replies/greeting", "{\"text\":\"Dzień dobry"
                + " {{customer.name|there}}, tu {{agent.name}} ({{queue}}).\"}").status());
        assertEquals(201, supervisor.put("/v1/canned-replies/bye", "{\"text\":\"Goodbye\"}").status());
        assertEquals(200, supervisor.put("/v1/canned-replies/bye", "{\"text\":\"Do widzenia {{ customer.name | }}!\"}")
                .status(), "a reply changed in place");
        assertEquals("unknown_placeholder", supervisor.put("/v1/canned-replies/order",
                "{\"text\":\"Your order {{order.id}}\"}").field("error"));
        assertEquals(200, admin.put("/v1/agents/ala", "{\"name\":\"Ala\",\"skills\":{\"canned\":1},"
                + "\"capacity\":{\"sms\":1}}").status());
        Client agent = admin.withKey(admin.post("/v1/keys", "{\"role\":\"agent\",\"agentId\":\"ala\"}").field("key"));
        assertEquals(403, agent.put("/v1/canned-replies/mine", "{\"text\":\"x\"}").status());
        assertEquals(2, agent.get("/v1/canned-replies").body().path("cannedReplies").size());

        String id = admin.post("/v1/conversations/messages", "{\"thread\":\"t-canned\",\"channel\":\"sms\","
                + "\"queue\":\"sms\",\"skills\":{\"canned\":1},\"customer\":{\"id\":\"c-canned\",\"name\":\"Jan\"},"
                + "\"text\":\"Hi\",\"externalId\":\"e-1\"}").field("interactionId");
        assertEquals(200, agent.post("/v1/agents/ala/state", "{\"state\":\"available\"}").status());
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "offered".equals(admin.get("/v1/interactions/" + id).field("status")));
        assertEquals(200, agent.post("/v1/interactions/" + id + "/accept", "{\"agentId\":\"ala\"}").status());

        Client.Response sent = agent.post("/v1/interactions/" + id + "/messages",
                "{\"direction\":\"out\",\"agentId\":\"ala\",\"cannedReply\":\"greeting\"}");
        assertEquals(201, sent.status(), sent.toString());
        assertEquals("Dzień dobry Jan, tu Ala (sms).", sent.field("text"));
        assertEquals(404, agent.post("/v1/interactions/" + id + "/messages",
                "{\"direction\":\"out\",\"agentId\":\"ala\",\"cannedReply\":\"nosuch\"}").status());

        Client.Desktop desktop = agent.desktop("ala");
        desktop.send("{\"type\":\"send_message\",\"interactionId\":\"" + id + "\",\"cannedReply\":\"bye\"}");
        JsonNode ack = desktop.next("ack");
        while (!"send_message".equals(ack.path("action").asText())) {
            ack = desktop.next("ack");
        }
        String messageId = ack.path("messageId").asText();
        JsonNode transcript = admin.get("/v1/interactions/" + id + "/messages").body().path("messages");
        assertEquals(messageId, transcript.get(2).path("messageId").asText());
        assertEquals("Do widzenia Jan!", transcript.get(2).path("text").asText());
        desktop.close();
    }
}
