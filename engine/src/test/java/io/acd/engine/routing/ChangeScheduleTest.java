package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChangeScheduleTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = Rules.epochNanos(Instant.parse("2026-11-24T09:00:00Z"));
    private static final QueueSlot QUEUE = new QueueSlot(0, QueuePolicy.plain("q"));

    private static ContactEntry changingAt(String id, long nanos) {
        ContactEntry entry = new ContactEntry(new WaitingContact(id, Channel.CHAT, "q", 1, Map.of(),
                Instant.ofEpochSecond(0, T0)), QUEUE, new Requirement(0, Map.of(), null));
        entry.nextChange = nanos;
        return entry;
    }

    private static Set<String> ids(List<ContactEntry> entries) {
        return entries.stream().map(e -> e.contact.interactionId()).collect(Collectors.toSet());
    }

    @Test
    void shouldNeverHaveAChangeWhileEmpty() {
        ChangeSchedule schedule = new ChangeSchedule();
        assertEquals(ChangeSchedule.NEVER, schedule.next());
        assertTrue(schedule.due(T0).isEmpty());
    }

    @Test
    void shouldHandBackOnlyTheEntriesDueEvenWithinOneSecond() {
        ChangeSchedule schedule = new ChangeSchedule();
        schedule.add(changingAt("early", T0 + 100));
        schedule.add(changingAt("same-second-later", T0 + SECOND / 2));
        schedule.add(changingAt("next-second", T0 + SECOND + 1));
        assertEquals(Set.of("early"), ids(schedule.due(T0 + 200)));
        assertEquals(T0 + SECOND / 2, schedule.next());
        assertEquals(Set.of("same-second-later", "next-second"), ids(schedule.due(T0 + 5 * SECOND)));
        assertEquals(ChangeSchedule.NEVER, schedule.next());
    }

    @Test
    void shouldHandBackEachEntryOnce() {
        ChangeSchedule schedule = new ChangeSchedule();
        ContactEntry entry = changingAt("c", T0 + 10);
        schedule.add(entry);
        assertEquals(Set.of("c"), ids(schedule.due(T0 + 10)));
        assertNull(entry.bucket);
        assertTrue(schedule.due(T0 + 10 * SECOND).isEmpty());
    }

    @Test
    void shouldReportTheEarliestChangeAcrossSeconds() {
        ChangeSchedule schedule = new ChangeSchedule();
        schedule.add(changingAt("later", T0 + 3 * SECOND + 5));
        schedule.add(changingAt("earliest-of-its-second", T0 + 2 * SECOND + 7));
        schedule.add(changingAt("second-of-its-second", T0 + 2 * SECOND + 900));
        assertEquals(T0 + 2 * SECOND + 7, schedule.next());
    }

    @Test
    void shouldForgetARemovedEntry() {
        ChangeSchedule schedule = new ChangeSchedule();
        ContactEntry removed = changingAt("removed", T0 + 1);
        ContactEntry kept = changingAt("kept", T0 + 2);
        schedule.add(removed);
        schedule.add(kept);
        schedule.remove(removed);
        assertNull(removed.bucket);
        assertEquals(T0 + 2, schedule.next());
        assertEquals(Set.of("kept"), ids(schedule.due(T0 + SECOND)));
    }

    @Test
    void shouldPassOverASecondEmptiedByRemovals() {
        ChangeSchedule schedule = new ChangeSchedule();
        ContactEntry gone = changingAt("gone", T0 + 1);
        schedule.add(gone);
        schedule.add(changingAt("later", T0 + 4 * SECOND));
        schedule.remove(gone);
        assertEquals(T0 + 4 * SECOND, schedule.next());
    }

    @Test
    void shouldKeepTheEarliestChangeExactAfterTheEarliestEntryLeaves() {
        ChangeSchedule schedule = new ChangeSchedule();
        ContactEntry first = changingAt("first", T0 + 100);
        ContactEntry second = changingAt("second", T0 + 300);
        ContactEntry third = changingAt("third", T0 + 200);
        schedule.add(first);
        schedule.add(second);
        schedule.add(third);
        assertEquals(T0 + 100, schedule.next());

        schedule.remove(first);
        assertEquals(T0 + 200, schedule.next());
        schedule.add(changingAt("fourth", T0 + 150));
        assertEquals(T0 + 150, schedule.next());
        schedule.remove(second);
        assertEquals(T0 + 150, schedule.next(), "a later entry leaving changes nothing");
    }

    @Test
    void shouldSayWhetherAChangeIsDueWithoutHandingItBack() {
        ChangeSchedule schedule = new ChangeSchedule();
        schedule.add(changingAt("soon", T0 + SECOND + 500));
        schedule.add(changingAt("later", T0 + 3 * SECOND));

        assertFalse(schedule.anyDue(T0), "a second early");
        assertFalse(schedule.anyDue(T0 + SECOND + 499), "within its second, a moment early");
        assertTrue(schedule.anyDue(T0 + SECOND + 500));
        assertTrue(schedule.anyDue(T0 + 2 * SECOND), "a second late");
        assertEquals(1, schedule.due(T0 + 2 * SECOND).size());
        assertFalse(schedule.anyDue(T0 + 2 * SECOND), "handed back already");
    }
}
