package io.acd.loadtest.audit;

import io.acd.engine.agent.Agent;
import io.acd.engine.agent.HoldingPhase;
import io.acd.engine.interaction.Interaction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.acd.loadtest.audit.Histories.accepted;
import static io.acd.loadtest.audit.Histories.at;
import static io.acd.loadtest.audit.Histories.available;
import static io.acd.loadtest.audit.Histories.completed;
import static io.acd.loadtest.audit.Histories.created;
import static io.acd.loadtest.audit.Histories.handled;
import static io.acd.loadtest.audit.Histories.heldAndReleased;
import static io.acd.loadtest.audit.Histories.offered;
import static io.acd.loadtest.audit.Histories.profile;
import static io.acd.loadtest.audit.Histories.released;
import static io.acd.loadtest.audit.Histories.reserved;
import static io.acd.loadtest.audit.Histories.wrappedUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks on histories no embedded journal can hold (two events of one number, a gap), and on the cases
 * of each rule a seeded journal does not reach; without a journal, straight from the folds.
 */
class AuditChecksTest {

    private static final Duration TOLERANCE = Duration.ofSeconds(5);

    /** Events numbered 1, 2, 3… */
    private static List<StoredEvent> numbered(Object... events) {
        List<StoredEvent> stored = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            stored.add(new StoredEvent(i + 1, events[i]));
        }
        return stored;
    }

    private static InteractionTimeline interaction(String id, List<StoredEvent> events) {
        return InteractionFold.fold(id, events);
    }

    private static AgentTimeline agent(String id, List<StoredEvent> events) {
        return AgentFold.fold(id, events);
    }

    /** Two tenants' agents a-1, each with one chat, each handling its tenant's i-1 at the same moment. */
    @Test
    void twoTenantsWithTheSameIdsAreAuditedApart() {
        Audit audit = Audit.standard(null, TOLERANCE, true);
        for (String tenant : List.of("north", "south")) {
            List<Object> agentEvents = new ArrayList<>(List.of(profile(1, 0), available(0)));
            agentEvents.addAll(List.of((Object[]) heldAndReleased("i-1", 0)));
            audit.entity(EntityRef.of("Agent|" + tenant + "/a-1"), numbered(agentEvents.toArray()));
            audit.entity(EntityRef.of("Interaction|" + tenant + "/i-1"),
                    numbered((Object[]) handled("i-1", "a-1", 0)));
        }
        for (CheckResult result : audit.results()) {
            assertTrue(result.status() != CheckResult.Status.FAILED, result.toString());
        }
    }

    @Test
    void twoEventsOfOneNumberAreTwoWritersAndShowTheirDoubleOffer() {
        // What Cassandra's read side gives for a split brain: both incarnations' events numbered 2.
        var check = new NoDoubleOfferCheck();
        check.interaction(interaction("i-1", List.of(
                new StoredEvent(1, created("i-1", 0)),
                new StoredEvent(2, offered("a-1", 0, 0.1)),
                new StoredEvent(2, offered("a-2", 0, 0.2)))));

        CheckResult result = check.result();

        assertEquals(2, result.violations(), result.toString());
        assertEquals(1, result.counts().get(NoDoubleOfferCheck.DUPLICATE_SEQUENCE_NR));
        assertEquals(1, result.counts().get(NoDoubleOfferCheck.DOUBLE_OFFER));
        assertTrue(result.examples().get(0).contains("two events numbered 2 (two writers)"), result.toString());
    }

    @Test
    void aGapInTheNumbersIsALostEventInAgentsToo() {
        var check = new NoDoubleOfferCheck();
        check.agent(agent("a-1", List.of(new StoredEvent(1, profile(1, 0)), new StoredEvent(3, available(1)))));
        check.interaction(interaction("i-1", List.of(new StoredEvent(2, created("i-1", 0)))));

        CheckResult result = check.result();

        assertEquals(2, result.counts().get(NoDoubleOfferCheck.SEQUENCE_GAP), result.toString());
        assertTrue(result.examples().get(0).startsWith("Agent|a-1: #3 StatusChanged"), result.toString());
        assertTrue(result.examples().get(1).contains("follows nothing, expected #1"), result.toString());
    }

    @Test
    void eventsMustNameTheHolderAndComeInTheirPhase() {
        var check = new NoDoubleOfferCheck();
        check.interaction(interaction("i-1", numbered(created("i-1", 0), offered("a-1", 0, 0.1),
                accepted("a-2", 2), completed("a-1", 10), wrappedUp("a-9", 12))));
        check.interaction(interaction("i-2", numbered(accepted("a-1", 1), created("i-2", 2),
                new Interaction.OfferTimedOut("a-1", at(3)))));

        CheckResult result = check.result();

        // Accepted by another agent while offered is a double offer; the wrong wrap-up agent; the two
        // events of i-2 that its phase does not allow.
        assertEquals(1, result.counts().get(NoDoubleOfferCheck.DOUBLE_OFFER), result.toString());
        assertEquals(1, result.counts().get(NoDoubleOfferCheck.WRONG_AGENT), result.toString());
        assertEquals(2, result.counts().get(NoDoubleOfferCheck.OUT_OF_PHASE), result.toString());
        assertEquals(4, result.violations());
    }

    @Test
    void anInteractionHeldByItsAgentMustBeInTheAgentsRecordAndAcceptedAfterAReserved() {
        var check = new AgentRecordCheck(TOLERANCE);
        // i-1 is connected to a-1, which released it; i-2 was accepted by a-2, which reserved it only later;
        // i-3 was accepted by an agent without a journal.
        check.interaction(interaction("i-1", numbered(created("i-1", 0), offered("a-1", 0, 0.1),
                accepted("a-1", 2))));
        check.interaction(interaction("i-2", numbered((Object[]) handled("i-2", "a-2", 0))));
        check.interaction(interaction("i-3", numbered(created("i-3", 0), offered("a-9", 0, 0.1),
                new Interaction.Abandoned(at(1)))));
        check.agent(agent("a-1", numbered(profile(1, 0), available(0), reserved("i-1", 0.1),
                released("i-1", "queued", 1))));
        check.agent(agent("a-2", numbered(profile(1, 0), available(0), reserved("i-2", 60),
                released("i-2", "completed", 61))));

        CheckResult result = check.result();

        assertEquals(1, result.counts().get(AgentRecordCheck.NOT_HELD), result.toString());
        assertEquals(1, result.counts().get(AgentRecordCheck.ACCEPTED_UNRESERVED), result.toString());
        assertEquals(2, result.violations(), result.toString());
        assertTrue(result.examples().get(0).contains("Agent|a-1 does not hold it: released by #4 Released"),
                result.toString());
        assertTrue(result.examples().get(1).contains("reserved it only later: #3 Reserved"), result.toString());
    }

    @Test
    void aBareReservationOfAQueuedInteractionIsListedNotAViolation() {
        var check = new AgentRecordCheck(TOLERANCE);
        check.interaction(interaction("i-1", numbered(created("i-1", 0))));
        check.agent(agent("a-1", numbered(profile(1, 0), available(0), reserved("i-1", 0.1))));

        CheckResult result = check.result();

        assertEquals(0, result.violations(), result.toString());
        assertEquals(1, result.counts().get("strayReservations"));
        assertTrue(result.listed().get(0).endsWith("which is queued"), result.toString());
    }

    @Test
    void legacyEventsAreReadAndOffersWithoutADecisionAreCountedAsNotCheckable() {
        var queueTime = new QueueTimeCheck(TOLERANCE);
        var capacity = new CapacityCheck();
        var doubleOffer = new NoDoubleOfferCheck();
        var finished = new FinishedCheck(true);
        var interaction = interaction("i-1", numbered(created("i-1", 0), new Interaction.Queued(at(0)),
                new Interaction.Offered("a-1", at(1), at(21), null), accepted("a-1", 2), completed("a-1", 3),
                wrappedUp("a-1", 4)));
        // An agent of an earlier version: each phase of a holding stored, which takes no capacity.
        var agent = agent("a-1", numbered(profile(1, 0), available(0), reserved("i-1", 0.9),
                new Agent.HoldingChanged("i-1", HoldingPhase.OFFERED, at(21), at(1)),
                new Agent.HoldingChanged("i-1", HoldingPhase.CONNECTED, null, at(2)),
                released("i-1", "completed", 4)));
        for (Check check : List.of(queueTime, capacity, doubleOffer, finished)) {
            check.interaction(interaction);
            check.agent(agent);
        }

        assertEquals(0, queueTime.result().checked());
        assertEquals(1, queueTime.result().counts().get("notCheckableNoDecision"));
        assertEquals(0, capacity.result().violations(), capacity.result().toString());
        assertEquals(1, capacity.result().checked());
        assertEquals(0, doubleOffer.result().violations(), doubleOffer.result().toString());
        assertEquals(1, finished.result().counts().get("completed"));
        assertEquals(0, finished.result().violations());
    }

    @Test
    void aWaitLongerThanTheContactExistedIsCaughtToo() {
        var check = new QueueTimeCheck(TOLERANCE);
        check.interaction(interaction("i-1", numbered(created("i-1", 100), offered("a-1", 80, 20.5))));

        CheckResult result = check.result();

        assertEquals(1, result.counts().get(QueueTimeCheck.WAITED_TOO_LONG), result.toString());
        assertEquals(1, result.checked());
    }

    @Test
    void capacityIsTheLatestProfiles() {
        var check = new CapacityCheck();
        check.agent(agent("a-1", numbered(profile(2, 0), available(0), reserved("i-1", 1), reserved("i-2", 2),
                profile(1, 3), released("i-1", "completed", 4), reserved("i-3", 5))));

        CheckResult result = check.result();

        // Lowered to 1 while holding two: no violation then; i-3 then makes two again on one slot.
        assertEquals(1, result.violations(), result.toString());
        assertTrue(result.examples().get(0).contains("[i-2, i-3] with a capacity of 1 (set by #5 ProfileUpdated"),
                result.toString());
    }

    @Test
    void onlyInteractionsAndAgentsAreRead() {
        assertEquals(EntityRef.Kind.INTERACTION, EntityRef.of("Interaction|i|1").kind());
        assertEquals("i|1", EntityRef.of("Interaction|i|1").id());
        assertEquals(EntityRef.Kind.AGENT, EntityRef.of("Agent|a-1").kind());
        assertEquals(null, EntityRef.of("Queue|billing"));
        assertEquals(null, EntityRef.of("Router|default"));
        assertEquals(null, EntityRef.of("/sharding/InteractionCoordinator"));
    }
}
