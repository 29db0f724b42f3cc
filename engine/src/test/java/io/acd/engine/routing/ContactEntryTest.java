package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContactEntryTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

    private static ContactEntry entry(String id, int priority, Instant queuedAt, QueuePolicy policy) {
        return entry(new WaitingContact(id, Channel.CHAT, policy.name(), priority, Map.of(), queuedAt), policy);
    }

    private static ContactEntry entry(WaitingContact contact, QueuePolicy policy) {
        QueueSlot queue = new QueueSlot(0, policy);
        return new ContactEntry(contact, queue, new Requirement(0, contact.skills(), null));
    }

    private static QueuePolicy aging(double perSecond) {
        return new QueuePolicy("q", perSecond, 1, List.of(), SelectionStrategy.LONGEST_IDLE);
    }

    @Test
    void shouldPutTheHigherPriorityFirst() {
        ContactEntry low = entry("low", 1, T0, aging(0));
        ContactEntry high = entry("high", 5, T0.plusSeconds(30), aging(0));
        assertTrue(ContactEntry.ORDER.compare(high, low) < 0);
        assertTrue(ContactEntry.ORDER.compare(low, high) > 0);
    }

    @Test
    void shouldLetAgingOutweighPriorityForTheLongerWaiting() {
        ContactEntry early = entry("early", 1, T0, aging(1));
        ContactEntry late = entry("late", 5, T0.plusSeconds(10), aging(1));
        assertTrue(ContactEntry.ORDER.compare(early, late) < 0);
    }

    @Test
    void shouldBreakTiesByQueueTimeThenById() {
        ContactEntry first = entry("z", 3, T0, aging(0));
        ContactEntry second = entry("a", 3, T0.plusMillis(1), aging(0));
        ContactEntry sameTimeLowerId = entry("b", 3, T0.plusMillis(1), aging(0));
        ContactEntry sameTimeHigherId = entry("c", 3, T0.plusMillis(1), aging(0));
        assertTrue(ContactEntry.ORDER.compare(first, second) < 0);
        assertTrue(ContactEntry.ORDER.compare(sameTimeLowerId, sameTimeHigherId) < 0);
        assertEquals(0, ContactEntry.ORDER.compare(first, first));
    }

    @Test
    void shouldOrderAsEffectivePriorityDoesAtAnyLaterTime() {
        QueuePolicy policy = new QueuePolicy("q", 0.5, 2, List.of(), SelectionStrategy.LONGEST_IDLE);
        List<ContactEntry> entries = List.of(entry("a", 1, T0, policy), entry("b", 4, T0.plusSeconds(5), policy),
                entry("c", 2, T0.plusSeconds(2), policy), entry("d", 9, T0.plusSeconds(20), policy));
        for (Instant now : List.of(T0.plusSeconds(20), T0.plusSeconds(90), T0.plusSeconds(3600))) {
            for (ContactEntry a : entries) {
                for (ContactEntry b : entries) {
                    int byRules = Rules.compareContacts(a.contact, Rules.effectivePriority(a.contact, policy, now),
                            b.contact, Rules.effectivePriority(b.contact, policy, now));
                    assertEquals(Integer.signum(byRules), Integer.signum(ContactEntry.ORDER.compare(a, b)),
                            a.contact.interactionId() + " against " + b.contact.interactionId() + " at " + now);
                }
            }
        }
    }

    @Test
    void shouldExcludeOnlyTheAgentsTheContactNames() {
        ContactEntry excluding = entry(new WaitingContact("c", Channel.CHAT, "q", 1, Map.of(), Map.of(),
                Set.of("a1"), null, null, T0), aging(0));
        ContactEntry open = entry("d", 1, T0, aging(0));
        assertTrue(excluding.excludes("a1"));
        assertFalse(excluding.excludes("a2"));
        assertFalse(open.excludes("a1"));
    }

    @Test
    void shouldStartUnfiled() {
        ContactEntry entry = entry("c", 1, T0, aging(0));
        assertEquals(null, entry.group);
        assertEquals(-1, entry.heapIndex);
        assertEquals(ChangeSchedule.NEVER, entry.nextChange);
    }
}
