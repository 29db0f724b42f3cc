package io.acd.engine.agent;

import io.acd.engine.EngineTestKit;
import io.acd.engine.Reply;
import io.acd.engine.TestPeers;
import io.acd.engine.agent.Agent.ReserveRefusal;
import io.acd.engine.agent.Agent.ReserveReply;
import io.acd.engine.agent.AgentState.Available;
import io.acd.engine.agent.AgentState.LoggedOut;
import io.acd.engine.agent.AgentState.NotReady;
import io.acd.engine.agent.AgentState.Profile;
import io.acd.engine.agent.AgentState.Registered;
import io.acd.engine.interaction.Interaction.OfferFailure;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionStatus;
import io.acd.engine.router.Router;
import io.acd.engine.routing.Channel;
import io.acd.engine.tenant.ScopedId;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentTest {

    private static final ActorTestKit testKit = ActorTestKit.create(EngineTestKit.config());

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private final TestPeers peers = new TestPeers(testKit);
    private final String agentId = "agent-" + UUID.randomUUID();
    private final EventSourcedBehaviorTestKit<Agent.Command, Agent.Event, AgentState> kit =
            EventSourcedBehaviorTestKit.create(testKit.system(), AgentEntity.create(ScopedId.inDefault(agentId),
                    TestPeers.settings(Duration.ofSeconds(20), Duration.ZERO), peers, null, Clock.systemUTC()));

    private AgentState registered(Map<Channel, Integer> capacity) {
        kit.<Reply<Registered>>runCommand(r -> new Agent.UpsertProfile("Ala", Map.of("billing", 4), capacity,
                Set.of(), r));
        return kit.<Reply<Registered>>runCommand(r -> new Agent.ChangeStatus(AgentStatus.AVAILABLE, null, r)).state();
    }

    private Agent.ReserveReply reserve(String interactionId, Channel channel) {
        return kit.<Agent.ReserveReply>runCommand(r -> new Agent.Reserve(interactionId, channel, "q", 0, r)).reply();
    }

    private static String rejection(Reply<Registered> reply) {
        return assertInstanceOf(Reply.Rejected.class, reply).code();
    }

    /** The agent as clients see it, with the phases its holdings moved to. */
    private Registered seen() {
        return (Registered) assertInstanceOf(Reply.Ok.class,
                kit.<Reply<Registered>>runCommand(Agent.Get::new).reply()).value();
    }

    private static Registered registered(AgentState state) {
        return assertInstanceOf(Registered.class, state);
    }

    private static Available available(AgentState state) {
        return assertInstanceOf(Available.class, state);
    }

    @Test
    void aNewAgentStartsLoggedOutAndMovesBetweenStates() {
        var created = kit.<Reply<Registered>>runCommand(
                r -> new Agent.UpsertProfile("Ala", Map.of("billing", 4), Map.of(Channel.CHAT, 3), Set.of(), r));
        assertEquals(AgentStatus.LOGGED_OUT, created.state().status());

        assertEquals(AgentStatus.AVAILABLE, kit.<Reply<Registered>>runCommand(
                r -> new Agent.ChangeStatus(AgentStatus.AVAILABLE, null, r)).state().status());
        var notReady = kit.<Reply<Registered>>runCommand(
                r -> new Agent.ChangeStatus(AgentStatus.NOT_READY, "break", r));
        assertEquals(AgentStatus.NOT_READY, notReady.state().status());
        assertEquals("break", notReady.state().reason());
        assertEquals(AgentStatus.LOGGED_OUT, kit.<Reply<Registered>>runCommand(
                r -> new Agent.ChangeStatus(AgentStatus.LOGGED_OUT, null, r)).state().status());
    }

    @Test
    void anAvailableAgentIsAnnouncedToTheRouterAndAnUnavailableOneWithdrawn() {
        registered(Map.of(Channel.CHAT, 2));
        peers.routerProbe().expectMessageClass(Router.AgentUnavailable.class);
        Router.AgentAvailable available = peers.routerProbe().expectMessageClass(Router.AgentAvailable.class);
        assertEquals(2, available.agent().free(Channel.CHAT));

        kit.<Reply<Registered>>runCommand(r -> new Agent.ChangeStatus(AgentStatus.NOT_READY, "lunch", r));
        assertEquals(agentId, peers.routerProbe().expectMessageClass(Router.AgentUnavailable.class).agentId());
    }

    @Test
    void anUnknownAgentAnswersNotFoundAndStoresNothing() {
        var get = kit.<Reply<Registered>>runCommand(Agent.Get::new);
        var move = kit.<Reply<Registered>>runCommand(r -> new Agent.ChangeStatus(AgentStatus.AVAILABLE, null, r));
        assertInstanceOf(Reply.NotFound.class, get.reply());
        assertInstanceOf(Reply.NotFound.class, move.reply());
        assertTrue(get.hasNoEvents() && move.hasNoEvents());
    }

    @Test
    void reservationsNeverExceedTheCapacityOfAChannel() {
        registered(Map.of(Channel.CHAT, 2));

        assertTrue(reserve("i1", Channel.CHAT).reserved());
        assertTrue(reserve("i2", Channel.CHAT).reserved());
        var third = kit.<Agent.ReserveReply>runCommand(r -> new Agent.Reserve("i3", Channel.CHAT, "q", 0, r));
        var voice = kit.<Agent.ReserveReply>runCommand(r -> new Agent.Reserve("i4", Channel.VOICE, "q", 0, r));

        assertEquals("no_capacity", third.reply().reason());
        assertEquals("no_capacity", voice.reply().reason());
        assertTrue(third.hasNoEvents() && voice.hasNoEvents());
        assertEquals(2, kit.getState().used(Channel.CHAT));
    }

    @Test
    void anAgentThatIsNotAvailableIsNotReserved() {
        kit.<Reply<Registered>>runCommand(r -> new Agent.UpsertProfile("Ala", Map.of(), Map.of(Channel.CHAT, 2),
                Set.of(), r));
        kit.<Reply<Registered>>runCommand(r -> new Agent.ChangeStatus(AgentStatus.NOT_READY, "break", r));
        var reply = kit.<Agent.ReserveReply>runCommand(r -> new Agent.Reserve("i1", Channel.CHAT, "q", 0, r));
        assertFalse(reply.reply().reserved());
        assertEquals("not_available", reply.reply().reason());
        assertTrue(reply.hasNoEvents());
    }

    @Test
    void anAgentHoldingWorkCannotLogOut() {
        registered(Map.of(Channel.CHAT, 2));
        reserve("i1", Channel.CHAT);

        var logout = kit.<Reply<Registered>>runCommand(r -> new Agent.ChangeStatus(AgentStatus.LOGGED_OUT, null, r));

        assertEquals("agent_has_work", rejection(logout.reply()));
        assertTrue(logout.hasNoEvents());
    }

    @Test
    void theOfferIsPushedToTheDesktopAndAMissedOneMakesTheAgentNotReady() {
        registered(Map.of(Channel.VOICE, 1));
        TestProbe<Agent.DesktopEvent> desktop = testKit.createTestProbe(Agent.DesktopEvent.class);
        kit.runCommand(new Agent.AttachDesktop(desktop.ref()));
        desktop.expectMessageClass(Agent.DesktopAttached.class);
        desktop.expectMessageClass(Agent.StatusPushed.class);
        reserve("i1", Channel.VOICE);
        Instant expires = Instant.now().plusSeconds(20);

        kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.OFFERED, null, expires));
        Agent.OfferPushed offer = desktop.expectMessageClass(Agent.OfferPushed.class);
        assertEquals("i1", offer.interactionId());
        assertEquals(expires, offer.expiresAt());

        var missed = kit.runCommand(
                new Agent.InteractionProgress("i1", InteractionStatus.QUEUED, OfferFailure.MISSED, null));
        assertEquals(AgentStatus.NOT_READY, missed.state().status());
        assertEquals(OfferFailure.MISSED.code(), missed.state().reason());
        assertEquals(0, missed.state().used(Channel.VOICE));
        assertEquals("missed_offer", desktop.expectMessageClass(Agent.OfferRescinded.class).reason());
        assertEquals(AgentStatus.NOT_READY, desktop.expectMessageClass(Agent.StatusPushed.class).status());
    }

    @Test
    void aRejectedOfferFreesTheSlotAndTheAgentStaysAvailable() {
        registered(Map.of(Channel.VOICE, 1));
        reserve("i1", Channel.VOICE);
        kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.OFFERED, null, Instant.now()));

        var rejected = kit.runCommand(
                new Agent.InteractionProgress("i1", InteractionStatus.QUEUED, OfferFailure.REJECTED, null));

        assertEquals(AgentStatus.AVAILABLE, rejected.state().status());
        assertEquals(1, registered(rejected.state()).free(Channel.VOICE));
    }

    @Test
    void capacityIsHeldThroughWrapUpAndFreedWhenTheInteractionCompletes() {
        AgentState before = registered(Map.of(Channel.VOICE, 1));
        reserve("i1", Channel.VOICE);
        kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.OFFERED, null, Instant.now()));
        kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.CONNECTED, null, null));
        var wrapUp = kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.WRAP_UP, null, null));
        assertEquals(HoldingPhase.WRAP_UP, seen().holdings().get("i1").phase());
        assertEquals(0, registered(wrapUp.state()).free(Channel.VOICE));

        var done = kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.COMPLETED, null, null));

        assertEquals(1, registered(done.state()).free(Channel.VOICE));
        assertTrue(available(done.state()).idleSince().isAfter(available(before).idleSince()),
                "idle time restarts after work");
    }

    @Test
    void anOfferForASlotNoLongerHeldIsSentBack() {
        registered(Map.of(Channel.VOICE, 1));
        kit.runCommand(new Agent.InteractionProgress("stray", InteractionStatus.OFFERED, null, Instant.now()));
        Interaction.ReturnToQueue back = peers.interactionProbe("stray")
                .expectMessageClass(Interaction.ReturnToQueue.class);
        assertEquals(agentId, back.agentId());
    }

    @Test
    void afterARestartHeldInteractionsAreCheckedAndOnesNoLongerOursReleased() {
        registered(Map.of(Channel.CHAT, 2));
        reserve("i1", Channel.CHAT);
        reserve("i2", Channel.CHAT);
        kit.runCommand(new Agent.InteractionProgress("i2", InteractionStatus.OFFERED, null, Instant.now()));
        kit.runCommand(new Agent.InteractionProgress("i2", InteractionStatus.CONNECTED, null, null));

        kit.restart();

        assertEquals(2, kit.getState().used(Channel.CHAT));
        peers.interactionProbe("i1").expectMessageClass(Interaction.CheckHolder.class);
        peers.interactionProbe("i2").expectMessageClass(Interaction.CheckHolder.class);
        kit.runCommand(new Agent.HolderStatus("i1", InteractionStatus.QUEUED, null));
        kit.runCommand(new Agent.HolderStatus("i2", InteractionStatus.CONNECTED, agentId));
        assertEquals(1, kit.getState().used(Channel.CHAT));
        assertEquals(HoldingPhase.CONNECTED, seen().holdings().get("i2").phase());
    }

    // ---- refusals by phase -------------------------------------------------------------------------

    private ReserveRefusal refusalOf(ReserveReply reply) {
        return assertInstanceOf(ReserveReply.Refused.class, reply).refusal();
    }

    @Test
    void anUnregisteredAgentRefusesAReservationAsUnknown() {
        var reply = kit.<ReserveReply>runCommand(r -> new Agent.Reserve("i1", Channel.CHAT, "q", 0, r));

        assertEquals(ReserveRefusal.UNKNOWN_AGENT, refusalOf(reply.reply()));
        assertEquals("unknown_agent", reply.reply().reason());
        assertNull(reply.reply().agent());
        assertTrue(reply.hasNoEvents());
        assertEquals(agentId, peers.routerProbe().expectMessageClass(Router.AgentUnavailable.class).agentId());
    }

    @Test
    void onlyAnAvailableAgentIsReserved() {
        var loggedOut = kit.<Reply<Registered>>runCommand(r -> new Agent.UpsertProfile("Ala", Map.of(),
                Map.of(Channel.CHAT, 2), Set.of(), r));
        assertInstanceOf(LoggedOut.class, loggedOut.state());
        assertEquals(ReserveRefusal.NOT_AVAILABLE, refusalOf(reserve("i1", Channel.CHAT)));

        var notReady = kit.<Reply<Registered>>runCommand(r -> new Agent.ChangeStatus(AgentStatus.NOT_READY, "x", r));
        assertInstanceOf(NotReady.class, notReady.state());
        assertEquals(ReserveRefusal.NOT_AVAILABLE, refusalOf(reserve("i1", Channel.CHAT)));

        var available = kit.<Reply<Registered>>runCommand(r -> new Agent.ChangeStatus(AgentStatus.AVAILABLE, null, r));
        assertInstanceOf(Available.class, available.state());
        var granted = assertInstanceOf(ReserveReply.Granted.class, reserve("i1", Channel.CHAT));
        assertEquals(1, granted.agent().free(Channel.CHAT));
        assertEquals(ReserveRefusal.ALREADY_HOLDING, refusalOf(reserve("i1", Channel.CHAT)));
    }

    @Test
    void aLoggedInAgentHoldingWorkIsRefusedLogoutWithTheReasonTheApiShows() {
        registered(Map.of(Channel.CHAT, 2));
        reserve("i1", Channel.CHAT);
        kit.<Reply<Registered>>runCommand(r -> new Agent.ChangeStatus(AgentStatus.NOT_READY, "break", r));

        var logout = kit.<Reply<Registered>>runCommand(r -> new Agent.ChangeStatus(AgentStatus.LOGGED_OUT, null, r));

        var rejected = assertInstanceOf(Reply.Rejected.class, logout.reply());
        assertEquals(Agent.Refusal.AGENT_HAS_WORK, rejected.reason());
        assertEquals("Agent " + agentId + " holds 1 interaction(s); finish them (complete and wrap up) before"
                + " logging out, or go not_ready to stop receiving new ones", rejected.message());
        assertTrue(logout.hasNoEvents());
        assertInstanceOf(NotReady.class, kit.getState());
    }

    @Test
    void aNotReadyAgentKeepsWhatItHoldsAndFinishesIt() {
        registered(Map.of(Channel.CHAT, 2));
        reserve("i1", Channel.CHAT);
        kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.OFFERED, null, Instant.now()));
        kit.<Reply<Registered>>runCommand(r -> new Agent.ChangeStatus(AgentStatus.NOT_READY, "break", r));

        kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.CONNECTED, null, null));
        assertEquals(HoldingPhase.CONNECTED, seen().holdings().get("i1").phase());
        var done = kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.COMPLETED, null, null));

        var notReady = assertInstanceOf(NotReady.class, done.state());
        assertEquals(0, notReady.used(Channel.CHAT));
        assertEquals("break", notReady.reason());
    }

    // ---- snapshots ---------------------------------------------------------------------------------

    /** Takes one contact from reservation to its end: two events, reserved and released. */
    private void handle(String interactionId) {
        assertTrue(reserve(interactionId, Channel.CHAT).reserved());
        kit.runCommand(new Agent.InteractionProgress(interactionId, InteractionStatus.OFFERED, null, Instant.now()));
        kit.runCommand(new Agent.InteractionProgress(interactionId, InteractionStatus.CONNECTED, null, null));
        kit.runCommand(new Agent.InteractionProgress(interactionId, InteractionStatus.WRAP_UP, null, null));
        kit.runCommand(new Agent.InteractionProgress(interactionId, InteractionStatus.COMPLETED, null, null));
    }

    @Test
    void aSnapshotIsStoredEveryHundredEventsAndTheAgentRecoversFromIt() {
        var snapshots = kit.snapshotTestKit().orElseThrow();
        var persistenceId = "Agent|" + agentId;
        registered(Map.of(Channel.CHAT, 1));
        for (int contact = 1; contact < 49; contact++) {
            handle("i" + contact);
        }
        snapshots.expectNothingPersisted(persistenceId, Duration.ofMillis(100));
        // Event 99 is contact 49's reservation, stored with a snapshot only at 100, its release.
        assertTrue(reserve("i49", Channel.CHAT).reserved());
        kit.runCommand(new Agent.InteractionProgress("i49", InteractionStatus.OFFERED, null, Instant.now()));
        kit.runCommand(new Agent.InteractionProgress("i49", InteractionStatus.CONNECTED, null, null));
        snapshots.expectNothingPersisted(persistenceId, Duration.ofMillis(100));
        var atHundred = kit.runCommand(new Agent.InteractionProgress("i49", InteractionStatus.COMPLETED, null, null));
        assertEquals(atHundred.state(), snapshots.expectNextPersisted(persistenceId, atHundred.state()));
        assertTrue(reserve("i50", Channel.CHAT).reserved());
        AgentState before = kit.getState();

        kit.restart();

        assertEquals(before, kit.getState());
        assertEquals(List.of(100L), snapshots.persistedInStorage(persistenceId).stream()
                .map(snapshot -> snapshot.first().sequenceNr()).toList());
        assertEquals(101, kit.persistenceTestKit().persistedInStorage(persistenceId).size());
        peers.interactionProbe("i50").expectMessageClass(Interaction.CheckHolder.class);
    }

    @Test
    void aContactCostsTheAgentTwoStoredEventsAndItsPhasesAreLearnedAgainAfterARestart() {
        registered(Map.of(Channel.CHAT, 1));
        var reserved = kit.<ReserveReply>runCommand(r -> new Agent.Reserve("i1", Channel.CHAT, "q", 0, r));
        assertEquals(1, reserved.events().size());
        for (var status : List.of(InteractionStatus.OFFERED, InteractionStatus.CONNECTED, InteractionStatus.WRAP_UP)) {
            assertTrue(kit.runCommand(new Agent.InteractionProgress("i1", status, null, Instant.now())).hasNoEvents(),
                    status + " is the interaction's to store");
        }
        assertEquals(HoldingPhase.WRAP_UP, seen().holdings().get("i1").phase());

        kit.restart();
        assertEquals(HoldingPhase.RESERVED, seen().holdings().get("i1").phase(), "not known until asked");
        peers.interactionProbe("i1").expectMessageClass(Interaction.CheckHolder.class);
        kit.runCommand(new Agent.HolderStatus("i1", InteractionStatus.WRAP_UP, agentId));
        assertEquals(HoldingPhase.WRAP_UP, seen().holdings().get("i1").phase());

        var released = kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.COMPLETED, null, null));
        assertEquals(List.of(Agent.Released.class), released.events().stream().map(Object::getClass).toList());
        assertEquals(1, registered(released.state()).free(Channel.CHAT));
    }

    @Test
    void anOfferPastItsExpiryIsCheckedSoThatAnInteractionWhoseNodeDiedEndsIt() {
        registered(Map.of(Channel.CHAT, 1));
        reserve("i1", Channel.CHAT);
        kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.OFFERED, null,
                Instant.now().minusSeconds(60)));
        peers.interactionProbe("i1").expectNoMessage(Duration.ofMillis(100));

        kit.runCommand(new Agent.Reregister());

        assertEquals(agentId, peers.interactionProbe("i1").expectMessageClass(Interaction.CheckHolder.class).agentId());
    }

    @Test
    void aContactConnectedForAWhileIsAskedAboutAndReleasedWhenItEndedUnannounced() {
        registered(Map.of(Channel.VOICE, 1));
        reserve("i1", Channel.VOICE);
        kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.OFFERED, null, Instant.now().plusSeconds(20)));
        kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.CONNECTED, null, null));
        kit.runCommand(new Agent.Reregister());
        peers.interactionProbe("i1").expectNoMessage(Duration.ofMillis(200));

        // A held-check interval later (zero in these settings); its "completed" was lost with a node.
        kit.runCommand(new Agent.Reregister());
        assertEquals(agentId, peers.interactionProbe("i1").expectMessageClass(Interaction.CheckHolder.class).agentId());
        var released = kit.runCommand(new Agent.HolderStatus("i1", InteractionStatus.COMPLETED, agentId));

        assertEquals(List.of(Agent.Released.class), released.events().stream().map(Object::getClass).toList());
        assertEquals(1, registered(released.state()).free(Channel.VOICE));
    }

    @Test
    void aContactStillConnectedStaysHeldWhenAskedAbout() {
        registered(Map.of(Channel.VOICE, 1));
        reserve("i1", Channel.VOICE);
        kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.OFFERED, null, Instant.now().plusSeconds(20)));
        kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.CONNECTED, null, null));
        kit.runCommand(new Agent.Reregister());
        kit.runCommand(new Agent.Reregister());
        peers.interactionProbe("i1").expectMessageClass(Interaction.CheckHolder.class);

        assertTrue(kit.runCommand(new Agent.HolderStatus("i1", InteractionStatus.CONNECTED, agentId)).hasNoEvents());
        assertEquals(HoldingPhase.CONNECTED, seen().holdings().get("i1").phase());
    }

    @Test
    void anOfferStillRunningIsNotChecked() {
        registered(Map.of(Channel.CHAT, 1));
        reserve("i1", Channel.CHAT);
        kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.OFFERED, null,
                Instant.now().plusSeconds(20)));

        kit.runCommand(new Agent.Reregister());

        peers.interactionProbe("i1").expectNoMessage(Duration.ofMillis(300));
    }

    @Test
    void aPhaseLearnedForAnEarlierOfferDoesNotClingToTheNextReservationOfTheSameContact() {
        registered(Map.of(Channel.CHAT, 1));
        reserve("i1", Channel.CHAT);
        kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.OFFERED, null, Instant.now()));
        kit.runCommand(new Agent.InteractionProgress("i1", InteractionStatus.QUEUED, OfferFailure.REJECTED, null));

        reserve("i1", Channel.CHAT);

        assertEquals(HoldingPhase.RESERVED, seen().holdings().get("i1").phase());
        // A bare reservation is the router's to give back.
        kit.runCommand(new Agent.Release("i1", "offer_failed"));
        assertEquals(1, registered(kit.getState()).free(Channel.CHAT));
    }

    @Test
    void anAgentRecoversFromASnapshotPlusTheEventsStoredAfterIt() {
        var at = Instant.parse("2026-11-24T10:00:00Z");
        var profile = new Profile("Ala", Map.of("billing", 4), Map.of(Channel.CHAT, 2), Set.of("tier1"));
        var held = new Agent.Holding("i1", Channel.CHAT, "q", 0, HoldingPhase.CONNECTED, at, null);
        // Nothing in the journal made this state: only the snapshot holds the profile and i1.
        var snapshot = new Available(agentId, profile, null, at, at, Map.of("i1", held));

        kit.initialize(snapshot, new Agent.Reserved("i2", Channel.CHAT, "q", 3, at.plusSeconds(5)),
                new Agent.HoldingChanged("i2", HoldingPhase.OFFERED, at.plusSeconds(25), at.plusSeconds(6)));

        var recovered = available(kit.getState());
        assertEquals(profile, recovered.profile());
        assertEquals(Set.of("i1", "i2"), recovered.holdings().keySet());
        assertEquals(HoldingPhase.OFFERED, recovered.holdings().get("i2").phase());
        assertEquals(0, recovered.free(Channel.CHAT));
        peers.interactionProbe("i1").expectMessageClass(Interaction.CheckHolder.class);
        peers.interactionProbe("i2").expectMessageClass(Interaction.CheckHolder.class);
        Router.AgentAvailable announced = peers.routerProbe().expectMessageClass(Router.AgentAvailable.class);
        assertEquals(0, announced.agent().free(Channel.CHAT));
    }
}
