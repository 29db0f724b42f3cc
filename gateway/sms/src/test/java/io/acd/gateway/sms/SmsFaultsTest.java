package io.acd.gateway.sms;

import com.fasterxml.jackson.databind.JsonNode;
import io.acd.gateway.Client;
import io.acd.gateway.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What goes wrong around SMS: a delivery Kannel retries lands once; a call without the secret, to a number that
 * is not ours, or without its fields is refused and stores nothing; a reply while Kannel is down waits and goes
 * once Kannel is back; a reply Kannel never takes fails after the configured time, with a note the agent sees.
 */
class SmsFaultsTest {

    private static final String OURS = "+48500100300";
    private static final String SECRET = "kannel-test-secret-4567";
    private static TestNode node;
    private static Client admin;
    private static Client kannelCaller;
    private static int[] kannelPorts;
    private static int enginePort;

    @BeforeAll
    static void start() throws Exception {
        kannelPorts = Kannel.ports();
        enginePort = TestNode.freePort();
        Map<String, Object> settings = new HashMap<>();
        settings.put("acd.routing.start-delay", "0s");
        settings.put("acd.interaction.offer-timeout", "60s");
        settings.put("acd.channels.sms.numbers.\"" + OURS + "\".queue", "sms");
        settings.put("acd.channels.sms.numbers.\"" + OURS + "\".priority", 3);
        settings.put("acd.channels.sms.secret", SECRET);
        settings.put("acd.channels.sms.kannel.sendsms-url", "http://127.0.0.1:" + kannelPorts[0] + "/cgi-bin/sendsms");
        settings.put("acd.channels.sms.kannel.password", SECRET);
        settings.put("acd.channels.sms.kannel.dlr-url", "http://127.0.0.1:" + enginePort + "/v1/channels/sms/kannel/dlr");
        settings.put("acd.outbound.first-retry", "500ms");
        settings.put("acd.outbound.max-backoff", "1s");
        settings.put("acd.outbound.fail-after", "6s");
        node = TestNode.start(settings, enginePort);
        admin = node.admin();
        kannelCaller = admin.withKey(null);
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    private static Client.Response mo(String secret, String from, String to, String text, String id) {
        return kannelCaller.get("/v1/channels/sms/kannel?secret=" + secret + "&from=" + encode(from) + "&to="
                + encode(to) + "&text=" + encode(text) + (id == null ? "" : "&id=" + id));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static long waiting() {
        return admin.get("/v1/routing").body().path("waiting").asLong(-1);
    }

    @Test
    void aDeliveryKannelRetriesTenTimesIsOneMessageOfOneInteraction() {
        String phone = "+48600000001";
        for (int i = 0; i < 10; i++) {
            assertEquals(200, mo(SECRET, phone, OURS, "Is my order shipped?", "0b6c6d8e-0001").status());
        }
        JsonNode history = admin.get("/v1/customers/tel:" + encode(phone) + "/interactions").body();
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/v1/customers/tel:" + encode(phone)
                + "/interactions").body().path("interactions").size() == 1);
        history = admin.get("/v1/customers/tel:" + encode(phone) + "/interactions").body();
        String interaction = history.path("interactions").get(0).path("interactionId").asText();
        JsonNode state = admin.get("/v1/interactions/" + interaction).body();
        assertEquals("sms", state.path("channel").asText());
        assertEquals(3, state.path("priority").asInt(), "the number's priority");
        assertEquals(1, admin.get("/v1/interactions/" + interaction + "/messages").body().path("total").asInt());
    }

