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

/**
 * A tenant sets its own SMS channel over the API: its settings are checked (a number another tenant has, a
 * missing secret, a key that may not), shown with secrets masked, and its number's messages open interactions in
 * that tenant only, checked with that tenant's secret; removed, the number is unknown again.
 */
class SmsPerTenantTest {

    private static final String DEFAULT_NUMBER = "+48500100400";
    private static final String ACME_NUMBER = "+48500100500";
    private static TestNode node;
    private static Client admin;
    private static Client acme;
    private static Client kannel;

    @BeforeAll
    static void start() throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put("acd.channels.sms.numbers.\"" + DEFAULT_NUMBER + "\".queue", "sms");
        settings.put("acd.channels.sms.secret", "default-tenant-secret-0001");
        settings.put("acd.http.channel-settings-refresh", "200ms");
        node = TestNode.start(settings);
        admin = node.admin();
        assertEquals(201, admin.put("/v1/tenants/acme", "").status());
        acme = admin.withKey(admin.post("/v1/keys", "{\"role\":\"supervisor\",\"tenant\":\"acme\"}").field("key"));
        kannel = admin.withKey(null);
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    private static Client.Response mo(String secret, String to, String from, String id) {
        return kannel.get("/v1/channels/sms/kannel?secret=" + secret + "&from=" + URLEncoder.encode(from,
                StandardCharsets.UTF_8) + "&to=" + URLEncoder.encode(to, StandardCharsets.UTF_8) + "&text=Hi&id=" + id);
    }

    @Test
    void aTenantsOwnNumberOpensInteractionsInThatTenantOnly() {
        String ownSettings = "{\"numbers\":{\"" + ACME_NUMBER + "\":{\"queue\":\"acme-sms\",\"priority\":4}},"
                + "\"secret\":\"acme-kannel-secret-0002\",\"kannel\":{\"password\":\"kannel-password\"}}";
        assertEquals("invalid_settings", acme.put("/v1/channels/sms", "{\"numbers\":{\"" + DEFAULT_NUMBER
                + "\":{\"queue\":\"q\"}},\"secret\":\"acme-kannel-secret-0002\"}").field("error"), "another's number");
        assertEquals("invalid_settings", acme.put("/v1/channels/sms", "{\"numbers\":{\"" + ACME_NUMBER
                + "\":{\"queue\":\"q\"}}}").field("error"), "no secret");
        assertEquals("invalid_settings", acme.put("/v1/channels/sms", "{\"numbers\":{\"" + ACME_NUMBER
                + "\":{}},\"secret\":\"acme-kannel-secret-0002\"}").field("error"), "no queue");
        assertEquals("unknown_channel", acme.put("/v1/channels/fax", "{}").field("error"));
        Client acmeAgent = admin.withKey(admin.post("/v1/keys", "{\"role\":\"agent\",\"tenant\":\"acme\","
                + "\"agentId\":\"a1\"}").field("key"));
        assertEquals(403, acmeAgent.put("/v1/channels/sms", ownSettings).status());
        assertEquals(404, mo("acme-kannel-secret-0002", ACME_NUMBER, "+48600000009", "0b6c6d8e-1001").status(),
                "refused settings change nothing");

        Client.Response put = acme.put("/v1/channels/sms", ownSettings);
        assertEquals(201, put.status(), "new settings: " + put);
        assertEquals(200, acme.put("/v1/channels/sms", ownSettings).status(), "the same again");
        JsonNode shown = acme.get("/v1/channels/sms").body().path("settings");
        assertEquals("********", shown.path("secret").asText());
        assertEquals("********", shown.path("kannel").path("password").asText());
        assertEquals("acme-sms", shown.path("numbers").path(ACME_NUMBER).path("queue").asText());

        await().atMost(Duration.ofSeconds(10)).until(() ->
                mo("acme-kannel-secret-0002", ACME_NUMBER, "+48600000009", "0b6c6d8e-1002").status() == 200);
        assertEquals(403, mo("default-tenant-secret-0001", ACME_NUMBER, "+48600000009", "0b6c6d8e-1003").status(),
                "another tenant's secret");
        JsonNode history = acme.get("/v1/customers/tel:%2B48600000009/interactions").body().path("interactions");
        assertEquals(1, history.size(), history.toString());
        JsonNode interaction = acme.get("/v1/interactions/" + history.get(0).path("interactionId").asText()).body();
        assertEquals("acme-sms", interaction.path("queue").asText());
        assertEquals(4, interaction.path("priority").asInt());
        assertEquals(0, admin.get("/v1/customers/tel:%2B48600000009/interactions").body().path("interactions").size(),
                "nothing in the default tenant");
        assertEquals(200, mo("default-tenant-secret-0001", DEFAULT_NUMBER, "+48600000009", "0b6c6d8e-1004").status(),
                "the default tenant's number from the node's configuration still works");

        assertEquals(200, acme.send("DELETE", "/v1/channels/sms", null).status());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                mo("acme-kannel-secret-0002", ACME_NUMBER, "+48600000009", "0b6c6d8e-1005").status() == 404);
        assertEquals(404, acme.get("/v1/channels/sms").status());
        assertTrue(admin.get("/v1/channels/sms").status() == 404, "the default tenant put nothing over the API");
    }
}
