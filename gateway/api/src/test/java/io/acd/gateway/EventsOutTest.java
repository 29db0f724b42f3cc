package io.acd.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Events out as Server-Sent Events: what a CRM following a tenant sees, resumed after a disconnect with
 * {@code Last-Event-ID} without a gap or a repeat, and never another tenant's.
 */
class EventsOutTest {

    private static TestNode node;
    private static Client admin;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(Map.of("acd.routing.start-delay", "0s"));
        admin = node.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    private static String create(Client client, String queue) {
        Client.Response created = client.post("/v1/interactions", "{\"channel\":\"email\",\"queue\":\"" + queue
                + "\",\"customer\":{\"id\":\"c-1\"}}");
        assertEquals(201, created.status(), created.toString());
        return created.field("interactionId");
    }

    @Test
    void aReaderThatResumesWithLastEventIdMissesNothingAndSeesNothingTwice() throws Exception {
        String first = create(admin, "events");
        List<EventStream.Sse> seen = new ArrayList<>();
        try (EventStream stream = new EventStream(node.port(), admin.key(), "after=0", null)) {
            assertEquals(200, stream.status);
            EventStream.Sse queued = stream.next(first, "interaction.queued");
            assertEquals("events", queued.data().path("queue").asText());
            assertEquals("c-1", queued.data().path("customerId").asText());
            assertEquals(queued.data().path("eventId").asText(), "interaction:" + first + ":1");
            assertEquals(200, admin.post("/v1/interactions/" + first + "/abandon", "{}").status());
            EventStream.Sse abandoned = stream.next(first, "interaction.abandoned");
            assertTrue(abandoned.id() > queued.id());
            seen.add(abandoned);
        }
        // While disconnected, more happens.
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            later.add(create(admin, "events"));
        }
        long resumeAfter = seen.get(seen.size() - 1).id();
        Set<String> laterQueued = new HashSet<>();
        List<Long> positions = new ArrayList<>();
        try (EventStream resumed = new EventStream(node.port(), admin.key(), null, Long.toString(resumeAfter))) {
            while (laterQueued.size() < later.size()) {
                EventStream.Sse event = resumed.next();
                positions.add(event.id());
                assertFalse(event.data().path("interactionId").asText().equals(first)
                        && event.type().equals("interaction.abandoned"), "seen before the disconnect: " + event);
                if (event.type().equals("interaction.queued")) {
                    assertTrue(laterQueued.add(event.data().path("interactionId").asText()), "twice: " + event);
                }
            }
        }
        assertEquals(Set.copyOf(later), laterQueued);
        assertTrue(positions.get(0) > resumeAfter);
        for (int i = 1; i < positions.size(); i++) {
            assertTrue(positions.get(i) > positions.get(i - 1), "in order of position: " + positions);
        }
    }

    @Test
    void aTenantSeesItsOwnEventsOnly() throws Exception {
        assertEquals(201, admin.put("/v1/tenants/globex", "").status());
        Client globex = admin.withKey(admin.post("/v1/keys", "{\"role\":\"gateway\",\"tenant\":\"globex\"}")
                .field("key"));
        String theirs = create(globex, "events");
        String ours = create(admin, "events");
        try (EventStream mine = new EventStream(node.port(), admin.key(), "after=0&types=interaction.queued", null);
             EventStream their = new EventStream(node.port(), globex.key(), "after=0", null)) {
            assertEquals("interaction.queued", their.next(theirs, "interaction.queued").type());
            mine.next(ours, "interaction.queued");
            String last = create(admin, "events");
            String theirLast = create(globex, "events");
            // Everything the default tenant's reader gets up to its last interaction is its own.
            for (EventStream.Sse event = mine.next(); ; event = mine.next()) {
                assertFalse(Set.of(theirs, theirLast).contains(event.data().path("interactionId").asText()),
                        "another tenant's event: " + event);
                assertEquals("interaction.queued", event.type(), "only the types asked for");
                if (event.data().path("interactionId").asText().equals(last)) {
                    break;
                }
            }
            for (EventStream.Sse event = their.next(); ; event = their.next()) {
                assertFalse(Set.of(ours, last).contains(event.data().path("interactionId").asText()),
                        "another tenant's event: " + event);
                if (event.data().path("interactionId").asText().equals(theirLast)) {
                    break;
                }
            }
        }
    }

    @Test
    void anAgentKeyAndABadPositionAreRefused() throws Exception {
        assertEquals(200, admin.put("/v1/agents/reader", "{\"name\":\"R\",\"skills\":{},\"capacity\":{}}").status());
        String agentKey = admin.post("/v1/keys", "{\"role\":\"agent\",\"agentId\":\"reader\"}").field("key");
        assertEquals(403, admin.withKey(agentKey).get("/v1/events").status());
        Client.Response bad = admin.send("GET", "/v1/events", null, "Last-Event-ID", "yesterday");
        assertEquals(400, bad.status());
        assertEquals("invalid_field", bad.field("error"));
    }
}
