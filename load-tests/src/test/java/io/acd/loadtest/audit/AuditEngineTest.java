package io.acd.loadtest.audit;

import com.typesafe.config.ConfigFactory;
import io.acd.engine.node.EngineNode;
import io.acd.gateway.Client;
import io.acd.gateway.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The audit on a journal a real engine wrote: a node on a temporary data directory, driven over its API. */
class AuditEngineTest {

    private static final String CONTACT = "{\"channel\":\"chat\",\"queue\":\"billing\",\"priority\":5,"
            + "\"skills\":{\"billing\":3},\"customer\":{\"id\":\"c-1\"}}";

    @Test
    void aJournalTheEngineWroteHasNoViolations(@TempDir Path data) throws Exception {
        EngineNode node = EngineNode.start(EngineNode.config(ConfigFactory.parseMap(Map.of(
                "acd.data-dir", data.toString(),
                "acd.routing.start-delay", "0s",
                "pekko.loglevel", "WARNING",
                "pekko.remote.artery.canonical.port", 0))));
        List<String> created = new ArrayList<>();
        try {
            int port = HttpServer.start(node, "127.0.0.1", 0).ready()
                    .toCompletableFuture().get(2, TimeUnit.MINUTES).localAddress().getPort();
            Client api = new Client(port, node.access().adminKey().key());
            String agent = "{\"agentId\":\"ala\"}";
            assertEquals(200, api.put("/v1/agents/ala",
                    "{\"name\":\"Ala\",\"skills\":{\"billing\":4},\"capacity\":{\"chat\":1}}").status());
            assertEquals(200, api.post("/v1/agents/ala/state", "{\"state\":\"available\"}").status());

            for (int i = 0; i < 2; i++) {
                String id = create(api, created);
                awaitStatus(api, id, "offered");
                assertEquals(200, api.post("/v1/interactions/" + id + "/accept", agent).status());
                assertEquals(200, api.post("/v1/interactions/" + id + "/complete", agent).status());
                assertEquals(200, api.post("/v1/interactions/" + id + "/wrap-up", agent).status());
                awaitNothingHeld(api);
            }
            // The customer leaves while the contact is offered: the agent must give the slot back.
            String left = create(api, created);
            awaitStatus(api, left, "offered");
            assertEquals("abandoned", api.post("/v1/interactions/" + left + "/abandon", "").field("status"));
            awaitNothingHeld(api);
        } finally {
            node.shutdown().toCompletableFuture().get(1, TimeUnit.MINUTES);
        }
        Path acknowledged = Files.write(data.resolveSibling(data.getFileName() + "-acknowledged.txt"), created);

        AuditRun run = AuditRun.of("--data-dir", data.toString(), "--acknowledged", acknowledged.toString(),
                "--require-finished", "--format", "json");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(0, run.json().path("violations").asLong(), run::toString);
        assertEquals(3, run.count("readable", "interactions"));
        assertEquals(1, run.count("readable", "agents"));
        assertEquals(3, run.check("acknowledged-exist").path("checked").asLong());
        assertEquals(3, run.count("acknowledged-exist", "found"));
        assertEquals(3, run.count("no-double-offer", "offers"));
        assertEquals(2, run.count("agent-record", "acceptances"));
        assertEquals(0, run.count("agent-record", "heldAtEnd"));
        assertEquals(3, run.check("capacity").path("checked").asLong());
        assertEquals(3, run.check("queue-time").path("checked").asLong());
        assertEquals(2, run.count("finished", "completed"));
        assertEquals(1, run.count("finished", "abandoned"));
        assertEquals(0, run.count("finished", "live"));
    }

    private static String create(Client api, List<String> created) {
        Client.Response response = api.post("/v1/interactions", CONTACT);
        assertEquals(201, response.status(), response.body().toString());
        String id = response.field("interactionId");
        created.add(id);
        return id;
    }

    private static void awaitStatus(Client api, String id, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                status.equals(api.get("/v1/interactions/" + id).field("status")));
    }

    /** The agent's release follows the interaction's end; the journal is audited once both are stored. */
    private static void awaitNothingHeld(Client api) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/v1/agents/ala").body().path("interactions").isEmpty());
    }
}
