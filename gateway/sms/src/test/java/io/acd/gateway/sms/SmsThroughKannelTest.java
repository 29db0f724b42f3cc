package io.acd.gateway.sms;

import com.fasterxml.jackson.databind.JsonNode;
import io.acd.gateway.Client;
import io.acd.gateway.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SMS end to end through a real Kannel with its fake SMSC: a phone's SMS is offered to an agent, who accepts it
 * on the desktop, reads it and replies; the phone gets the reply, and Kannel's delivery report marks it
 * delivered; the phone's next SMS joins the same interaction, and so does a long one sent in parts; after STOP an
 * agent's reply is refused and nothing is sent.
 */
class SmsThroughKannelTest {

    private static final String OURS = "+48500100200";
    private static final String PHONE = "+48600111222";
    private static TestNode node;
    private static Kannel kannel;
    private static Client admin;

    @BeforeAll
    static void start() throws Exception {
        // CI installs Kannel (.ci/run); a developer's machine without it skips this test, CI never does.
        assumeTrue(Kannel.installed() || System.getenv("CI") != null, "No Kannel on this machine");
        int[] ports = Kannel.ports();
        int enginePort = TestNode.freePort();
        String secret = "kannel-test-secret-0123";
        Map<String, Object> settings = new HashMap<>();
        settings.put("acd.routing.start-delay", "0s");
        settings.put("acd.interaction.offer-timeout", "60s");
        settings.put("acd.channels.sms.numbers.\"" + OURS + "\".queue", "sms");
        settings.put("acd.channels.sms.secret", secret);
        settings.put("acd.channels.sms.kannel.sendsms-url", "http://127.0.0.1:" + ports[0] + "/cgi-bin/sendsms");
        settings.put("acd.channels.sms.kannel.password", secret);
        settings.put("acd.channels.sms.kannel.dlr-url", "http://127.0.0.1:" + enginePort
                + "/v1/channels/sms/kannel/dlr");
        node = TestNode.start(settings, enginePort);
        kannel = Kannel.start(ports, enginePort, secret);
        admin = node.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kannel != null) {
            kannel.close();
        }
        if (node != null) {
            node.stop();
        }
    }

    private static List<String> textsTo(String number) {
        return kannel.received().stream().filter(r -> r.to().equals(number) && r.from().equals(OURS))
                .map(Kannel.Received::text).toList();
    }

    private static JsonNode messages(String interactionId) {
        return admin.get("/v1/interactions/" + interactionId + "/messages").body().path("messages");
    }

    @Test
    void aPhoneAndAnAgentTalkBySmsUntilThePhoneSaysStop() throws Exception {
        assertEquals(200, admin.put("/v1/agents/ola", "{\"name\":\"Ola\",\"skills\":{},\"capacity\":{\"sms\":2}}")
                .status());
        Client.Desktop desktop = admin.desktop("ola");
        assertEquals(200, admin.post("/v1/agents/ola/state", "{\"state\":\"available\"}").status());

        kannel.sms(PHONE, OURS, "Dzien dobry, my parcel is late");
        JsonNode offer = desktop.next("offer");
        assertEquals("sms", offer.path("channel").asText());
        assertEquals("sms", offer.path("queue").asText());
        String interaction = offer.path("interactionId").asText();
        desktop.send("{\"type\":\"accept\",\"interactionId\":\"" + interaction + "\"}");
        assertEquals("connected", desktop.next("ack").path("status").asText());
        JsonNode transcript = desktop.next("transcript");
        assertTrue(transcript.toString().contains("Dzien dobry, my parcel is late"), transcript.toString());

        desktop.send("{\"type\":\"send_message\",\"interactionId\":\"" + interaction
                + "\",\"text\":\"Hello! Let me check your parcel.\",\"clientId\":\"r-1\"}");
        assertEquals("r-1", desktop.next("ack").path("clientId").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> textsTo(PHONE).contains("Hello! Let me check your parcel."));
        // Kannel's delivery report (the fake SMSC reports each SMS delivered) moves the reply to delivered.
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(interaction).toString()
                .contains("\"status\":\"delivered\""));

        kannel.sms(PHONE, OURS, "Thanks, it was due on Monday");
        await().atMost(Duration.ofSeconds(20)).until(() -> messages(interaction).size() == 3);
        assertEquals("Thanks, it was due on Monday", messages(interaction).get(2).path("text").asText());
        assertEquals("in", messages(interaction).get(2).path("direction").asText());

        // A long SMS arrives in parts; Kannel joins them, and the conversation gets one message.
        kannel.concatenated(PHONE, OURS, 0x2A, "The parcel number is 123456789 and it was sent ",
                "from Gdansk on the 24th.");
        await().atMost(Duration.ofSeconds(20)).until(() -> messages(interaction).size() == 4);
        assertEquals("The parcel number is 123456789 and it was sent from Gdansk on the 24th.",
                messages(interaction).get(3).path("text").asText());

        kannel.sms(PHONE, OURS, "STOP");
        await().atMost(Duration.ofSeconds(30)).until(() -> textsTo(PHONE).stream()
                .anyMatch(t -> t.startsWith("You will get no more messages from us")));
        assertTrue(messages(interaction).toString().contains("opted out of SMS"), messages(interaction).toString());
        Client.Response refused = admin.post("/v1/interactions/" + interaction + "/messages",
                "{\"direction\":\"out\",\"agentId\":\"ola\",\"text\":\"Are you still there?\"}");
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("opted_out", refused.field("error"));
        desktop.send("{\"type\":\"send_message\",\"interactionId\":\"" + interaction
                + "\",\"text\":\"Hello?\",\"clientId\":\"r-2\"}");
        assertEquals("opted_out", desktop.next("error").path("error").asText());

        // A message that reached Kannel after the refusals would be at the phone by the time a later one is.
        kannel.sms(PHONE, OURS, "START");
        await().atMost(Duration.ofSeconds(30)).until(() -> textsTo(PHONE).stream()
                .anyMatch(t -> t.startsWith("You will get our messages again")));
        assertFalse(textsTo(PHONE).contains("Are you still there?"), kannel.received().toString());
        assertFalse(textsTo(PHONE).contains("Hello?"), kannel.received().toString());
        desktop.close();
    }
}
