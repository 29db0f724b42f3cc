package io.acd.engine.router;

import io.acd.engine.EngineTestKit;
import io.acd.engine.Reply;
import io.acd.engine.TestPeers;
import io.acd.engine.agent.Agent;
import io.acd.engine.backlog.Backlog;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.RoutingConfig;
import io.acd.engine.routing.WaitingContact;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RouterTest {

    private static final ActorTestKit testKit = ActorTestKit.create(EngineTestKit.config());
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final Duration QUIET = Duration.ofMillis(300);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private final TestPeers peers = new TestPeers(testKit);
    private final ActorRef<Router.Command> router = testKit.spawn(Router.create(
            TestPeers.settings(Duration.ofSeconds(20), Duration.ZERO), RoutingConfig.defaults(), peers,
            Clock.systemUTC()));

    private static WaitingContact contact(String id, int priority, int queuedSecond, Map<String, Integer> skills) {
        return new WaitingContact(id, Channel.CHAT, "q", priority, skills, T0.plusSeconds(queuedSecond));
    }

    private static AgentCandidate agent(String id, Map<String, Integer> skills, int freeChatSlots) {
        return new AgentCandidate(id, skills, Map.of(Channel.CHAT, 3), Map.of(Channel.CHAT, 3 - freeChatSlots), T0);
    }

    @Test
    void theReservationIsTwoPhaseAgentFirstThenInteraction() {
        router.tell(new Router.Enqueue(contact("low", 1, 0, Map.of())));
        router.tell(new Router.Enqueue(contact("high", 9, 30, Map.of())));
        router.tell(new Router.AgentAvailable(agent("ala", Map.of(), 1)));

        Agent.Reserve reserve = peers.agentProbe("ala").expectMessageClass(Agent.Reserve.class);
        assertEquals("high", reserve.interactionId());
        reserve.replyTo().tell(new Agent.ReserveReply.Granted("ala", "high", agent("ala", Map.of(), 0)));

        Interaction.Offer offer = peers.interactionProbe("high").expectMessageClass(Interaction.Offer.class);
        assertEquals("ala", offer.agentId());
        offer.replyTo().tell(Reply.ok(null));

        // The offer's answer reaches the router through an ask adapter: wait for it, with a bound.
        await().atMost(Duration.ofSeconds(5)).until(() -> stats().matched() == 1);
        assertEquals(1, stats().waiting());
    }

    @Test
    void aStartingRouterAsksEverySliceOfItsBacklogAndRoutesWhatItIsToldLongestWaitingFirst() {
        var asked = new java.util.ArrayList<Backlog.GetQueued>();
        for (int slice = 0; slice < 4; slice++) {
            asked.add(peers.backlogProbe().expectMessageClass(Backlog.GetQueued.class));
        }
        // Contacts whose interactions run nowhere now: only the backlog knows them.
        asked.get(0).replyTo().tell(new Backlog.Queued("default-0", List.of(contact("newer", 0, 50, Map.of()))));
        asked.get(3).replyTo().tell(new Backlog.Queued("default-3", List.of(contact("older", 0, 10, Map.of()))));
        await().atMost(Duration.ofSeconds(5)).until(() -> stats().waiting() == 2);

        router.tell(new Router.AgentAvailable(agent("ala", Map.of(), 1)));

        assertEquals("older", peers.agentProbe("ala").expectMessageClass(Agent.Reserve.class).interactionId());
    }

    @Test
    void aContactOfferedLatelyIsNotFiledAgainFromABacklogThatHasNotReadTheOfferYet() {
        router.tell(new Router.AgentAvailable(agent("ala", Map.of(), 1)));
        router.tell(new Router.Enqueue(contact("c1", 0, 1, Map.of())));
        Agent.Reserve reserve = peers.agentProbe("ala").expectMessageClass(Agent.Reserve.class);
        reserve.replyTo().tell(new Agent.ReserveReply.Granted("ala", "c1", agent("ala", Map.of(), 0)));
        peers.interactionProbe("c1").expectMessageClass(Interaction.Offer.class).replyTo().tell(Reply.ok(null));
        await().atMost(Duration.ofSeconds(5)).until(() -> stats().matched() == 1);

        router.tell(new Router.Backlogged(List.of(contact("c1", 0, 1, Map.of()), contact("c2", 0, 2, Map.of()))));

        await().atMost(Duration.ofSeconds(5)).until(() -> stats().waiting() == 1);
        router.tell(new Router.AgentAvailable(agent("bob", Map.of(), 1)));
        assertEquals("c2", peers.agentProbe("bob").expectMessageClass(Agent.Reserve.class).interactionId());
    }

    @Test
    void anAgentHasAtMostOneReservationInFlight() {
        router.tell(new Router.Enqueue(contact("c1", 0, 1, Map.of())));
        router.tell(new Router.Enqueue(contact("c2", 0, 2, Map.of())));
        router.tell(new Router.AgentAvailable(agent("ala", Map.of(), 3)));

        Agent.Reserve first = peers.agentProbe("ala").expectMessageClass(Agent.Reserve.class);
        peers.agentProbe("ala").expectNoMessage(QUIET);
        first.replyTo().tell(new Agent.ReserveReply.Granted("ala", first.interactionId(), agent("ala", Map.of(), 2)));

        assertEquals("c2", peers.agentProbe("ala").expectMessageClass(Agent.Reserve.class).interactionId());
    }

    @Test
    void aRefusedReservationPutsTheContactBackForTheNextAgent() {
        router.tell(new Router.AgentAvailable(agent("ala", Map.of(), 1)));
        router.tell(new Router.Enqueue(contact("c1", 0, 1, Map.of())));
        Agent.Reserve refused = peers.agentProbe("ala").expectMessageClass(Agent.Reserve.class);
        refused.replyTo().tell(new Agent.ReserveReply.Refused("ala", "c1", Agent.ReserveRefusal.NOT_AVAILABLE, null));

        router.tell(new Router.AgentAvailable(agent("bob", Map.of(), 1)));

        assertEquals("c1", peers.agentProbe("bob").expectMessageClass(Agent.Reserve.class).interactionId());
    }

    @Test
    void anOfferTheInteractionRefusesGivesTheSlotBack() {
        router.tell(new Router.AgentAvailable(agent("ala", Map.of(), 1)));
        router.tell(new Router.Enqueue(contact("c1", 0, 1, Map.of())));
        Agent.Reserve reserve = peers.agentProbe("ala").expectMessageClass(Agent.Reserve.class);
        reserve.replyTo().tell(new Agent.ReserveReply.Granted("ala", "c1", agent("ala", Map.of(), 0)));
        Interaction.Offer offer = peers.interactionProbe("c1").expectMessageClass(Interaction.Offer.class);

        offer.replyTo().tell(Reply.rejected(Interaction.Refusal.NOT_QUEUED, "abandoned meanwhile"));

        assertEquals("c1", peers.agentProbe("ala").expectMessageClass(Agent.Release.class).interactionId());
    }

    @Test
    void anAgentWithoutTheSkillIsNeverReserved() {
        router.tell(new Router.Enqueue(contact("c1", 0, 1, Map.of("lang.fr", 2))));
        router.tell(new Router.AgentAvailable(agent("ala", Map.of("lang.fr", 1), 1)));
        peers.agentProbe("ala").expectNoMessage(QUIET);

        router.tell(new Router.AgentAvailable(agent("bob", Map.of("lang.fr", 2), 1)));
        assertEquals("c1", peers.agentProbe("bob").expectMessageClass(Agent.Reserve.class).interactionId());
    }

    @Test
    void aWithdrawnContactOrAnUnavailableAgentLeavesTheIndex() {
        router.tell(new Router.Enqueue(contact("c1", 0, 1, Map.of())));
        router.tell(new Router.Withdraw("c1"));
        router.tell(new Router.AgentAvailable(agent("ala", Map.of(), 1)));
        router.tell(new Router.AgentUnavailable("ala"));
        router.tell(new Router.Enqueue(contact("c2", 0, 2, Map.of())));

        Router.Stats stats = stats();
        assertEquals(1, stats.waiting());
        assertEquals(0, stats.availableAgents());
        peers.agentProbe("ala").expectNoMessage(QUIET);
    }

    private Router.Stats stats() {
        TestProbe<Router.Stats> probe = testKit.createTestProbe(Router.Stats.class);
        router.tell(new Router.GetStats(probe.ref()));
        return probe.receiveMessage();
    }
}
