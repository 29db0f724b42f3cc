package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupRankingTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final QueueSlot QUEUE = new QueueSlot(0,
            new QueuePolicy("q", 0, 1, List.of(), SelectionStrategy.LONGEST_IDLE));

    private static Group groupHeadedBy(String id, int priority, int queuedSecond) {
        Group group = new Group(id.hashCode(), QUEUE, Channel.CHAT, null, new Qualification(Map.of(), Set.of()));
        group.add(new ContactEntry(new WaitingContact(id, Channel.CHAT, "q", priority, Map.of(),
                T0.plusSeconds(queuedSecond)), QUEUE, new Requirement(0, Map.of(), null)));
        return group;
    }

    @Test
    void shouldRankGroupsByHead() {
        Group low = groupHeadedBy("low", 1, 0);
        Group high = groupHeadedBy("high", 9, 30);
        Group highLater = groupHeadedBy("high-later", 9, 40);
        GroupRanking ranking = new GroupRanking();
        ranking.add(low);
        ranking.add(highLater);
        ranking.add(high);
        assertEquals(3, ranking.size());
        assertSame(high, ranking.get(0));
        assertSame(highLater, ranking.get(1));
        assertSame(low, ranking.get(2));
    }

    @Test
    void shouldKeepTheOrderOfManyGroupsAddedInAnyOrder() {
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            groups.add(groupHeadedBy("c" + i, i % 7, i));
        }
        List<Group> shuffled = new ArrayList<>(groups);
        Collections.shuffle(shuffled, new Random(7));
        GroupRanking ranking = new GroupRanking();
        shuffled.forEach(ranking::add);
        groups.sort((a, b) -> ContactEntry.ORDER.compare(a.head, b.head));
        for (int i = 0; i < groups.size(); i++) {
            assertSame(groups.get(i), ranking.get(i));
        }
    }

    @Test
    void shouldRemoveOnlyTheGivenGroup() {
        Group a = groupHeadedBy("a", 3, 0);
        Group b = groupHeadedBy("b", 2, 0);
        Group c = groupHeadedBy("c", 1, 0);
        GroupRanking ranking = new GroupRanking();
        ranking.add(a);
        ranking.add(b);
        ranking.add(c);
        ranking.remove(b);
        assertEquals(2, ranking.size());
        assertSame(a, ranking.get(0));
        assertSame(c, ranking.get(1));
    }

    @Test
    void shouldIgnoreAGroupItDoesNotHold() {
        GroupRanking ranking = new GroupRanking();
        ranking.add(groupHeadedBy("a", 3, 0));
        ranking.remove(groupHeadedBy("b", 2, 0));
        assertEquals(1, ranking.size());
        ranking.remove(ranking.get(0));
        assertTrue(ranking.isEmpty());
    }
}
