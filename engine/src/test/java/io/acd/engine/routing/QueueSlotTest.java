package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class QueueSlotTest {

    @Test
    void shouldWorkOutTheAgentGroupsOfEveryStep() {
        QueuePolicy policy = new QueuePolicy("q", 0, 1, List.of(
                new Step(Duration.ofSeconds(10), 0, Set.of(), false, Set.of("g1")),
                new Step(Duration.ofSeconds(20), 0, Set.of(), false, Set.of("g2"))),
                SelectionStrategy.LONGEST_IDLE, Set.of("g0"));
        QueueSlot slot = new QueueSlot(7, policy);
        assertEquals(7, slot.id);
        assertArrayEquals(new Object[]{Set.of("g0"), Set.of("g0", "g1"), Set.of("g0", "g1", "g2")},
                slot.groupsAtStep);
        assertEquals(3, slot.groupSetAtStep.length);
    }

    @Test
    void shouldLeaveEveryStepOpenToAnyGroupWhenTheQueueHasNone() {
        QueuePolicy policy = new QueuePolicy("q", 0, 1, List.of(
                new Step(Duration.ofSeconds(10), 0, Set.of(), false, Set.of("g1"))), SelectionStrategy.LONGEST_IDLE);
        QueueSlot slot = new QueueSlot(0, policy);
        assertArrayEquals(new Object[]{Set.of(), Set.of()}, slot.groupsAtStep);
    }
}
