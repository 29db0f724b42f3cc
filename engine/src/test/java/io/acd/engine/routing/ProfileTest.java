package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

    private static QueueSlot queue(int id) {
        return new QueueSlot(id, new QueuePolicy("q" + id, 0, 1, List.of(), SelectionStrategy.LONGEST_IDLE));
    }

    private static Group groupHeadedBy(QueueSlot queue, Channel channel, String id, int priority) {
        Group group = new Group(id.hashCode(), queue, channel, null, new Qualification(Map.of(), Set.of()));
        group.add(new ContactEntry(new WaitingContact(id, channel, queue.policy.name(), priority, Map.of(), T0),
                queue, new Requirement(0, Map.of(), null)));
        return group;
    }

    @Test
    void shouldFitTheSameSkillsAndGroupsGivenAsOtherObjects() {
        Profile profile = new Profile(0, Map.of("billing", 3, "tech", 1), Set.of("g1", "g2"));
        Map<String, Integer> skills = new HashMap<>(Map.of("tech", 1, "billing", 3));
        assertTrue(profile.fits(skills, new HashSet<>(Set.of("g2", "g1"))));
    }

    @Test
    void shouldNotFitOtherLevelsSkillsOrGroups() {
        Profile profile = new Profile(0, Map.of("billing", 3), Set.of("g1"));
        assertFalse(profile.fits(Map.of("billing", 2), Set.of("g1")));
        assertFalse(profile.fits(Map.of("billing", 3, "tech", 1), Set.of("g1")));
        assertFalse(profile.fits(Map.of("billing", 3), Set.of("g2")));
        assertFalse(profile.fits(Map.of("billing", 3), Set.of("g1", "g2")));
    }

    @Test
    void shouldKeepTheBestHeadOfEachQueueAtTheTop() {
        Profile profile = new Profile(0, Map.of(), Set.of());
        QueueSlot q0 = queue(0);
        QueueSlot q5 = queue(5);
        Group q5Low = groupHeadedBy(q5, Channel.CHAT, "q5-low", 1);
        Group q0Only = groupHeadedBy(q0, Channel.CHAT, "q0-only", 2);
        Group q5High = groupHeadedBy(q5, Channel.CHAT, "q5-high", 7);
        profile.file(q5Low);
        profile.file(q0Only);
        profile.file(q5High);
        // Rankings are numbered in the order the queues were first seen, not by queue number.
        assertEquals(2, profile.rankingCount(Channel.CHAT));
        assertSame(q5High.head, profile.tops(Channel.CHAT)[0]);
        assertSame(q0Only.head, profile.tops(Channel.CHAT)[1]);
        assertSame(q5High, profile.ranking(Channel.CHAT, 0).get(0));
        assertSame(q5Low, profile.ranking(Channel.CHAT, 0).get(1));
        profile.unfile(q5High);
        assertSame(q5Low.head, profile.tops(Channel.CHAT)[0]);
    }

    @Test
    void shouldKeepAnEmptiedRankingInItsSlot() {
        Profile profile = new Profile(0, Map.of(), Set.of());
        Group only = groupHeadedBy(queue(3), Channel.EMAIL, "c", 1);
        profile.file(only);
        profile.unfile(only);
        assertEquals(1, profile.rankingCount(Channel.EMAIL));
        assertNull(profile.tops(Channel.EMAIL)[0]);
        assertEquals(0, profile.rankingCount(Channel.CHAT));
    }

    @Test
    void shouldRankEachChannelApart() {
        Profile profile = new Profile(0, Map.of(), Set.of());
        QueueSlot queue = queue(0);
        Group chat = groupHeadedBy(queue, Channel.CHAT, "chat", 1);
        Group voice = groupHeadedBy(queue, Channel.VOICE, "voice", 9);
        profile.file(chat);
        profile.file(voice);
        assertSame(chat.head, profile.tops(Channel.CHAT)[0]);
        assertSame(voice.head, profile.tops(Channel.VOICE)[0]);
        assertEquals(1, profile.ranking(Channel.CHAT, 0).size());
    }

    @Test
    void shouldHoldManyQueuesBeyondItsFirstArrays() {
        Profile profile = new Profile(0, Map.of(), Set.of());
        for (int q = 0; q < 40; q++) {
            profile.file(groupHeadedBy(queue(q * 3), Channel.CHAT, "c" + q, q));
        }
        assertEquals(40, profile.rankingCount(Channel.CHAT));
        assertEquals("c39", profile.tops(Channel.CHAT)[39].contact.interactionId());
    }

    @Test
    void shouldMakeTakersOnFirstUseOnly() {
        Profile profile = new Profile(0, Map.of(), Set.of());
        assertNull(profile.takersOrNull(Channel.SMS));
        Takers takers = profile.takers(Channel.SMS);
        assertSame(takers, profile.takers(Channel.SMS));
        assertSame(takers, profile.takersOrNull(Channel.SMS));
        assertNull(profile.takersOrNull(Channel.CHAT));
    }
}
