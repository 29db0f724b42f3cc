package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.acd.engine.node.EngineNode;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import com.typesafe.config.Config;
import io.acd.persistence.journal.Journal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public API end to end: a real node, a real journal, HTTP and WebSocket on a free port. Each journal has
 * its subclass ({@link ApiOnEmbeddedTest}, {@link ApiOnCassandraTest}), so every behaviour here holds on both.
 */
abstract class ApiContract {

    protected static EngineNode node;
    protected static Client api;
    protected static int port;

    /** Starts a node on the journal that {@code journal} configures, with the settings the tests rely on. */
    protected static void start(Config journal) throws Exception {
        node = EngineNode.start(EngineNode.config(ConfigFactory.parseMap(Map.of(
                "acd.interaction.offer-timeout", "8s",
                "acd.routing.start-delay", "0s",
                "pekko.remote.artery.canonical.port", 0,
                "pekko.actor.serialize-messages", "on"))
                .withFallback(journal)
                .withFallback(ConfigFactory.parseString(
                        "acd.routing.queues.relaxing.steps = [ { after = 1s, any-agent = true } ]"))));
        HttpServer server = HttpServer.start(node, "127.0.0.1", 0);
        port = server.ready().toCompletableFuture().get(120, TimeUnit.SECONDS).localAddress().getPort();
        api = new Client(port, node.access().adminKey().key());
    }

