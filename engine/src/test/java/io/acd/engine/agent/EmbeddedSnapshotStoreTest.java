package io.acd.engine.agent;

import com.typesafe.config.ConfigFactory;
import io.acd.engine.Reply;
import io.acd.engine.TestPeers;
import io.acd.engine.interaction.InteractionStatus;
import io.acd.engine.node.EngineNode;
import io.acd.engine.routing.Channel;
import io.acd.engine.tenant.ScopedId;
import io.acd.persistence.journal.Journal;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The agent's snapshots in the journal a node really runs on (H2 through pekko-persistence-jdbc, with the
 * node's configuration): stored under the state's Kryo id, and enough, with the events after them, to
 * recover the agent even once the events before them are gone.
 */
class EmbeddedSnapshotStoreTest {

    @TempDir
    static Path data;
    private static ActorTestKit testKit;

    @BeforeAll
    static void start() throws Exception {
        testKit = ActorTestKit.create("embedded-snapshots", EngineNode.config(ConfigFactory.parseMap(Map.of(
                "acd.data-dir", data.toString(),
                "pekko.actor.provider", "local",
                "pekko.loglevel", "WARNING"))));
        var config = testKit.system().settings().config();
        Journal.chosen(config).prepare(testKit.system());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private final TestPeers peers = new TestPeers(testKit);

    private ActorRef<Agent.Command> spawnAgent() {
        return testKit.spawn(AgentEntity.create(ScopedId.inDefault("ala"), TestPeers.settings(Duration.ofSeconds(20), Duration.ZERO),
                peers, null, Clock.systemUTC()));
    }

    private AgentState.Registered ask(ActorRef<Agent.Command> agent,
                                      java.util.function.Function<ActorRef<Reply<AgentState.Registered>>,
                                              Agent.Command> command) {
        var probe = testKit.<Reply<AgentState.Registered>>createTestProbe();
        agent.tell(command.apply(probe.ref()));
        return (AgentState.Registered) assertInstanceOf(Reply.Ok.class, probe.receiveMessage()).value();
    }

    private static Connection journal() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + data + "/journal;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                "acd", "");
    }

    private static List<String> snapshots() throws SQLException {
        try (var connection = journal(); var query = connection.prepareStatement("SELECT \"sequence_number\","
                + " \"snapshot_ser_manifest\" FROM \"snapshot\" WHERE \"persistence_id\" = 'Agent|ala'")) {
            var rows = new ArrayList<String>();
            try (var result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getLong(1) + ":" + result.getString(2));
                }
            }
            return rows;
        }
    }

    @Test
    void anAgentRecoversFromItsStoredSnapshotAndTheEventsAfterIt() throws Exception {
        var agent = spawnAgent();
        ask(agent, r -> new Agent.UpsertProfile("Ala", Map.of("billing", 4), Map.of(Channel.CHAT, 1), Set.of(), r));
        ask(agent, r -> new Agent.ChangeStatus(AgentStatus.AVAILABLE, null, r));
        // Forty-nine contacts of two events each (reserved, released), and one more reserved: 2 + 98 + 1.
        for (int contact = 1; contact <= 50; contact++) {
            var id = "i" + contact;
            var reserved = testKit.<Agent.ReserveReply>createTestProbe();
            agent.tell(new Agent.Reserve(id, Channel.CHAT, "q", 0, reserved.ref()));
            assertInstanceOf(Agent.ReserveReply.Granted.class, reserved.receiveMessage());
            if (contact < 50) {
                agent.tell(new Agent.InteractionProgress(id, InteractionStatus.OFFERED, null, Instant.now()));
                agent.tell(new Agent.InteractionProgress(id, InteractionStatus.CONNECTED, null, null));
                agent.tell(new Agent.InteractionProgress(id, InteractionStatus.WRAP_UP, null, null));
                agent.tell(new Agent.InteractionProgress(id, InteractionStatus.COMPLETED, null, null));
            }
        }
        var before = ask(agent, Agent.Get::new);
        // The snapshot after event 100 is saved in the background; the state is the 307 Kryo id (Available).
        await().atMost(Duration.ofSeconds(10)).until(() -> snapshots().equals(List.of("100:307")));
        testKit.stop(agent);

        try (var connection = journal(); var delete = connection.prepareStatement("DELETE FROM \"event_journal\""
                + " WHERE \"persistence_id\" = 'Agent|ala' AND \"sequence_number\" <= 100")) {
            assertEquals(100, delete.executeUpdate());
        }
        var recovered = ask(spawnAgent(), Agent.Get::new);

        assertEquals(before, recovered);
        assertEquals(Set.of("i50"), recovered.holdings().keySet());
    }
}
