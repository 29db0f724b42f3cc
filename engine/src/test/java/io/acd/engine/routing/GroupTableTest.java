package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class GroupTableTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final RoutingConfig CONFIG = new RoutingConfig(Map.of("q", new QueuePolicy("q", 0, 1,
            List.of(new Step(Duration.ofSeconds(10), 0, Set.of(), true)), SelectionStrategy.LONGEST_IDLE)),
            Map.of());

    private final Interner interner = new Interner(CONFIG);
    private final List<Profile> profiles = new ArrayList<>();
    private final GroupTable table = new GroupTable(interner, profiles);

    private Profile profile(Map<String, Integer> skills) {
        Profile profile = new Profile(profiles.size(), skills, Set.of());
        profiles.add(profile);
        table.rankUnder(profile);
        return profile;
    }

    private ContactEntry placed(WaitingContact contact, Instant now) {
        ContactEntry entry = new ContactEntry(contact, interner.queue(contact.queue()),
                interner.requirement(contact.skills()));
        table.place(entry, now);
        return entry;
    }

    private static WaitingContact contact(String id, int priority, Map<String, Integer> skills) {
        return new WaitingContact(id, Channel.CHAT, "q", priority, skills, T0);
    }

    private static ContactEntry top(Profile profile) {
        return profile.rankingCount(Channel.CHAT) == 0 ? null : profile.tops(Channel.CHAT)[0];
    }

    @Test
    void shouldRankAGroupUnderEveryProfileThatQualifies() {
        Profile skilled = profile(Map.of("billing", 3));
        Profile unskilled = profile(Map.of("tech", 3));
        ContactEntry entry = placed(contact("c", 1, Map.of("billing", 2)), T0);
        assertSame(entry, top(skilled));
        assertNull(top(unskilled));
        assertEquals(1, table.size());
    }

    @Test
    void shouldPutContactsOfTheSameRequirementsInOneGroup() {
        profile(Map.of("billing", 3));
        ContactEntry first = placed(contact("a", 1, Map.of("billing", 2)), T0);
        ContactEntry second = placed(contact("b", 1, Map.of("billing", 2)), T0);
        ContactEntry other = placed(contact("c", 1, Map.of("billing", 3)), T0);
        assertSame(first.group, second.group);
        assertNotSame(first.group, other.group);
        assertEquals(2, table.size());
    }

    @Test
    void shouldRerankAGroupWhenItsHeadChanges() {
        Profile profile = profile(Map.of());
        ContactEntry low = placed(contact("low", 1, Map.of()), T0);
        ContactEntry high = placed(contact("high", 9, Map.of()), T0);
        assertSame(high, top(profile));
        table.unplace(high);
        assertSame(low, top(profile));
    }

    @Test
    void shouldForgetAGroupOnceItIsEmpty() {
        Profile profile = profile(Map.of());
        ContactEntry only = placed(contact("c", 1, Map.of()), T0);
        table.unplace(only);
        assertNull(only.group);
        assertNull(top(profile));
        assertEquals(0, table.size());
    }

    @Test
    void shouldKeepAPreferredContactOutOfTheRankingsUntilItExpires() {
        Profile profile = profile(Map.of());
        WaitingContact sticky = new WaitingContact("c", Channel.CHAT, "q", 1, Map.of(), Map.of(), Set.of(), "a1",
                T0.plusSeconds(5), T0);
        ContactEntry entry = placed(sticky, T0);
        assertNull(top(profile));
        assertEquals(List.of(entry.group), table.preferredOf("a1"));
        assertNull(table.preferredOf("a2"));
        table.unplace(entry);
        assertNull(table.preferredOf("a1"));
        placed(sticky, T0.plusSeconds(6));
        assertEquals("c", top(profile).contact.interactionId());
    }

    @Test
    void shouldPlaceAContactByTheStepItHasReached() {
        Profile unskilled = profile(Map.of());
        ContactEntry early = placed(contact("early", 1, Map.of("billing", 5)), T0);
        assertEquals(0, early.step);
        assertNull(top(unskilled));
        table.unplace(early);
        ContactEntry late = placed(contact("late", 1, Map.of("billing", 5)), T0.plusSeconds(10));
        assertEquals(1, late.step);
        assertSame(late, top(unskilled));
    }

    @Test
    void shouldRankExistingGroupsUnderAProfileSeenLater() {
        ContactEntry billing = placed(contact("c", 1, Map.of("billing", 2)), T0);
        placed(contact("d", 1, Map.of("tech", 2)), T0);
        Profile late = profile(Map.of("billing", 2));
        assertSame(billing, top(late));
        assertEquals(1, late.rankingCount(Channel.CHAT));
        assertEquals(1, late.ranking(Channel.CHAT, 0).size());
    }
}
