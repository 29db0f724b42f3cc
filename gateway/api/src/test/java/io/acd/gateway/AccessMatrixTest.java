package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Who may do what, as docs/api.md's roles table says: every endpoint with every role's key in its own tenant,
 * with the same role's key of another tenant, with no key and with a revoked key. A refusal must change
 * nothing, which a snapshot of every object the endpoints touch, taken with the admin key, shows.
 */
class AccessMatrixTest {

    private static final String ADMIN = "admin";
    private static final String SUPERVISOR = "supervisor";
    private static final String GATEWAY = "gateway";
    private static final String AGENT = "agent";
    private static final List<String> ROLES = List.of(ADMIN, SUPERVISOR, GATEWAY, AGENT);

    private static TestNode node;
    private static Client admin;
    private static int port;
    /** Keys by role in tenant default (the agent key is a1's), and the same roles in tenant acme. */
    private static final Map<String, String> home = new LinkedHashMap<>();
    private static final Map<String, String> acme = new LinkedHashMap<>();
    private static String revoked;
    private static String held;
    private static String waiting;

    /**
     * One endpoint: who may call it, and whether an agent key may when it names its own agent (a1) or an
     * interaction its agent holds.
     *
     * @param readsObject in another tenant the ids do not exist: an allowed call answers 404, and so does an
     *                    agent key's read of an interaction, which it may read when its agent holds it
     */
    private record Endpoint(String method, Supplier<String> path, String body, Set<String> roles, boolean agentOwn,
                            boolean readsObject) {
        @Override
        public String toString() {
            return method + " " + path.get();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(Map.of(
                "acd.interaction.offer-timeout", "300s",
                "acd.routing.start-delay", "0s",
                // Hundreds of calls a second with one admin key: the rate limit has a test of its own.
                "acd.http.security.rate-limit.per-second", 0));
        port = node.port();
        admin = node.admin();

        assertEquals(201, admin.put("/v1/tenants/acme", "").status());
        ok(admin.put("/v1/agents/a1", "{\"name\":\"A1\",\"skills\":{\"s\":1},\"capacity\":{\"chat\":1}}"));
        ok(admin.put("/v1/agents/a2", "{\"name\":\"A2\",\"skills\":{\"s\":1},\"capacity\":{\"chat\":1}}"));
        ok(admin.put("/v1/queues/q1", "{\"agingPerSecond\":0.5}"));
        ok(admin.post("/v1/agents/a1/state", "{\"state\":\"available\"}"));
        held = admin.post("/v1/interactions", "{\"channel\":\"chat\",\"queue\":\"q1\",\"skills\":{\"s\":1}}")
                .field("interactionId");
        await().atMost(Duration.ofSeconds(15)).until(() ->
                "a1".equals(admin.get("/v1/interactions/" + held).field("agentId")));
        waiting = newWaiting();

        for (String role : List.of(SUPERVISOR, GATEWAY, AGENT)) {
            home.put(role, key(role, "default"));
            acme.put(role, key(role, "acme"));
        }
        home.put(ADMIN, node.node().access().adminKey().key());
        revoked = key(GATEWAY, "default");
        String revokedId = keyIdOf(revoked);
        assertEquals(200, admin.send("DELETE", "/v1/keys/" + revokedId, null).status());
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    private static void ok(Client.Response response) {
        assertTrue(response.status() / 100 == 2, response.toString());
    }

    private static String newWaiting() {
        Client.Response created = admin.post("/v1/interactions",
                "{\"channel\":\"chat\",\"queue\":\"q1\",\"skills\":{\"nobody-has-this\":1}}");
        assertEquals(201, created.status(), created.toString());
        return created.field("interactionId");
    }

    private static String key(String role, String tenant) {
        String body = role.equals(AGENT)
                ? "{\"role\":\"agent\",\"tenant\":\"" + tenant + "\",\"agentId\":\"a1\"}"
                : "{\"role\":\"" + role + "\",\"tenant\":\"" + tenant + "\"}";
        Client.Response created = admin.post("/v1/keys", body);
        assertEquals(201, created.status(), created.toString());
        assertTrue(created.field("key").startsWith("acd_"));
        return created.field("key");
    }

    private static String keyIdOf(String key) {
        for (JsonNode listed : admin.get("/v1/keys").body().path("keys")) {
            if (listed.has("key") || listed.has("hash")) {
                fail("A listed key shows its secret: " + listed);
            }
        }
        return io.acd.engine.access.ApiKeys.keyId(io.acd.engine.access.ApiKeys.hash(key));
    }

    private static List<Endpoint> endpoints() {
        Set<String> staff = Set.of(ADMIN, SUPERVISOR);
        Set<String> readers = Set.of(ADMIN, SUPERVISOR, GATEWAY);
        Set<String> gateways = Set.of(ADMIN, GATEWAY);
        Set<String> admins = Set.of(ADMIN);
        String asA1 = "{\"agentId\":\"a1\"}";
        return List.of(
                new Endpoint("GET", () -> "/v1/routing", null, staff, false, false),
                new Endpoint("GET", () -> "/v1/queues/q1", null, staff, false, false),
                new Endpoint("PUT", () -> "/v1/queues/q1", "{\"agingPerSecond\":0.5}", staff, false, false),
                // Another agent than those read below: in another tenant a PUT creates that tenant's own.
                new Endpoint("PUT", () -> "/v1/agents/a3",
                        "{\"name\":\"A3\",\"skills\":{\"s\":1},\"capacity\":{\"chat\":1}}", staff, false, false),
                new Endpoint("GET", () -> "/v1/agents/a1", null, staff, true, true),
                new Endpoint("GET", () -> "/v1/agents/a2", null, staff, false, true),
                new Endpoint("POST", () -> "/v1/agents/a2/state", "{\"state\":\"logged_out\"}", staff, false, true),
                new Endpoint("POST", () -> "/v1/agents/a1/state", "{\"state\":\"available\"}", staff, true, true),
                new Endpoint("POST", () -> "/v1/interactions",
                        "{\"channel\":\"chat\",\"queue\":\"q9\",\"skills\":{\"nobody-has-this\":1}}", gateways, false,
                        false),
                new Endpoint("GET", () -> "/v1/interactions/" + held, null, readers, true, true),
                new Endpoint("GET", () -> "/v1/interactions/" + waiting, null, readers, false, true),
                new Endpoint("POST", () -> "/v1/interactions/" + held + "/reject", "{\"agentId\":\"a2\"}", admins,
                        false, true),
                new Endpoint("POST", () -> "/v1/interactions/" + waiting + "/accept", asA1, admins, true, true),
                new Endpoint("POST", () -> "/v1/interactions/" + waiting + "/complete", asA1, admins, true, true),
                new Endpoint("POST", () -> "/v1/interactions/" + waiting + "/wrap-up", asA1, admins, true, true),
                new Endpoint("POST", () -> "/v1/interactions/" + newWaiting() + "/abandon", null, gateways, false,
                        true),
                new Endpoint("GET", () -> "/v1/interactions/" + held + "/messages", null, readers, true, true),
                new Endpoint("POST", () -> "/v1/interactions/" + waiting + "/messages",
                        "{\"direction\":\"in\",\"text\":\"hello\"}", gateways, false, true),
                new Endpoint("POST", () -> "/v1/interactions/" + held + "/messages",
                        "{\"direction\":\"out\",\"text\":\"hi\",\"agentId\":\"a1\"}", admins, true, true),
                new Endpoint("POST", () -> "/v1/interactions/" + held + "/messages",
                        "{\"direction\":\"note\",\"text\":\"vip\"}", staff, false, true),
                new Endpoint("GET", () -> "/v1/tenants", null, admins, false, false),
                new Endpoint("PUT", () -> "/v1/tenants/extra", null, admins, false, false),
                new Endpoint("GET", () -> "/v1/keys", null, admins, false, false),
                new Endpoint("POST", () -> "/v1/keys", "{\"role\":\"gateway\"}", admins, false, false),
                new Endpoint("DELETE", () -> "/v1/keys/key-0000000000000000", null, admins, false, false),
                new Endpoint("GET", () -> "/v1/security/events", null, admins, false, false));
    }

    /** Every object an endpoint could change, as the admin key reads it. */
    private static String snapshot() {
        StringBuilder all = new StringBuilder();
        for (String path : List.of("/v1/agents/a1", "/v1/agents/a2", "/v1/agents/a3", "/v1/queues/q1", "/v1/interactions/" + held,
                "/v1/interactions/" + waiting, "/v1/tenants")) {
            all.append(path).append(' ').append(admin.get(path).body()).append('\n');
        }
        all.append("keys ").append(admin.get("/v1/keys").body().path("keys").size());
        return all.toString();
    }

    private static boolean allowed(Endpoint endpoint, String role) {
        return endpoint.roles().contains(role) || (role.equals(AGENT) && endpoint.agentOwn());
    }

    @Test
    void everyRoleInItsOwnTenantGetsExactlyItsRights() {
        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (String role : ROLES) {
                String before = snapshot();
                Client.Response r = admin.withKey(home.get(role)).send(endpoint.method(), endpoint.path().get(),
                        endpoint.body());
                if (allowed(endpoint, role)) {
                    if (r.status() == 401 || r.status() == 403 || r.status() >= 500) {
                        wrong.add(role + " " + endpoint + " -> " + r);
                    }
                } else if (r.status() != 403 || !"forbidden".equals(r.field("error"))) {
                    wrong.add(role + " " + endpoint + " -> " + r + ", expected 403");
                } else if (!before.equals(snapshot())) {
                    wrong.add(role + " " + endpoint + " was refused but changed something");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void anotherTenantsKeyNeverReachesThisTenantsObjects() {
        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (String role : List.of(SUPERVISOR, GATEWAY, AGENT)) {
                String before = snapshot();
                Client.Response r = admin.withKey(acme.get(role)).send(endpoint.method(), endpoint.path().get(),
                        endpoint.body());
                boolean agentRead = role.equals(AGENT) && endpoint.method().equals("GET")
                        && endpoint.path().get().startsWith("/v1/interactions/");
                int expected = !allowed(endpoint, role) && !agentRead ? 403 : endpoint.readsObject() ? 404 : -1;
                if (expected > 0 ? r.status() != expected : r.status() == 401 || r.status() >= 500) {
                    wrong.add("acme " + role + " " + endpoint + " -> " + r + ", expected " + expected);
                }
                if (!before.equals(snapshot())) {
                    wrong.add("acme " + role + " " + endpoint + " changed tenant default's objects");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void noKeyARevokedKeyAndAStrangersKeyAreUnauthorized() {
        for (String key : new String[] {null, revoked, "acd_" + "x".repeat(43)}) {
            for (Endpoint endpoint : endpoints()) {
                String before = snapshot();
                Client.Response r = admin.withKey(key).send(endpoint.method(), endpoint.path().get(), endpoint.body());
                assertEquals(401, r.status(), endpoint + " with key " + key + " -> " + r);
                assertEquals("unauthorized", r.field("error"));
                assertEquals(before, snapshot(), endpoint + " changed something without a valid key");
            }
        }
        Client.Response response = admin.withKey(null).get("/v1/routing");
        assertEquals(401, response.status());
        assertTrue(String.valueOf(response.header("WWW-Authenticate")).startsWith("Bearer"), response.toString());
    }

    @Test
    void anAdminPicksTheTenantWithAHeaderAndAnUnknownTenantIsNotFound() {
        Client.Response inAcme = admin.send("GET", "/v1/agents/a1", null, "Acd-Tenant", "acme");
        assertEquals(404, inAcme.status(), "acme has no agent a1: " + inAcme);
        assertEquals(200, admin.send("GET", "/v1/agents/a1", null, "Acd-Tenant", "default").status());
        assertEquals(404, admin.send("GET", "/v1/routing", null, "Acd-Tenant", "nowhere").status());
        assertEquals(400, admin.send("GET", "/v1/routing", null, "Acd-Tenant", "Not A Tenant").status());
        // A tenant-bound key may not name another tenant.
        assertEquals(403, admin.withKey(home.get(SUPERVISOR)).send("GET", "/v1/routing", null, "Acd-Tenant", "acme")
                .status());
    }

    @Test
    void anAgentKeyOpensOnlyItsOwnDesktop() {
        HttpClient http = HttpClient.newHttpClient();
        WebSocket own = desktop(http, "a1", home.get(AGENT)).join();
        own.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        for (String[] attempt : new String[][] {{"a2", home.get(AGENT)}, {"a1", home.get(SUPERVISOR)},
                {"a1", home.get(GATEWAY)}, {"a1", acme.get(AGENT).substring(0, 10)}, {"a1", null}}) {
            try {
                desktop(http, attempt[0], attempt[1]).join();
                fail("The desktop of " + attempt[0] + " opened with key " + attempt[1]);
            } catch (CompletionException e) {
                WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
                int status = refused.getResponse().statusCode();
                assertTrue(status == 401 || status == 403, attempt[0] + " with " + attempt[1] + " -> " + status);
            }
        }
    }

    @Test
    void aBodyOverTheLimitIsRefusedAndChangesNothing() {
        String name = "x".repeat(70_000);
        Client.Response r = admin.put("/v1/agents/big", "{\"name\":\"" + name + "\",\"skills\":{},"
                + "\"capacity\":{\"chat\":1}}");
        assertEquals(413, r.status(), r.toString());
        assertEquals("too_large", r.field("error"));
        assertEquals(404, admin.get("/v1/agents/big").status());
    }

    @Test
    void aBrowsersTicketOpensItsAgentsDesktopOnceAndOnlyThat() {
        Client a1 = admin.withKey(home.get(AGENT));
        Client.Response issued = a1.post("/v1/agents/a1/desktop-ticket", "");
        assertEquals(201, issued.status(), issued.toString());
        String ticket = issued.field("ticket");
        assertEquals(403, a1.post("/v1/agents/a2/desktop-ticket", "").status(), "a ticket for another agent");
        assertEquals(403, admin.withKey(home.get(SUPERVISOR)).post("/v1/agents/a1/desktop-ticket", "").status());

        HttpClient http = HttpClient.newHttpClient();
        assertEquals(401, handshake(http, "a2", ticket), "a1's ticket does not open a2's desktop");
        String second = a1.post("/v1/agents/a1/desktop-ticket", "").field("ticket");
        WebSocket opened = byTicket(http, "a1", second).join();
        opened.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        assertEquals(401, handshake(http, "a1", second), "a ticket opens one socket only");

        Random random = new Random(7);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~";
        for (int i = 0; i < 100; i++) {
            String fuzzed = i % 2 == 0 ? randomText(random, alphabet, random.nextInt(60)) : mutate(random, second);
            int status = handshake(http, "a1", fuzzed.isEmpty() ? "x" : fuzzed);
            assertEquals(401, status, "ticket " + fuzzed);
        }
    }

    private java.util.concurrent.CompletableFuture<WebSocket> byTicket(HttpClient http, String agentId, String ticket) {
        return http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/v1/agents/" + agentId
                + "/desktop?ticket=" + ticket), new WebSocket.Listener() { });
    }

    /** The status a refused handshake got; fails when the socket opened. */
    private int handshake(HttpClient http, String agentId, String ticket) {
        try {
            byTicket(http, agentId, ticket).join().abort();
            return fail("The desktop of " + agentId + " opened with ticket " + ticket);
        } catch (CompletionException e) {
            return assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode();
        }
    }

    private java.util.concurrent.CompletableFuture<WebSocket> desktop(HttpClient http, String agentId, String key) {
        WebSocket.Builder builder = http.newWebSocketBuilder();
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        return builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/v1/agents/" + agentId + "/desktop"),
                new WebSocket.Listener() { });
    }

    @Test
    void fuzzedAuthorizationHeadersAreRefusedAndNeverAServerError() {
        Random random = new Random(42);
        String printable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/=.~!$&'()*,;:@ \t";
        String valid = home.get(GATEWAY);
        for (int i = 0; i < 300; i++) {
            String header = switch (i % 5) {
                case 0 -> randomText(random, printable, random.nextInt(80));
                case 1 -> "Bearer " + randomText(random, printable, random.nextInt(120));
                case 2 -> "bearer " + mutate(random, valid);
                case 3 -> "Basic " + randomText(random, printable, 20);
                default -> "Bearer " + valid.substring(0, random.nextInt(valid.length()));
            };
            Client.Response r = admin.withKey(null).send("GET", "/v1/interactions/" + waiting, null,
                    "Authorization", header.strip());
            assertNotEquals(5, r.status() / 100, header + " -> " + r);
            if (!header.strip().equals("Bearer " + valid) && !header.strip().equalsIgnoreCase("bearer " + valid)) {
                assertEquals(401, r.status(), header + " -> " + r);
            }
        }
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static String mutate(Random random, String key) {
        char[] chars = key.toCharArray();
        int at = 4 + random.nextInt(chars.length - 4);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceAndTheSecurityLogSaysWhatHappened() {
        String key = key(GATEWAY, "default");
        Client gateway = admin.withKey(key);
        assertEquals(200, gateway.get("/v1/interactions/" + waiting).status());
        assertEquals(200, admin.send("DELETE", "/v1/keys/" + keyIdOf(key), null).status());
        assertEquals(401, gateway.get("/v1/interactions/" + waiting).status());
        for (int i = 0; i < 12; i++) {
            admin.withKey("acd_" + "f".repeat(43)).get("/v1/routing");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode events = admin.get("/v1/security/events").body().path("events");
            boolean revokedLogged = false;
            boolean failuresLogged = false;
            for (JsonNode event : events) {
                revokedLogged |= event.path("type").asText().equals("key_revoked")
                        && event.path("keyId").asText().equals(keyIdOf(key));
                failuresLogged |= event.path("type").asText().equals("authentication_failed")
                        && event.path("failures").asInt() >= 10;
            }
            return revokedLogged && failuresLogged;
        });
    }
}
