package io.acd.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key over its rate is told to wait (429, Retry-After) and its request changes nothing; other keys go on. */
class RateLimitTest {

    private static TestNode node;
    private static Client admin;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(Map.of(
                "acd.http.security.rate-limit.per-second", 0.2,
                "acd.http.security.rate-limit.burst", 3));
        admin = node.admin();
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    @Test
    void theRequestBeyondTheBurstWaitsAndChangesNothing() {
        Client.Response created = admin.post("/v1/keys", "{\"role\":\"supervisor\"}");
        assertEquals(201, created.status());
        Client supervisor = admin.withKey(created.field("key"));
        for (int i = 0; i < 3; i++) {
            assertEquals(404, supervisor.get("/v1/agents/nobody").status(), "request " + (i + 1) + " of the burst");
        }
        Client.Response limited = supervisor.put("/v1/agents/late",
                "{\"name\":\"Late\",\"skills\":{},\"capacity\":{\"chat\":1}}");
        assertEquals(429, limited.status(), limited.toString());
        assertEquals("rate_limited", limited.field("error"));
        assertNotNull(limited.header("Retry-After"));
        assertTrue(Long.parseLong(limited.header("Retry-After")) >= 1);
        assertEquals(404, admin.get("/v1/agents/late").status(), "the refused PUT created nothing");

        Client.Response other = admin.post("/v1/keys", "{\"role\":\"gateway\"}");
        assertEquals(201, other.status(), "another key has its own rate");
    }
}
