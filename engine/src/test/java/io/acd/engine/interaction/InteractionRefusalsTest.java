package io.acd.engine.interaction;

import io.acd.engine.EngineTestKit;
import io.acd.engine.Reply;
import io.acd.engine.TestPeers;
import io.acd.engine.interaction.Interaction.Refusal;
import io.acd.engine.interaction.InteractionState.Existing;
import io.acd.engine.routing.Channel;
import io.acd.engine.tenant.ScopedId;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every phase refuses what it does not allow with a typed {@link Refusal}, the message the API shows, and
 * no event: the phase stays as it was.
 */
class InteractionRefusalsTest {

    private static final ActorTestKit testKit = ActorTestKit.create(EngineTestKit.config());

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private final TestPeers peers = new TestPeers(testKit);
    private final String id = UUID.randomUUID().toString();
    private final EventSourcedBehaviorTestKit<Interaction.Command, Interaction.Event, InteractionState> kit =
            EventSourcedBehaviorTestKit.create(testKit.system(), InteractionEntity.create(ScopedId.inDefault(id),
                    TestPeers.settings(Duration.ofMinutes(1), Duration.ZERO), peers, null, Clock.systemUTC()));

    private Reply<Existing> run(Function<ActorRef<Reply<Existing>>, Interaction.Command> command) {
        return kit.<Reply<Existing>>runCommand(command::apply).reply();
    }

    private Existing ok(Function<ActorRef<Reply<Existing>>, Interaction.Command> command) {
        return (Existing) assertInstanceOf(Reply.Ok.class, run(command)).value();
    }

    private void refused(Function<ActorRef<Reply<Existing>>, Interaction.Command> command, Refusal why,
                         String message) {
        var before = kit.getState();
        var result = kit.<Reply<Existing>>runCommand(command::apply);
        var rejected = assertInstanceOf(Reply.Rejected.class, result.reply());
        assertEquals(why, rejected.reason());
        assertEquals(why.code(), rejected.code());
        assertEquals(message, rejected.message());
        assertTrue(result.hasNoEvents(), message);
        assertEquals(before, result.state());
    }

    private void queued() {
        ok(r -> new Interaction.Create(Channel.CHAT, "billing", 5, Map.of(), null, "f",
                Interaction.RoutingWishes.NONE, r));
    }

    private void offered() {
        queued();
        ok(r -> new Interaction.Offer("ala", null, r));
    }

    private void connected() {
        offered();
        ok(r -> new Interaction.Accept("ala", r));
    }

    private void inWrapUp() {
        connected();
        ok(r -> new Interaction.Complete("ala", r));
    }

    private String cannot(String action, String phase, String required) {
        return "Cannot " + action + " interaction " + id + ": it is " + phase + ", not " + required;
    }

    private String notAbandoned(String phase) {
        return "Interaction " + id + " is " + phase + "; only a queued or offered interaction can be abandoned";
    }

    @Test
    void beforeItIsCreatedAnInteractionIsNotFoundAndCannotBeOffered() {
        refused(r -> new Interaction.Offer("ala", null, r), Refusal.NOT_QUEUED,
                "Interaction " + id + " is unknown, not queued");
        List<Function<ActorRef<Reply<Existing>>, Interaction.Command>> answeredNotFound = List.of(
                Interaction.Get::new, r -> new Interaction.Accept("ala", r), r -> new Interaction.Reject("ala", r),
                r -> new Interaction.Complete("ala", r), r -> new Interaction.WrapUp("ala", "x", null, r),
                Interaction.Abandon::new);
        for (var command : answeredNotFound) {
            var result = kit.<Reply<Existing>>runCommand(command::apply);
            assertEquals("No interaction " + id, assertInstanceOf(Reply.NotFound.class, result.reply()).message());
            assertTrue(result.hasNoEvents());
        }
        assertInstanceOf(InteractionState.NotCreated.class, kit.getState());
    }

    @Test
    void aQueuedInteractionCanOnlyBeOfferedOrAbandoned() {
        queued();
        assertInstanceOf(InteractionState.InQueue.class, kit.getState());

        refused(r -> new Interaction.Accept("ala", r), Refusal.INVALID_TRANSITION,
                cannot("accept", "queued", "offered"));
        refused(r -> new Interaction.Reject("ala", r), Refusal.INVALID_TRANSITION,
                cannot("reject", "queued", "offered"));
        refused(r -> new Interaction.Complete("ala", r), Refusal.INVALID_TRANSITION,
                cannot("complete", "queued", "connected"));
        refused(r -> new Interaction.WrapUp("ala", "solved", null, r), Refusal.INVALID_TRANSITION,
                cannot("wrap up", "queued", "wrap_up"));
        refused(r -> new Interaction.Create(Channel.VOICE, "sales", 1, Map.of(), null, "another", null, r),
                Refusal.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key already created interaction " + id
                        + " from a different request; use a new key for a new interaction");
    }

