package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two tenants with the same agent and queue names take traffic at the same time, interleaved at random: every
 * offer an agent's desktop receives is one of its own tenant's contacts, and every contact of both is served.
 */
class TenantIsolationTest {

    private static final List<String> TENANTS = List.of("north", "south");
    private static final int AGENTS = 4;

    private static TestNode node;
    private static int port;
    private static Client admin;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ExecutorService answering = Executors.newFixedThreadPool(4);
    /** Offers as the desktops saw them: tenant, agent, interaction. */
    private static final List<String> offers = java.util.Collections.synchronizedList(new ArrayList<>());
    private static final Map<String, Set<String>> created = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(Map.of(
                "acd.routing.start-delay", "0s"));
        port = node.port();
        admin = node.admin();
        for (String tenant : TENANTS) {
            assertEquals(201, admin.put("/v1/tenants/" + tenant, "").status());
            created.put(tenant, ConcurrentHashMap.newKeySet());
            for (int i = 1; i <= AGENTS; i++) {
                String agentId = "a" + i;
                Client inTenant = admin.withKey(key(tenant, "agent", agentId));
                assertEquals(200, admin.send("PUT", "/v1/agents/" + agentId,
                        "{\"name\":\"" + agentId + "\",\"skills\":{\"billing\":1},\"capacity\":{\"chat\":1}}",
                        "Acd-Tenant", tenant).status());
                openDesktop(tenant, agentId, inTenant);
                assertEquals(200, inTenant.post("/v1/agents/" + agentId + "/state", "{\"state\":\"available\"}")
                        .status());
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        answering.shutdownNow();
        node.stop();
    }

    private static String key(String tenant, String role, String agentId) {
        String body = agentId == null ? "{\"role\":\"" + role + "\",\"tenant\":\"" + tenant + "\"}"
                : "{\"role\":\"" + role + "\",\"tenant\":\"" + tenant + "\",\"agentId\":\"" + agentId + "\"}";
        Client.Response r = admin.post("/v1/keys", body);
        assertEquals(201, r.status(), r.toString());
        return r.field("key");
    }

    /** A desktop that answers every offer over REST with the agent's own key: accept, complete, wrap up. */
    private static void openDesktop(String tenant, String agentId, Client agent) {
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    JsonNode message = parse(partial.toString());
                    partial.setLength(0);
                    if ("offer".equals(message.path("type").asText())) {
                        String id = message.path("interactionId").asText();
                        offers.add(tenant + " " + agentId + " " + id);
                        answering.execute(() -> {
                            String body = "{\"agentId\":\"" + agentId + "\"}";
                            agent.post("/v1/interactions/" + id + "/accept", body);
                            agent.post("/v1/interactions/" + id + "/complete", body);
                            agent.post("/v1/interactions/" + id + "/wrap-up", body);
                        });
                    }
                }
                socket.request(1);
                return null;
            }
        };
        http.newWebSocketBuilder().header("Authorization", "Bearer " + agent.key())
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/v1/agents/" + agentId + "/desktop"), listener)
                .join();
    }

    private static JsonNode parse(String text) {
        try {
            return Client.JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void eachAgentGetsOnlyItsTenantsContacts(long seed) {
        Random random = new Random(seed);
        Map<String, Client> gateways = Map.of(
                "north", admin.withKey(key("north", "gateway", null)),
                "south", admin.withKey(key("south", "gateway", null)));
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String tenant = TENANTS.get(random.nextInt(TENANTS.size()));
            Client.Response r = gateways.get(tenant).post("/v1/interactions",
                    "{\"channel\":\"chat\",\"queue\":\"billing\",\"priority\":" + random.nextInt(5)
                            + ",\"skills\":{\"billing\":1}}");
            assertEquals(201, r.status(), r.toString());
            created.get(tenant).add(r.field("interactionId"));
            mine.add(tenant + " " + r.field("interactionId"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> mine.stream().allMatch(entry -> {
            String[] parts = entry.split(" ");
            return "completed".equals(gateways.get(parts[0]).get("/v1/interactions/" + parts[1]).field("status"));
        }));
        for (String offer : List.copyOf(offers)) {
            String[] parts = offer.split(" ");
            assertTrue(created.get(parts[0]).contains(parts[2]),
                    "agent " + parts[1] + " of " + parts[0] + " was offered another tenant's contact " + parts[2]);
        }
        for (String entry : mine) {
            String[] parts = entry.split(" ");
            String other = parts[0].equals("north") ? "south" : "north";
            assertEquals(404, gateways.get(other).get("/v1/interactions/" + parts[1]).status(),
                    "another tenant's gateway reads " + parts[1]);
        }
    }
}