    @Test
    void aCallWithoutTheSecretToAnotherNumberOrWithoutFieldsStoresNothing() {
        long before = waiting();
        Client.Response badSecret = mo("not-the-secret-at-all", "+48600000002", OURS, "hi", "0b6c6d8e-0002");
        assertEquals(403, badSecret.status());
        assertEquals("bad_secret", badSecret.field("error"));
        Client.Response notOurs = mo(SECRET, "+48600000002", "+48999999999", "hi", "0b6c6d8e-0003");
        assertEquals(404, notOurs.status());
        assertEquals("unknown_number", notOurs.field("error"));
        assertEquals(400, kannelCaller.get("/v1/channels/sms/kannel?secret=" + SECRET + "&to=" + encode(OURS)
                + "&text=hi").status());
        assertEquals("message_too_long", mo(SECRET, "+48600000002", OURS, "x".repeat(1601), "0b6c6d8e-0004")
                .field("error"));
        Client.Response forged = kannelCaller.get("/v1/channels/sms/kannel/dlr?t=default&i=x&m=y&sig=00&status=1");
        assertEquals(403, forged.status());
        assertEquals(before, waiting(), "nothing was queued");
        assertEquals(0, admin.get("/v1/customers/tel:" + encode("+48600000002") + "/interactions").body()
                .path("interactions").size());
    }

    @Test
    void aReplyWaitsWhileKannelIsDownAndFailsWithANoteWhenItNeverComesBack() throws Exception {
        assumeTrue(Kannel.installed() || System.getenv("CI") != null, "No Kannel on this machine");
        String phone = "+48600000003";
        assertEquals(200, admin.put("/v1/agents/ewa", "{\"name\":\"Ewa\",\"skills\":{},\"capacity\":{\"sms\":2}}")
                .status());
        assertEquals(200, admin.post("/v1/agents/ewa/state", "{\"state\":\"available\"}").status());
        assertEquals(200, mo(SECRET, phone, OURS, "Hello?", "0b6c6d8e-0005").status());
        String interaction = awaitHeldBy(phone, "ewa");

        // Kannel is not running: the reply is stored, and waits.
        assertEquals(201, reply(interaction, "First reply").status());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() ->
                status(interaction, "First reply").equals("queued"));
        try (Kannel kannel = Kannel.start(kannelPorts, enginePort, SECRET)) {
            kannel.sms("+48600999999", OURS, "a phone to take what Kannel holds");
            await().atMost(Duration.ofSeconds(30)).until(() -> kannel.received().stream()
                    .anyMatch(r -> r.to().equals(phone) && r.text().equals("First reply")));
            await().atMost(Duration.ofSeconds(20)).until(() -> status(interaction, "First reply").equals("delivered"));
        }

        // Kannel is gone for good: after fail-after the reply fails, and the agent is told why.
        assertEquals(201, reply(interaction, "Second reply").status());
        await().atMost(Duration.ofSeconds(30)).until(() -> status(interaction, "Second reply").equals("failed"));
        JsonNode messages = admin.get("/v1/interactions/" + interaction + "/messages").body().path("messages");
        assertTrue(messages.toString().contains("Not delivered to the customer: not taken within PT6S"),
                messages.toString());
    }

    private static Client.Response reply(String interaction, String text) {
        return admin.post("/v1/interactions/" + interaction + "/messages",
                "{\"direction\":\"out\",\"agentId\":\"ewa\",\"text\":\"" + text + "\"}");
    }

    private static String status(String interaction, String text) {
        for (JsonNode message : admin.get("/v1/interactions/" + interaction + "/messages").body().path("messages")) {
            if (message.path("text").asText().equals(text)) {
                return message.path("status").asText();
            }
        }
        return "missing";
    }

    private static String awaitHeldBy(String phone, String agent) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode visits = admin.get("/v1/customers/tel:" + encode(phone) + "/interactions").body()
                    .path("interactions");
            if (visits.isEmpty()) {
                return false;
            }
            id[0] = visits.get(0).path("interactionId").asText();
            return "offered".equals(admin.get("/v1/interactions/" + id[0]).body().path("status").asText());
        });
        assertEquals(200, admin.post("/v1/interactions/" + id[0] + "/accept", "{\"agentId\":\"" + agent + "\"}")
                .status());
        return id[0];
    }
}
