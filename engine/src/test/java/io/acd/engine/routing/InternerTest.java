package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InternerTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

    private static QueuePolicy steppedQueue(String name, Set<String> groups) {
        return new QueuePolicy(name, 0, 1, List.of(
                new Step(Duration.ofSeconds(10), 1, Set.of(), false),
                new Step(Duration.ofSeconds(20), 0, Set.of(), true, Set.of("extra"))),
                SelectionStrategy.LONGEST_IDLE, groups);
    }

    private static RoutingConfig config(QueuePolicy... queues) {
        Map<String, QueuePolicy> byName = new HashMap<>();
        for (QueuePolicy queue : queues) {
            byName.put(queue.name(), queue);
        }
        return new RoutingConfig(byName, Map.of());
    }

    @Test
    void shouldInternEqualLevelsAsOneRequirement() {
        Interner interner = new Interner(RoutingConfig.defaults());
        Requirement first = interner.requirement(Map.of("billing", 3, "tech", 1));
        interner.requirement(Map.of("sales", 2));
        Requirement again = interner.requirement(new HashMap<>(Map.of("tech", 1, "billing", 3)));
        assertSame(first, again);
        assertEquals(Map.of("billing", 3, "tech", 1), first.levels);
    }

    @Test
    void shouldTellApartLevelsWhoseMapsHashAlike() {
        // "Aa" and "BB" have the same String hash, so these maps share a hash and a size.
        Interner interner = new Interner(RoutingConfig.defaults());
        Requirement aa = interner.requirement(Map.of("Aa", 1));
        Requirement bb = interner.requirement(Map.of("BB", 1));
        assertEquals(Map.of("Aa", 1).hashCode(), Map.of("BB", 1).hashCode());
        assertNotSame(aa, bb);
        assertNotEquals(aa.id, bb.id);
        assertSame(aa, interner.requirement(Map.of("Aa", 1)));
        assertSame(bb, interner.requirement(Map.of("BB", 1)));
    }

    @Test
    void shouldAnswerTheLastMapByIdentityAlone() {
        // The contract asks for immutable maps; a mutable one shows that the last map is not looked at again.
        Interner interner = new Interner(RoutingConfig.defaults());
        Map<String, Integer> levels = new HashMap<>(Map.of("billing", 3));
        Requirement first = interner.requirement(levels);
        levels.put("billing", 9);
        assertSame(first, interner.requirement(levels));
        assertEquals(Map.of("billing", 3), first.levels);
    }

    @Test
    void shouldNumberQueuesApartAndFindThemAgain() {
        Interner interner = new Interner(config(steppedQueue("a", Set.of()), steppedQueue("b", Set.of())));
        QueueSlot a = interner.queue("a");
        QueueSlot b = interner.queue("b");
        assertNotEquals(a.id, b.id);
        assertSame(a, interner.queue("a"));
        assertEquals("a", a.policy.name());
        assertEquals(QueuePolicy.plain("unknown"), interner.queue("unknown").policy);
    }

    @Test
    void shouldNumberEqualSetsOfAgentGroupsAlike() {
        Interner interner = new Interner(config(steppedQueue("a", Set.of("g")), steppedQueue("b", Set.of("g"))));
        QueueSlot a = interner.queue("a");
        QueueSlot b = interner.queue("b");
        assertEquals(a.groupSetAtStep[0], b.groupSetAtStep[0]);
        assertEquals(a.groupSetAtStep[1], a.groupSetAtStep[0]);
        assertNotEquals(a.groupSetAtStep[0], a.groupSetAtStep[2]);
    }

    @Test
    void shouldRejectAQueueWithMoreStepsThanKeysHold() {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i <= QueueSlot.MAX_STEPS; i++) {
            steps.add(new Step(Duration.ofSeconds(i + 1), 0, Set.of(), false));
        }
        Interner interner = new Interner(config(new QueuePolicy("long", 0, 1, steps,
                SelectionStrategy.LONGEST_IDLE)));
        assertThrows(IllegalArgumentException.class, () -> interner.queue("long"));
    }

    @Test
    void shouldRelaxRequirementsOncePerStep() {
        Interner interner = new Interner(config(steppedQueue("q", Set.of())));
        QueueSlot queue = interner.queue("q");
        WaitingContact contact = new WaitingContact("c", Channel.CHAT, "q", 1, Map.of("billing", 3), T0);
        Requirement base = interner.requirement(contact.skills());
        assertSame(base, interner.requirementAt(base, queue, contact, 0));
        Requirement relaxed = interner.requirementAt(base, queue, contact, 1);
        assertEquals(Map.of("billing", 2), relaxed.levels);
        assertSame(relaxed, interner.requirementAt(base, queue, contact, 1));
        assertEquals(Map.of(), interner.requirementAt(base, queue, contact, 2).levels);
        assertSame(relaxed, interner.requirement(Map.of("billing", 2)));
    }

    @Test
    void shouldShareAQualificationPerRequirementAndSetOfAgentGroups() {
        Interner interner = new Interner(config(steppedQueue("a", Set.of("g")), steppedQueue("b", Set.of("g"))));
        QueueSlot a = interner.queue("a");
        QueueSlot b = interner.queue("b");
        Requirement required = interner.requirement(Map.of("billing", 3));
        Qualification qualification = interner.qualification(required, a, 0);
        assertSame(qualification, interner.qualification(required, b, 0));
        assertEquals(Set.of("g"), qualification.groups);
        assertEquals(Map.of("billing", 3), qualification.required);
        assertNotSame(qualification, interner.qualification(required, a, 2));
    }

    @Test
    void shouldQualifyAContactAtAStepByItsRelaxedRequirements() {
        Interner interner = new Interner(config(steppedQueue("q", Set.of("g"))));
        QueueSlot queue = interner.queue("q");
        WaitingContact contact = new WaitingContact("c", Channel.CHAT, "q", 1, Map.of("billing", 3), T0);
        Qualification atStep1 = interner.qualificationAt(contact, queue, 1);
        assertEquals(Map.of("billing", 2), atStep1.required);
        assertEquals(Set.of("g"), atStep1.groups);
        assertEquals(Set.of("g", "extra"), interner.qualificationAt(contact, queue, 2).groups);
    }
}
