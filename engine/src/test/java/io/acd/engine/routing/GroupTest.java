package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final QueueSlot QUEUE = new QueueSlot(0,
            new QueuePolicy("q", 1, 1, List.of(), SelectionStrategy.LONGEST_IDLE));
    private static final Requirement NONE = new Requirement(0, Map.of(), null);

    private static Group group() {
        return new Group(0, QUEUE, Channel.CHAT, null, new Qualification(Map.of("billing", 2), Set.of()));
    }

    private static ContactEntry entry(String id, int priority, int queuedMillis, Set<String> excluded) {
        return new ContactEntry(new WaitingContact(id, Channel.CHAT, "q", priority, Map.of(), Map.of(), excluded,
                null, null, T0.plusMillis(queuedMillis)), QUEUE, NONE);
    }

    private static ContactEntry entry(String id, int priority, int queuedMillis) {
        return entry(id, priority, queuedMillis, Set.of());
    }

    @Test
    void shouldKeepTheBestContactAtTheHead() {
        Group group = group();
        ContactEntry low = entry("low", 1, 0);
        ContactEntry high = entry("high", 9, 0);
        ContactEntry middle = entry("middle", 5, 0);
        group.add(low);
        assertSame(low, group.head);
        group.add(high);
        group.add(middle);
        assertSame(high, group.head);
        group.remove(high);
        assertSame(middle, group.head);
        assertEquals(2, group.size);
    }

    @Test
    void shouldStayInOrderThroughAnyMixOfAddsAndRemovals() {
        Random random = new Random(42);
        Group group = group();
        List<ContactEntry> inside = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            if (inside.isEmpty() || random.nextInt(3) > 0) {
                // Equal priorities and times on purpose: ties must fall to the id.
                ContactEntry entry = entry("c" + i, random.nextInt(4), random.nextInt(5) * 1000);
                group.add(entry);
                inside.add(entry);
            } else {
                group.remove(inside.remove(random.nextInt(inside.size())));
            }
            assertEquals(inside.size(), group.size);
            assertSame(inside.stream().min(ContactEntry.ORDER).orElse(null), group.head);
            for (ContactEntry entry : inside) {
                assertSame(entry, group.heap[entry.heapIndex]);
                assertEquals(entry.key, group.keys[entry.heapIndex]);
            }
        }
    }

    @Test
    void shouldHaveNoHeadOnceEmpty() {
        Group group = group();
        ContactEntry only = entry("only", 1, 0);
        group.add(only);
        group.remove(only);
        assertNull(group.head);
        assertEquals(0, group.size);
        assertEquals(-1, only.heapIndex);
    }

    @Test
    void shouldCountTheContactsThatExcludeSomeAgent() {
        Group group = group();
        ContactEntry excluding = entry("x", 1, 0, Set.of("a1"));
        group.add(excluding);
        group.add(entry("y", 1, 0));
        assertEquals(1, group.excluding);
        group.remove(excluding);
        assertEquals(0, group.excluding);
    }

    @Test
    void shouldQualifyTheProfilesItsQualificationAdmits() {
        Group group = group();
        List<Profile> profiles = new ArrayList<>();
        Profile skilled = new Profile(0, Map.of("billing", 3), Set.of());
        Profile unskilled = new Profile(1, Map.of("billing", 1), Set.of());
        profiles.add(skilled);
        profiles.add(unskilled);
        assertTrue(group.qualifies(skilled, profiles));
        assertFalse(group.qualifies(unskilled, profiles));
    }
}
