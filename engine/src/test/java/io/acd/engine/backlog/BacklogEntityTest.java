package io.acd.engine.backlog;

import com.typesafe.config.ConfigFactory;
import io.acd.engine.EngineSettings;
import io.acd.engine.Reply;
import io.acd.engine.TestPeers;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionEntity;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.node.EngineNode;
import io.acd.engine.router.Router;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.RoutingConfig;
import io.acd.engine.routing.WaitingContact;
import io.acd.engine.tenant.ScopedId;
import io.acd.persistence.journal.Journal;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Backlogs on the embedded journal, following the real tagged events of real interaction entities: what a
 * starting router is told, after the backlog itself restarted too.
 */
class BacklogEntityTest {

    @TempDir
    static Path data;
    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("backlogs", EngineNode.config(ConfigFactory.parseMap(Map.of(
                "acd.data-dir", data.toString(),
                "jdbc-read-journal.refresh-interval", "100ms",
                "pekko.actor.provider", "local",
                "pekko.loglevel", "WARNING"))));
        Journal.EMBEDDED.prepare(testKit.system());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private final TestPeers peers = new TestPeers(testKit);
    /** A domain of its own per test: its backlogs' journals and tags are the test's alone. */
    private final EngineSettings settings = new EngineSettings(Duration.ofSeconds(20), Duration.ZERO,
            Duration.ofHours(1), Duration.ofHours(1), Duration.ZERO, Duration.ofSeconds(3), "d" + UUID.randomUUID().toString().substring(0, 8),
            4, RoutingConfig.defaults());

    private ActorRef<Interaction.Command> interaction(String id) {
        return testKit.spawn(InteractionEntity.create(ScopedId.inDefault(id), settings, peers, null, Clock.systemUTC()));
    }

    private Instant create(ActorRef<Interaction.Command> interaction, String id) {
        var reply = testKit.<Reply<InteractionState.Existing>>createTestProbe();
        interaction.tell(new Interaction.Create(Channel.CHAT, "billing", 3, Map.of("billing", 2), "c-" + id, "f",
                Interaction.RoutingWishes.NONE, reply.ref()));
        var ok = assertInstanceOf(Reply.Ok.class, reply.receiveMessage());
        return ((InteractionState.Existing) ok.value()).contact().queuedAt();
    }

    private void tell(ActorRef<Interaction.Command> interaction,
                      java.util.function.Function<ActorRef<Reply<InteractionState.Existing>>, Interaction.Command> command) {
        var reply = testKit.<Reply<InteractionState.Existing>>createTestProbe();
        interaction.tell(command.apply(reply.ref()));
        assertInstanceOf(Reply.Ok.class, reply.receiveMessage());
    }

    private List<ActorRef<Backlog.Command>> backlogs(BacklogSettings backlogSettings) {
        List<ActorRef<Backlog.Command>> backlogs = new ArrayList<>();
        for (int slice = 0; slice < settings.tagSlices(); slice++) {
            backlogs.add(testKit.spawn(BacklogEntity.create(settings.eventTag(slice), settings.routingDomain(),
                    backlogSettings, Journal.EMBEDDED.readJournalId(), peers, Clock.systemUTC())));
        }
        return backlogs;
    }

    /** What a router asking every slice would be told: contact id to its queue time. */
    private static Map<String, Instant> queued(List<ActorRef<Backlog.Command>> backlogs) {
        TestProbe<Backlog.Queued> probe = testKit.createTestProbe();
        Map<String, Instant> queued = new HashMap<>();
        for (var backlog : backlogs) {
            backlog.tell(new Backlog.GetQueued(probe.ref()));
            for (WaitingContact contact : probe.receiveMessage(Duration.ofSeconds(10)).contacts()) {
                queued.put(contact.interactionId(), contact.queuedAt());
            }
        }
        return queued;
    }

    private static BacklogSettings quick(Duration catchUp, Duration sweep) {
        return new BacklogSettings(Duration.ofMillis(200), 100, catchUp, sweep);
    }

    @Test
    void aStartingRouterIsToldTheQueuedContactsWithTheirQueueTimesAlsoAfterTheBacklogRestarted() {
        var waiting = interaction("i-waiting");
        Instant waitingSince = create(waiting, "waiting");
        var offered = interaction("i-offered");
        Instant offeredSince = create(offered, "offered");
        tell(offered, r -> new Interaction.Offer("ala", null, r));
        var abandoned = interaction("i-abandoned");
        create(abandoned, "abandoned");
        tell(abandoned, Interaction.Abandon::new);

        var backlogs = backlogs(quick(Duration.ZERO, Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(15)).until(() -> queued(backlogs).equals(Map.of("i-waiting", waitingSince)));

        backlogs.forEach(testKit::stop);
        // Created while no backlog ran: the restarted backlogs read it from where they had stored.
        var late = interaction("i-late");
        Instant lateSince = create(late, "late");
        tell(offered, r -> new Interaction.Reject("ala", r));
        var restarted = backlogs(quick(Duration.ZERO, Duration.ofHours(1)));

        await().atMost(Duration.ofSeconds(15)).until(() -> queued(restarted).size() == 3);
        var after = queued(restarted);
        assertEquals(waitingSince, after.get("i-waiting"));
        assertEquals(lateSince, after.get("i-late"));
        assertEquals(offeredSince, after.get("i-offered"), "the rejected offer put it back in line, in its old place");
    }

    @Test
    void whileCatchingUpAfterItsStartABacklogHandsTheRouterWhatItReadsAsQueued() {
        var contact = interaction("i-1");
        Instant since = create(contact, "1");

        backlogs(quick(Duration.ofSeconds(30), Duration.ofHours(1)));

        Router.Backlogged handed = nextBacklogged(Duration.ofSeconds(15));
        assertEquals(List.of("i-1"), handed.contacts().stream().map(WaitingContact::interactionId).toList());
        assertEquals(since, handed.contacts().get(0).queuedAt());
    }

    @Test
    void aContactQueuedForLongIsHandedToTheRouterAtEverySweepUntilItLeavesTheQueue() {
        var contact = interaction("i-long");
        create(contact, "long");
        backlogs(quick(Duration.ZERO, Duration.ofSeconds(1)));

        Router.Backlogged swept = nextBacklogged(Duration.ofSeconds(15));
        assertEquals(List.of("i-long"), swept.contacts().stream().map(WaitingContact::interactionId).toList());

        tell(contact, Interaction.Abandon::new);
        // Once the backlog has read the abandon, sweeps (every second) carry nothing more.
        await().atMost(Duration.ofSeconds(15)).until(() -> noBackloggedFor(Duration.ofMillis(2500)));
    }

    /** The router's next Backlogged, past what the interactions tell it (Enqueue, Withdraw). */
    private Router.Backlogged nextBacklogged(Duration within) {
        var fished = peers.routerProbe().fishForMessage(within, m -> m instanceof Router.Backlogged
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        return (Router.Backlogged) fished.get(fished.size() - 1);
    }

    private boolean noBackloggedFor(Duration window) {
        long until = System.nanoTime() + window.toNanos();
        try {
            for (long left = window.toNanos(); left > 0; left = until - System.nanoTime()) {
                if (peers.routerProbe().receiveMessage(Duration.ofNanos(left)) instanceof Router.Backlogged) {
                    return false;
                }
            }
        } catch (AssertionError nothingWithinTheWindow) {
            return true;
        }
        return true;
    }
}