    @AfterAll
    static void stop() throws Exception {
        node.shutdown().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void eventsOutFollowAnInteractionAndItsMessagesOnThisJournal() throws Exception {
        // A skill no agent has: the other tests' agents must not take it.
        Client.Response created = api.post("/v1/interactions", "{\"channel\":\"chat\",\"queue\":\"nobody-serves\","
                + "\"skills\":{\"" + unique("unheard-of") + "\":1},\"customer\":{\"id\":\"c-events\"}}");
        String id = created.field("interactionId");
        try (EventStream events = new EventStream(port, api.key(), "after=0", null)) {
            assertEquals("nobody-serves", events.next(id, "interaction.queued").data().path("queue").asText());
            assertEquals(201, api.post("/v1/interactions/" + id + "/messages",
                    "{\"direction\":\"in\",\"text\":\"Anyone?\"}").status());
            assertEquals("Anyone?", events.next(id, "interaction.message").data().path("text").asText());
            assertEquals(200, api.post("/v1/interactions/" + id + "/abandon", "{}").status());
            events.next(id, "interaction.abandoned");
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String agent(String skillsJson, String capacityJson) {
        String id = unique("agent");
        assertEquals(200, api.put("/v1/agents/" + id,
                "{\"name\":\"Ala\",\"skills\":" + skillsJson + ",\"capacity\":" + capacityJson + "}").status());
        return id;
    }

    private static void available(String agentId) {
        assertEquals(200, api.post("/v1/agents/" + agentId + "/state", "{\"state\":\"available\"}").status());
    }

    private static String interaction(String channel, String queue, int priority, String skillsJson) {
        Client.Response created = api.post("/v1/interactions", "{\"channel\":\"" + channel + "\",\"queue\":\"" + queue
                + "\",\"priority\":" + priority + ",\"skills\":" + skillsJson + ",\"customer\":{\"id\":\"c-1\"}}");
        assertEquals(201, created.status(), created.body().toString());
        assertEquals("queued", created.field("status"));
        return created.field("interactionId");
    }

    private static JsonNode awaitStatus(String interactionId, String status) {
        await().atMost(Duration.ofSeconds(15)).until(() ->
                status.equals(api.get("/v1/interactions/" + interactionId).field("status")));
        return api.get("/v1/interactions/" + interactionId).body();
    }

    /** Tests share one node: a contact left waiting could reach another test's agent, so each cleans up. */
    private static void finish(String interactionId, String agentId) {
        String body = "{\"agentId\":\"" + agentId + "\"}";
        assertEquals(200, api.post("/v1/interactions/" + interactionId + "/accept", body).status());
        assertEquals(200, api.post("/v1/interactions/" + interactionId + "/complete", body).status());
        assertEquals(200, api.post("/v1/interactions/" + interactionId + "/wrap-up", body).status());
    }

    private static long storedEvents(String persistenceId) throws Exception {
        CurrentEventsByPersistenceIdQuery journal = PersistenceQuery.get(Adapter.toClassic(node.system()))
                .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class,
                        Journal.chosen(node.system().settings().config()).readJournalId());
        return journal.currentEventsByPersistenceId(persistenceId, 0, Long.MAX_VALUE)
                .runWith(Sink.fold(0L, (n, e) -> n + 1), node.system())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void healthAndTheOpenApiDocumentAreServed() {
        assertEquals(200, api.get("/health/ready").status());
        assertEquals(200, api.get("/health/alive").status());
        Client.Response openapi = api.get("/v1/openapi.json");
        assertEquals(200, openapi.status());
        for (String path : List.of("/v1/agents/{agentId}", "/v1/agents/{agentId}/state", "/v1/interactions",
                "/v1/interactions/{interactionId}", "/v1/interactions/{interactionId}/accept",
                "/v1/interactions/{interactionId}/wrap-up", "/v1/interactions/{interactionId}/abandon",
                "/v1/interactions/{interactionId}/messages", "/v1/events", "/v1/webhooks",
                "/v1/webhooks/{webhookId}/deliveries", "/v1/conversations/messages",
                "/v1/customers/{customerId}/interactions", "/v1/canned-replies/{name}", "/v1/channels/{channel}",
                "/v1/interactions/{interactionId}/attachments/{sha256}", "/v1/channels/sms/kannel",
                "/v1/channels/social/webhook")) {
            assertTrue(openapi.body().path("paths").has(path), path + " missing from the OpenAPI document");
        }
    }

    @Test
    void anAgentMovesBetweenStates() {
        String id = agent("{\"billing\":4}", "{\"voice\":1,\"chat\":3}");
        assertEquals(200, api.put("/v1/agents/" + id, "{\"name\":\"Ala\",\"skills\":{\"billing\":4},"
                + "\"capacity\":{\"voice\":1,\"chat\":3},\"groups\":[\"billing-tier1\"]}").status());
        JsonNode fresh = api.get("/v1/agents/" + id).body();
        assertEquals("billing-tier1", fresh.path("groups").get(0).asText());
        assertEquals("logged_out", fresh.path("state").asText());
        assertEquals(4, fresh.path("skills").path("billing").asInt());
        assertEquals(3, fresh.path("capacity").path("chat").asInt());

        available(id);
        Client.Response notReady = api.post("/v1/agents/" + id + "/state", "{\"state\":\"not_ready\",\"reason\":\"break\"}");
        assertEquals("not_ready", notReady.field("state"));
        assertEquals("break", notReady.field("reason"));
        assertEquals("logged_out", api.post("/v1/agents/" + id + "/state", "{\"state\":\"logged_out\"}").field("state"));
    }

    @Test
    void oneContactIsRoutedOfferedOverTheDesktopAcceptedCompletedAndWrappedUp() {
        String agentId = agent("{\"billing\":4}", "{\"chat\":1}");
        Client.Desktop desktop = api.desktop(agentId);
        assertEquals("logged_out", desktop.next("agent_state").path("state").asText());
        available(agentId);

        String id = interaction("chat", "billing", 5, "{\"billing\":3}");
        JsonNode offer = desktop.next("offer");
        assertEquals(id, offer.path("interactionId").asText());
        assertEquals("chat", offer.path("channel").asText());
        assertEquals("billing", offer.path("queue").asText());
        assertTrue(offer.hasNonNull("expiresAt"));
        assertEquals(agentId, awaitStatus(id, "offered").path("agentId").asText());

        desktop.send("{\"type\":\"accept\",\"interactionId\":\"" + id + "\"}");
        assertEquals("connected", desktop.next("ack").path("status").asText());
        Client.Response completed = api.post("/v1/interactions/" + id + "/complete", "{\"agentId\":\"" + agentId + "\"}");
        assertEquals("wrap_up", completed.field("status"));
        assertEquals("wrap_up", api.get("/v1/agents/" + agentId).body().path("interactions").get(0).path("phase").asText());

        desktop.send("{\"type\":\"wrap_up\",\"interactionId\":\"" + id + "\",\"disposition\":\"solved\"}");
        assertEquals("completed", desktop.next("ack").path("status").asText());
        assertEquals("completed", desktop.next("interaction_ended").path("status").asText());
        JsonNode done = api.get("/v1/interactions/" + id).body();
        assertEquals("solved", done.path("disposition").asText());
        assertTrue(done.hasNonNull("connectedAt") && done.hasNonNull("endedAt"));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/v1/agents/" + agentId).body().path("interactions").isEmpty());
        desktop.close();
    }

    @Test
    void theHighestPriorityQualifiedContactIsServedFirstAndTheUnqualifiedOneWaits() {
        String queue = unique("q");
        String skill = unique("skill");
        String low = interaction("voice", queue, 1, "{\"" + skill + "\":3}");
        String high = interaction("voice", queue, 7, "{\"" + skill + "\":3}");
        String expert = interaction("voice", queue, 9, "{\"" + skill + "\":5}");
        String agentId = agent("{\"" + skill + "\":3}", "{\"voice\":1}");

        available(agentId);

        awaitStatus(high, "offered");
        assertEquals("queued", api.get("/v1/interactions/" + low).field("status"));
        assertEquals("queued", api.get("/v1/interactions/" + expert).field("status"));
        assertEquals(1, api.get("/v1/agents/" + agentId).body().path("interactions").size());
    }

    @Test
    void aRejectedOfferReturnsToTheQueueWithItsQueuedAtAndAnUnansweredOneMakesTheAgentNotReady() {
        String skill = unique("skill");
        String agentId = agent("{\"" + skill + "\":1}", "{\"sms\":1}");
        String id = interaction("sms", "support", 0, "{\"" + skill + "\":1}");
        String queuedAt = api.get("/v1/interactions/" + id).field("queuedAt");
        available(agentId);
        awaitStatus(id, "offered");

        Client.Response rejected = api.post("/v1/interactions/" + id + "/reject", "{\"agentId\":\"" + agentId + "\"}");
        assertEquals(200, rejected.status());
        assertEquals(queuedAt, rejected.field("queuedAt"));
        assertEquals("available", api.get("/v1/agents/" + agentId).body().path("state").asText());

        // Offered again to the same (only) agent, who now lets it run out.
        JsonNode again = awaitStatus(id, "offered");
        assertEquals(queuedAt, again.path("queuedAt").asText());
        JsonNode requeued = awaitStatus(id, "queued");
        assertEquals(queuedAt, requeued.path("queuedAt").asText());
        JsonNode agentNow = api.get("/v1/agents/" + agentId).body();
        assertEquals("not_ready", agentNow.path("state").asText());
        assertEquals("missed_offer", agentNow.path("reason").asText());
        assertTrue(agentNow.path("interactions").isEmpty());
    }

    @Test
    void noAgentIsGivenMoreThanItsCapacityAndNoContactTwoAgents() {
        String skill = unique("skill");
        List<String> agents = List.of(agent("{\"" + skill + "\":1}", "{\"email\":2}"),
                agent("{\"" + skill + "\":1}", "{\"email\":2}"));
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            contacts.add(interaction("email", "mail", 0, "{\"" + skill + "\":1}"));
        }
        agents.forEach(ApiContract::available);

        await().atMost(Duration.ofSeconds(15)).until(() -> contacts.stream()
                .filter(c -> "offered".equals(api.get("/v1/interactions/" + c).field("status"))).count() == 4);
        List<String> holders = new ArrayList<>();
        for (String agentId : agents) {
            JsonNode held = api.get("/v1/agents/" + agentId).body().path("interactions");
            assertEquals(2, held.size(), "agent " + agentId + " holds " + held);
            held.forEach(h -> holders.add(h.path("interactionId").asText()));
        }
        assertEquals(4, holders.stream().distinct().count(), "a contact was held by two agents");
        for (String c : contacts) {
            JsonNode i = api.get("/v1/interactions/" + c).body();
            if ("offered".equals(i.path("status").asText())) {
                assertTrue(holders.contains(c));
            }
        }
    }

    @Test
    void theOfferSaysWhyItWentToThatAgent() {
        String skill = unique("skill");
        String first = agent("{\"" + skill + "\":2}", "{\"chat\":1}");
        String second = agent("{\"" + skill + "\":2}", "{\"chat\":1}");
        available(first);
        available(second);
        String id = interaction("chat", "billing", 3, "{\"" + skill + "\":1}");

        JsonNode routing = awaitStatus(id, "offered").path("routing");

        assertEquals("contact_arrived", routing.path("direction").asText());
        assertEquals("billing", routing.path("queue").asText());
        assertEquals("longest_idle", routing.path("strategy").asText());
        assertEquals(2, routing.path("candidates").asInt());
        assertEquals(second, routing.path("runnerUp").asText());
        assertTrue(routing.path("runnerUpLostOn").asText().startsWith("idle "), routing.toString());
    }

    @Test
    void excludedAgentsAreNeverOfferedTheContactAndAPreferredAgentGetsItFirst() {
        String skill = unique("skill");
        String ala = agent("{\"" + skill + "\":1}", "{\"chat\":1}");
        String bob = agent("{\"" + skill + "\":1}", "{\"chat\":1}");
        available(ala);
        available(bob);
        Client.Response excluding = api.post("/v1/interactions", "{\"channel\":\"chat\",\"queue\":\"q\","
                + "\"skills\":{\"" + skill + "\":1},\"excludedAgents\":[\"" + ala + "\"]}");
        assertEquals(201, excluding.status(), excluding.body().toString());
        assertEquals(bob, awaitStatus(excluding.field("interactionId"), "offered").path("agentId").asText());

        String until = java.time.Instant.now().plusSeconds(60).toString();
        Client.Response sticky = api.post("/v1/interactions", "{\"channel\":\"chat\",\"queue\":\"q\","
                + "\"skills\":{\"" + skill + "\":1},\"preferredAgent\":{\"id\":\"" + bob + "\",\"until\":\"" + until + "\"}}");
        assertEquals(201, sticky.status());
        assertEquals(bob, sticky.body().path("preferredAgent").path("id").asText());
        // Ala is free but Bob is preferred: the contact waits for Bob.
        assertEquals("queued", api.get("/v1/interactions/" + sticky.field("interactionId")).field("status"));
        String first = excluding.field("interactionId");
        api.post("/v1/interactions/" + first + "/accept", "{\"agentId\":\"" + bob + "\"}");
        api.post("/v1/interactions/" + first + "/complete", "{\"agentId\":\"" + bob + "\"}");
        api.post("/v1/interactions/" + first + "/wrap-up", "{\"agentId\":\"" + bob + "\"}");
        assertEquals(bob, awaitStatus(sticky.field("interactionId"), "offered").path("agentId").asText());

        assertBad(api.post("/v1/interactions", "{\"channel\":\"chat\",\"queue\":\"q\",\"preferredAgent\":{\"id\":\"x\",\"until\":\"soon\"}}"),
                400, "invalid_field");
        assertBad(api.post("/v1/interactions", "{\"channel\":\"chat\",\"queue\":\"q\",\"excludedAgents\":\"ala\"}"),
                400, "invalid_field");
    }

    @Test
    void aBullseyeStepLetsAnyAgentTakeAContactThatWaitedLongEnough() {
        String generalist = agent("{}", "{\"sms\":1}");
        String id = interaction("sms", "relaxing", 0, "{\"" + unique("rare") + "\":5}");
        available(generalist);

        JsonNode offered = awaitStatus(id, "offered");

        assertEquals(generalist, offered.path("agentId").asText());
        assertEquals(1, offered.path("routing").path("step").asInt());
        finish(id, generalist);
    }

    @Test
    void aQueuePolicySetOverTheApiAppliesToContactsAlreadyWaiting() {
        String queue = unique("queue");
        // Voice: other tests leave social and sms contacts waiting that any agent could take.
        String generalist = agent("{}", "{\"voice\":1}");
        available(generalist);
        String id = interaction("voice", queue, 0, "{\"" + unique("rare") + "\":5}");
        assertEquals("configuration", api.get("/v1/queues/" + queue).field("source"));
        assertEquals("queued", api.get("/v1/interactions/" + id).field("status"));

        Client.Response put = api.put("/v1/queues/" + queue, "{\"agingPerSecond\":0.5,\"weight\":2,"
                + "\"strategy\":\"most_skilled\",\"steps\":[{\"afterMs\":0,\"anyAgent\":true}]}");

        assertEquals(200, put.status(), put.body().toString());
        assertEquals("api", put.field("source"));
        assertEquals("most_skilled", put.field("strategy"));
        assertEquals(true, put.body().path("steps").get(0).path("anyAgent").asBoolean());
        assertEquals(generalist, awaitStatus(id, "offered").path("agentId").asText());
        finish(id, generalist);
        assertEquals(2.0, api.get("/v1/queues/" + queue).body().path("weight").asDouble());

        Client.Response grouped = api.put("/v1/queues/" + queue, "{\"groups\":[\"tier1\"],"
                + "\"steps\":[{\"afterMs\":30000,\"addGroups\":[\"tier2\"]}]}");
        assertEquals("tier1", grouped.body().path("groups").get(0).asText());
        assertEquals("tier2", grouped.body().path("steps").get(0).path("addGroups").get(0).asText());
        assertBad(api.put("/v1/queues/" + queue, "{\"groups\":\"tier1\"}"), 400, "invalid_field");
        assertBad(api.put("/v1/queues/" + queue, "{\"strategy\":\"fastest\"}"), 400, "invalid_field");
        assertBad(api.put("/v1/queues/" + queue, "{\"steps\":[{\"levelDrop\":1}]}"), 400, "invalid_field");
        assertBad(api.put("/v1/queues/" + queue, "{\"weight\":0}"), 400, "invalid_field");
        assertEquals("tier1", api.get("/v1/queues/" + queue).body().path("groups").get(0).asText());
    }

    @Test
    void anIdempotencyKeyMakesARetryCreateNothingNew() {
        String key = unique("key");
        String body = "{\"channel\":\"social\",\"queue\":\"" + unique("q") + "\",\"priority\":2}";
        Client.Response first = api.post("/v1/interactions", body, key);
        Client.Response retry = api.post("/v1/interactions", body, key);
        Client.Response misuse = api.post("/v1/interactions", body.replace("\"priority\":2", "\"priority\":3"), key);

        assertEquals(201, first.status());
        assertEquals(200, retry.status());
        assertEquals(first.field("interactionId"), retry.field("interactionId"));
        assertEquals(first.field("queuedAt"), retry.field("queuedAt"));
        assertEquals(409, misuse.status());
        assertEquals("idempotency_key_reused", misuse.field("error"));
        String another = api.post("/v1/interactions", body).field("interactionId");
        assertNotEquals(first.field("interactionId"), another);
        assertEquals("abandoned", api.post("/v1/interactions/" + first.field("interactionId") + "/abandon", "").field("status"));
        assertEquals("abandoned", api.post("/v1/interactions/" + another + "/abandon", "").field("status"));
    }

    @Test
    void badInputIsRefusedWithAReasonAndChangesNothing() throws Exception {
        String agentId = agent("{\"billing\":4}", "{\"chat\":1}");
        long agentEvents = storedEvents("Agent|" + agentId);

        assertBad(api.put("/v1/agents/" + agentId, "{\"name\":"), 400, "malformed_json");
        assertBad(api.put("/v1/agents/" + agentId, "{\"skills\":{}}"), 400, "invalid_field");
        assertBad(api.put("/v1/agents/" + agentId, "{\"name\":\"A\",\"skills\":{\"billing\":11}}"), 400, "invalid_field");
        assertBad(api.put("/v1/agents/" + agentId, "{\"name\":\"A\",\"capacity\":{\"fax\":1}}"), 400, "unknown_channel");
        assertBad(api.put("/v1/agents/" + agentId, "{\"name\":\"A\",\"capacity\":{\"chat\":-1}}"), 400, "invalid_field");
        assertBad(api.post("/v1/agents/" + agentId + "/state", "{\"state\":\"busy\"}"), 400, "invalid_field");
        assertBad(api.post("/v1/agents/" + agentId + "/state", "{\"state\":\"not_ready\"}"), 400, "invalid_field");
        assertBad(api.post("/v1/agents/nobody-" + UUID.randomUUID() + "/state", "{\"state\":\"available\"}"), 404, "not_found");
        assertEquals(agentEvents, storedEvents("Agent|" + agentId));

        assertBad(api.post("/v1/interactions", "[1,2]"), 400, "malformed_json");
        assertBad(api.post("/v1/interactions", "{\"channel\":\"fax\",\"queue\":\"q\"}"), 400, "unknown_channel");
        assertBad(api.post("/v1/interactions", "{\"channel\":\"chat\"}"), 400, "invalid_field");
        assertBad(api.post("/v1/interactions", "{\"channel\":\"chat\",\"queue\":\"q\",\"priority\":101}"), 400, "invalid_field");
        assertBad(api.post("/v1/interactions", "{\"channel\":\"chat\",\"queue\":\"q\",\"priority\":\"high\"}"), 400, "invalid_field");
        assertBad(api.get("/v1/interactions/" + UUID.randomUUID()), 404, "not_found");
        assertBad(api.get("/v1/agents/" + unique("nobody")), 404, "not_found");

        // A move the state does not allow, and another agent's offer.
        String skill = unique("skill");
        String holder = agent("{\"" + skill + "\":1}", "{\"chat\":1}");
        String id = interaction("chat", "q", 0, "{\"" + skill + "\":1}");
        available(holder);
        awaitStatus(id, "offered");
        long interactionEvents = storedEvents("Interaction|" + id);
        long holderEvents = storedEvents("Agent|" + holder);
        assertBad(api.post("/v1/interactions/" + id + "/accept", "{\"agentId\":\"" + agentId + "\"}"), 409, "not_your_offer");
        assertBad(api.post("/v1/interactions/" + id + "/complete", "{\"agentId\":\"" + holder + "\"}"), 409, "invalid_transition");
        assertBad(api.post("/v1/interactions/" + id + "/accept", "{}"), 400, "invalid_field");
        assertBad(api.post("/v1/agents/" + holder + "/state", "{\"state\":\"logged_out\"}"), 409, "agent_has_work");
        assertEquals(interactionEvents, storedEvents("Interaction|" + id));
        assertEquals(holderEvents, storedEvents("Agent|" + holder));
        assertEquals("offered", api.get("/v1/interactions/" + id).field("status"));
    }

    @Test
    void anUnknownAgentsDesktopIsRefused() {
        assertBad(api.get("/v1/agents/" + unique("nobody") + "/desktop"), 404, "not_found");
        assertBad(api.get("/v1/nothing-here"), 404, "not_found");
    }

    private static void assertBad(Client.Response response, int status, String code) {
        assertEquals(status, response.status(), response.body().toString());
        assertEquals(code, response.field("error"), response.body().toString());
        assertTrue(response.field("message") != null && !response.field("message").isBlank());
    }
}
