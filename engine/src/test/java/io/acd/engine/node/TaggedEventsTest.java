package io.acd.engine.node;

import com.typesafe.config.ConfigFactory;
import io.acd.engine.EngineSettings;
import io.acd.engine.Reply;
import io.acd.engine.TestPeers;
import io.acd.engine.agent.Agent;
import io.acd.engine.agent.AgentEntity;
import io.acd.engine.agent.AgentState;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionEntity;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.routing.Channel;
import io.acd.engine.tenant.ScopedId;
import io.acd.persistence.journal.Journal;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Events are stored with their domain's tags in the journal a node runs on, so that a projection reading the
 * tags through Pekko's query API gets each entity's events, in order, from one slice.
 */
class TaggedEventsTest {

    @TempDir
    static Path data;
    private static ActorTestKit testKit;
    private static JdbcReadJournal readJournal;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("tagged-events", EngineNode.config(ConfigFactory.parseMap(Map.of(
                "acd.data-dir", data.toString(),
                "pekko.actor.provider", "local",
                "pekko.loglevel", "WARNING"))));
        var config = testKit.system().settings().config();
        Journal.chosen(config).prepare(testKit.system());
        readJournal = PersistenceQuery.get(testKit.system())
                .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private final EngineSettings settings = TestPeers.settings(Duration.ofSeconds(20), Duration.ZERO);
    private final TestPeers peers = new TestPeers(testKit);

    @Test
    void aProjectionReadsEachEntitysEventsInOrderFromItsDomainsSlice() throws Exception {
        var interaction = testKit.spawn(InteractionEntity.create(ScopedId.inDefault("i-1"), settings, peers, null, Clock.systemUTC()));
        var created = testKit.<Reply<InteractionState.Existing>>createTestProbe();
        interaction.tell(new Interaction.Create(Channel.CHAT, "billing", 5, Map.of(), "c-17", "f",
                Interaction.RoutingWishes.NONE, created.ref()));
        assertInstanceOf(Reply.Ok.class, created.receiveMessage());
        interaction.tell(new Interaction.Abandon(created.ref()));
        assertInstanceOf(Reply.Ok.class, created.receiveMessage());
        var agent = testKit.spawn(AgentEntity.create(ScopedId.inDefault("ala"), settings, peers, null, Clock.systemUTC()));
        var profiled = testKit.<Reply<AgentState.Registered>>createTestProbe();
        agent.tell(new Agent.UpsertProfile("Ala", Map.of(), Map.of(Channel.CHAT, 1), Set.of(), profiled.ref()));
        assertInstanceOf(Reply.Ok.class, profiled.receiveMessage());

        List<String> interactionEvents = new ArrayList<>();
        List<String> agentEvents = new ArrayList<>();
        List<String> tagsOfInteraction = new ArrayList<>();
        for (int slice = 0; slice < settings.tagSlices(); slice++) {
            String tag = settings.eventTag(slice);
            for (EventEnvelope e : events(tag)) {
                String name = e.event().getClass().getSimpleName();
                if (e.persistenceId().equals("Interaction|i-1")) {
                    interactionEvents.add(name);
                    tagsOfInteraction.add(tag);
                } else if (e.persistenceId().equals("Agent|ala")) {
                    agentEvents.add(name);
                }
            }
        }

        assertEquals(List.of("Created", "Abandoned"), interactionEvents);
        assertEquals(List.of("ProfileUpdated"), agentEvents);
        assertEquals(List.copyOf(settings.eventTags("Interaction|i-1")), tagsOfInteraction.subList(0, 1));
        assertEquals(1, Set.copyOf(tagsOfInteraction).size(), "an entity's events share one slice");
    }

    private static List<EventEnvelope> events(String tag) throws Exception {
        return readJournal.currentEventsByTag(tag, Offset.noOffset())
                .runWith(Sink.seq(), testKit.system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
