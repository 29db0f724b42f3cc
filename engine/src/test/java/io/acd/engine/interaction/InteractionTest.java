package io.acd.engine.interaction;

import io.acd.engine.EngineSettings;
import io.acd.engine.EngineTestKit;
import io.acd.engine.Reply;
import io.acd.engine.TestPeers;
import io.acd.engine.agent.Agent;
import io.acd.engine.interaction.Interaction.OfferFailure;
import io.acd.engine.interaction.InteractionState.Existing;
import io.acd.engine.router.Router;
import io.acd.engine.routing.Channel;
import io.acd.engine.tenant.ScopedId;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteractionTest {

    private static final ActorTestKit testKit = ActorTestKit.create(EngineTestKit.config());

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private final TestPeers peers = new TestPeers(testKit);
    private final String id = UUID.randomUUID().toString();

    private EventSourcedBehaviorTestKit<Interaction.Command, Interaction.Event, InteractionState> entity(
            EngineSettings settings) {
        return EventSourcedBehaviorTestKit.create(testKit.system(),
                InteractionEntity.create(ScopedId.inDefault(id), settings, peers, null, Clock.systemUTC()));
    }

    private EventSourcedBehaviorTestKit<Interaction.Command, Interaction.Event, InteractionState> entity() {
        return entity(TestPeers.settings(Duration.ofMinutes(1), Duration.ZERO));
    }

    private static CommandResultWithReply<Interaction.Command, Interaction.Event, InteractionState, Reply<Existing>>
    create(EventSourcedBehaviorTestKit<Interaction.Command, Interaction.Event, InteractionState> kit,
           String fingerprint) {
        return kit.<Reply<Existing>>runCommand(r -> new Interaction.Create(Channel.CHAT, "billing", 5,
                Map.of("billing", 3), "c-17", fingerprint, Interaction.RoutingWishes.NONE, r));
    }

    private static Existing ok(Reply<Existing> reply) {
        return (Existing) assertInstanceOf(Reply.Ok.class, reply).value();
    }

    private static Existing existing(InteractionState state) {
        return assertInstanceOf(Existing.class, state);
    }

    private static String rejection(Reply<Existing> reply) {
        return assertInstanceOf(Reply.Rejected.class, reply).code();
    }

    @Test
    void createPersistsOneEventQueuedFromItsTimeAndRegistersWithTheRouter() {
        var kit = entity();
        var result = create(kit, "f1");

        assertEquals(1, result.events().size(), "one journal write per create");
        var created = assertInstanceOf(Interaction.Created.class, result.events().get(0));
        assertEquals(created.at(), existing(result.state()).contact().queuedAt());
        assertTrue(assertInstanceOf(Reply.Ok.class, result.reply()).created());
        assertEquals(InteractionStatus.QUEUED, existing(result.state()).status());
        Router.Enqueue enqueue = peers.routerProbe().expectMessageClass(Router.Enqueue.class);
        assertEquals(id, enqueue.contact().interactionId());
        assertEquals(existing(result.state()).contact().queuedAt(), enqueue.contact().queuedAt());
        assertEquals(Map.of("billing", 3), enqueue.contact().skills());
    }

    @Test
    void aRetriedCreateChangesNothingAndAReusedKeyIsRefused() {
        var kit = entity();
        var first = create(kit, "f1").state();

        var retry = create(kit, "f1");
        assertTrue(retry.hasNoEvents());
        Reply.Ok<?> okReply = assertInstanceOf(Reply.Ok.class, retry.reply());
        assertEquals(false, okReply.created());
        assertEquals(first, okReply.value());

        var reused = create(kit, "another body");
        assertTrue(reused.hasNoEvents());
        assertEquals("idempotency_key_reused", rejection(reused.reply()));
    }

    @Test
    void anInteractionIsOfferedToOneAgentOnly() {
        var kit = entity();
        create(kit, "f");

        var first = kit.<Reply<Existing>>runCommand(r -> new Interaction.Offer("ala", null, r));
        var second = kit.<Reply<Existing>>runCommand(r -> new Interaction.Offer("bob", null, r));

        assertEquals(InteractionStatus.OFFERED, ok(first.reply()).status());
        assertEquals("not_queued", rejection(second.reply()));
        assertTrue(second.hasNoEvents());
        assertEquals("ala", existing(kit.getState()).agentId());
        Agent.InteractionProgress told = peers.agentProbe("ala").expectMessageClass(Agent.InteractionProgress.class);
        assertEquals(InteractionStatus.OFFERED, told.status());
        assertEquals(existing(kit.getState()).offerExpiresAt(), told.offerExpiresAt());
    }

    @Test
    void aJournalFromBeforeCreatedAloneQueuedStillReplaysIntoTheQueueAtItsCreateTime() {
        var kit = entity();
        var at = java.time.Instant.parse("2026-11-02T10:00:00Z");
        kit.initialize(new Interaction.Created(id, Channel.CHAT, "billing", 5, Map.of("billing", 3), "c-17", "f1",
                at, Interaction.RoutingWishes.NONE, null), new Interaction.Queued(at));

        var state = existing(kit.restart().state());

        assertEquals(InteractionStatus.QUEUED, state.status());
        assertEquals(at, state.contact().queuedAt());
    }

    @Test
    void aRejectedOfferGoesBackToTheQueueWithItsOriginalQueuedAt() {
        var kit = entity();
        var created = existing(create(kit, "f").state());
        peers.routerProbe().expectMessageClass(Router.Enqueue.class);
        kit.<Reply<Existing>>runCommand(r -> new Interaction.Offer("ala", null, r));

        var rejected = kit.<Reply<Existing>>runCommand(r -> new Interaction.Reject("ala", r));

        Existing state = ok(rejected.reply());
        assertEquals(InteractionStatus.QUEUED, state.status());
        assertEquals(created.contact().queuedAt(), state.contact().queuedAt());
        assertNull(state.agentId());
        assertEquals(created.contact().queuedAt(),
                peers.routerProbe().expectMessageClass(Router.Enqueue.class).contact().queuedAt());
        peers.agentProbe("ala").expectMessageClass(Agent.InteractionProgress.class);
        Agent.InteractionProgress released = peers.agentProbe("ala").expectMessageClass(Agent.InteractionProgress.class);
        assertEquals(InteractionStatus.QUEUED, released.status());
        assertEquals("rejected", released.failure().code());
    }

    @Test
    void onlyTheAgentOfferedCanAcceptOrReject() {
        var kit = entity();
        create(kit, "f");
        kit.<Reply<Existing>>runCommand(r -> new Interaction.Offer("ala", null, r));

        var accept = kit.<Reply<Existing>>runCommand(r -> new Interaction.Accept("bob", r));
        var reject = kit.<Reply<Existing>>runCommand(r -> new Interaction.Reject("bob", r));

        assertEquals("not_your_offer", rejection(accept.reply()));
        assertEquals("not_your_offer", rejection(reject.reply()));
        assertTrue(accept.hasNoEvents() && reject.hasNoEvents());
        assertEquals(InteractionStatus.OFFERED, existing(kit.getState()).status());
    }

    @Test
    void anUnansweredOfferRunsOutAndTheAgentIsToldItMissedIt() {
        var kit = entity(TestPeers.settings(Duration.ofMillis(300), Duration.ZERO));
        var created = existing(create(kit, "f").state());
        kit.<Reply<Existing>>runCommand(r -> new Interaction.Offer("ala", null, r));
        peers.agentProbe("ala").expectMessageClass(Agent.InteractionProgress.class);

        Agent.InteractionProgress missed = peers.agentProbe("ala")
                .expectMessageClass(Agent.InteractionProgress.class, Duration.ofSeconds(5));

        assertEquals(InteractionStatus.QUEUED, missed.status());
        assertEquals(OfferFailure.MISSED, missed.failure());
        assertEquals(InteractionStatus.QUEUED, existing(kit.getState()).status());
        assertEquals(created.contact().queuedAt(), existing(kit.getState()).contact().queuedAt());
    }

    @Test
    void anOfferStillRunsOutAfterARestart() {
        var kit = entity(TestPeers.settings(Duration.ofMillis(500), Duration.ZERO));
        create(kit, "f");
        kit.<Reply<Existing>>runCommand(r -> new Interaction.Offer("ala", null, r));
        peers.agentProbe("ala").expectMessageClass(Agent.InteractionProgress.class);

        kit.restart();

        assertEquals(InteractionStatus.OFFERED, existing(kit.getState()).status());
        Agent.InteractionProgress missed = peers.agentProbe("ala")
                .expectMessageClass(Agent.InteractionProgress.class, Duration.ofSeconds(5));
        assertEquals(OfferFailure.MISSED, missed.failure());
    }

    @Test
    void theFullLifecycleEndsCompletedAndFreesTheAgent() {
        var kit = entity();
        create(kit, "f");
        kit.<Reply<Existing>>runCommand(r -> new Interaction.Offer("ala", null, r));

        assertEquals(InteractionStatus.CONNECTED,
                ok(kit.<Reply<Existing>>runCommand(r -> new Interaction.Accept("ala", r)).reply()).status());
        assertEquals("not_your_interaction",
                rejection(kit.<Reply<Existing>>runCommand(r -> new Interaction.Complete("bob", r)).reply()));
        assertEquals("invalid_transition", rejection(kit.<Reply<Existing>>runCommand(
                r -> new Interaction.WrapUp("ala", "solved", null, r)).reply()));
        assertEquals(InteractionStatus.WRAP_UP,
                ok(kit.<Reply<Existing>>runCommand(r -> new Interaction.Complete("ala", r)).reply()).status());
        Existing done = ok(kit.<Reply<Existing>>runCommand(
                r -> new Interaction.WrapUp("ala", "solved", "refund issued", r)).reply());

        assertEquals(InteractionStatus.COMPLETED, done.status());
        assertEquals("solved", done.disposition());
        assertTrue(done.connectedAt() != null && done.wrapUpAt() != null && done.endedAt() != null);
        List<InteractionStatus> told = peers.agentProbe("ala").receiveSeveralMessages(4).stream()
                .map(m -> ((Agent.InteractionProgress) m).status()).toList();
        assertEquals(List.of(InteractionStatus.OFFERED, InteractionStatus.CONNECTED, InteractionStatus.WRAP_UP,
                InteractionStatus.COMPLETED), told);
    }

    @Test
    void aWrapUpLimitEndsWrapUpOnItsOwn() {
        var kit = entity(TestPeers.settings(Duration.ofMinutes(1), Duration.ofMillis(300)));
        create(kit, "f");
        kit.<Reply<Existing>>runCommand(r -> new Interaction.Offer("ala", null, r));
        kit.<Reply<Existing>>runCommand(r -> new Interaction.Accept("ala", r));
        kit.<Reply<Existing>>runCommand(r -> new Interaction.Complete("ala", r));

        peers.agentProbe("ala").fishForMessage(Duration.ofSeconds(5), m ->
                m instanceof Agent.InteractionProgress p && p.status() == InteractionStatus.COMPLETED
                        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());

        assertEquals(InteractionStatus.COMPLETED, existing(kit.getState()).status());
        assertEquals("wrap_up_limit", existing(kit.getState()).disposition());
    }

    @Test
    void aQueuedInteractionCanBeAbandoned() {
        var kit = entity();
        create(kit, "f");
        peers.routerProbe().expectMessageClass(Router.Enqueue.class);

        Existing abandoned = ok(kit.<Reply<Existing>>runCommand(Interaction.Abandon::new).reply());

        assertEquals(InteractionStatus.ABANDONED, abandoned.status());
        assertEquals(id, peers.routerProbe().expectMessageClass(Router.Withdraw.class).interactionId());
    }

    @Test
    void aConnectedInteractionCannotBeAbandoned() {
        var kit = entity();
        create(kit, "f");
        kit.<Reply<Existing>>runCommand(r -> new Interaction.Offer("ala", null, r));
        kit.<Reply<Existing>>runCommand(r -> new Interaction.Accept("ala", r));

        var abandon = kit.<Reply<Existing>>runCommand(Interaction.Abandon::new);

        assertEquals("invalid_transition", rejection(abandon.reply()));
        assertTrue(abandon.hasNoEvents());
        assertEquals(InteractionStatus.CONNECTED, existing(kit.getState()).status());
    }

    @Test
    void anAbandonedOfferIsTakenBackFromTheAgent() {
        var kit = entity();
        create(kit, "f");
        kit.<Reply<Existing>>runCommand(r -> new Interaction.Offer("ala", null, r));
        kit.<Reply<Existing>>runCommand(Interaction.Abandon::new);

        peers.agentProbe("ala").expectMessageClass(Agent.InteractionProgress.class);
        assertEquals(InteractionStatus.ABANDONED,
                peers.agentProbe("ala").expectMessageClass(Agent.InteractionProgress.class).status());
    }

    @Test
    void anUnknownInteractionAnswersNotFoundAndStoresNothing() {
        var kit = entity();
        var get = kit.<Reply<Existing>>runCommand(Interaction.Get::new);
        var accept = kit.<Reply<Existing>>runCommand(r -> new Interaction.Accept("ala", r));

        assertInstanceOf(Reply.NotFound.class, get.reply());
        assertInstanceOf(Reply.NotFound.class, accept.reply());
        assertTrue(get.hasNoEvents() && accept.hasNoEvents());
    }

    @Test
    void aQueuedInteractionRegistersAgainAfterARestart() {
        var kit = entity();
        var created = existing(create(kit, "f").state());
        peers.routerProbe().expectMessageClass(Router.Enqueue.class);

        kit.restart();

        assertEquals(created.contact().queuedAt(),
                peers.routerProbe().expectMessageClass(Router.Enqueue.class).contact().queuedAt());
    }
}