    @Test
    void anOfferedInteractionTakesAnswersOnlyFromItsAgent() {
        offered();
        assertInstanceOf(InteractionState.OnOffer.class, kit.getState());

        refused(r -> new Interaction.Offer("bob", null, r), Refusal.NOT_QUEUED,
                "Interaction " + id + " is offered, not queued");
        refused(r -> new Interaction.Accept("bob", r), Refusal.NOT_YOUR_OFFER,
                "Interaction " + id + " is offered to another agent, not to bob");
        refused(r -> new Interaction.Reject("bob", r), Refusal.NOT_YOUR_OFFER,
                "Interaction " + id + " is offered to another agent, not to bob");
        refused(r -> new Interaction.Complete("ala", r), Refusal.INVALID_TRANSITION,
                cannot("complete", "offered", "connected"));
        refused(r -> new Interaction.WrapUp("ala", "solved", null, r), Refusal.INVALID_TRANSITION,
                cannot("wrap up", "offered", "wrap_up"));
    }

    @Test
    void aConnectedInteractionCanOnlyBeCompletedByItsAgent() {
        connected();
        assertInstanceOf(InteractionState.Connected.class, kit.getState());

        refused(r -> new Interaction.Offer("bob", null, r), Refusal.NOT_QUEUED,
                "Interaction " + id + " is connected, not queued");
        refused(r -> new Interaction.Accept("ala", r), Refusal.INVALID_TRANSITION,
                cannot("accept", "connected", "offered"));
        refused(r -> new Interaction.Reject("ala", r), Refusal.INVALID_TRANSITION,
                cannot("reject", "connected", "offered"));
        refused(r -> new Interaction.Complete("bob", r), Refusal.NOT_YOUR_INTERACTION,
                "Interaction " + id + " is handled by another agent, not by bob");
        refused(r -> new Interaction.WrapUp("ala", "solved", null, r), Refusal.INVALID_TRANSITION,
                cannot("wrap up", "connected", "wrap_up"));
        refused(Interaction.Abandon::new, Refusal.INVALID_TRANSITION, notAbandoned("connected"));
    }

    @Test
    void anInteractionInWrapUpCanOnlyBeWrappedUpByItsAgent() {
        inWrapUp();
        assertInstanceOf(InteractionState.InWrapUp.class, kit.getState());

        refused(r -> new Interaction.Accept("ala", r), Refusal.INVALID_TRANSITION,
                cannot("accept", "wrap_up", "offered"));
        refused(r -> new Interaction.Complete("ala", r), Refusal.INVALID_TRANSITION,
                cannot("complete", "wrap_up", "connected"));
        refused(r -> new Interaction.WrapUp("bob", "solved", null, r), Refusal.NOT_YOUR_INTERACTION,
                "Interaction " + id + " is handled by another agent, not by bob");
        refused(Interaction.Abandon::new, Refusal.INVALID_TRANSITION, notAbandoned("wrap_up"));
    }

    @Test
    void aHandledInteractionOnlyAnswersWhatItWas() {
        inWrapUp();
        ok(r -> new Interaction.WrapUp("ala", "solved", null, r));
        var handled = assertInstanceOf(InteractionState.Handled.class, kit.getState());
        assertEquals(handled, ok(Interaction.Get::new));

        refusedOnceEnded("completed");
    }

    @Test
    void anInteractionTheCustomerLeftOnlyAnswersWhatItWas() {
        offered();
        ok(Interaction.Abandon::new);
        var left = assertInstanceOf(InteractionState.CustomerLeft.class, kit.getState());
        assertEquals(InteractionStatus.ABANDONED, left.status());
        assertTrue(left.offeredAt() != null && left.agentId() == null && left.decision() == null);

        refusedOnceEnded("abandoned");
    }

    private void refusedOnceEnded(String phase) {
        refused(r -> new Interaction.Offer("ala", null, r), Refusal.NOT_QUEUED,
                "Interaction " + id + " is " + phase + ", not queued");
        refused(r -> new Interaction.Accept("ala", r), Refusal.INVALID_TRANSITION,
                cannot("accept", phase, "offered"));
        refused(r -> new Interaction.Reject("ala", r), Refusal.INVALID_TRANSITION,
                cannot("reject", phase, "offered"));
        refused(r -> new Interaction.Complete("ala", r), Refusal.INVALID_TRANSITION,
                cannot("complete", phase, "connected"));
        refused(r -> new Interaction.WrapUp("ala", "solved", null, r), Refusal.INVALID_TRANSITION,
                cannot("wrap up", phase, "wrap_up"));
        refused(Interaction.Abandon::new, Refusal.INVALID_TRANSITION, notAbandoned(phase));
    }
}
