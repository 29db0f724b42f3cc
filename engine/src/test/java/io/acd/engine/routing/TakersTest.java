package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TakersTest {

    private static final Profile PROFILE = new Profile(0, Map.of(), Set.of());

    private static AgentEntry agent(String id, long idleSince) {
        return new AgentEntry(id, PROFILE, idleSince);
    }

    private static List<String> ids(Takers takers) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < takers.size(); i++) {
            ids.add(takers.get(i).id);
        }
        return ids;
    }

    @Test
    void shouldKeepTheLongestIdleFirst() {
        Takers takers = new Takers();
        takers.add(agent("recent", 300));
        takers.add(agent("longest", 100));
        takers.add(agent("middle", 200));
        assertEquals(List.of("longest", "middle", "recent"), ids(takers));
    }

    @Test
    void shouldBreakIdleTiesById() {
        Takers takers = new Takers();
        takers.add(agent("c", 100));
        takers.add(agent("a", 100));
        takers.add(agent("b", 100));
        assertEquals(List.of("a", "b", "c"), ids(takers));
    }

    @Test
    void shouldRemoveOnlyTheGivenAgent() {
        Takers takers = new Takers();
        AgentEntry middle = agent("middle", 200);
        takers.add(agent("first", 100));
        takers.add(middle);
        takers.add(agent("last", 300));
        takers.remove(middle);
        assertEquals(List.of("first", "last"), ids(takers));
    }

    @Test
    void shouldIgnoreAnAgentItDoesNotHold() {
        Takers takers = new Takers();
        takers.add(agent("a", 100));
        takers.remove(agent("b", 100));
        assertEquals(List.of("a"), ids(takers));
    }

    @Test
    void shouldHoldManyAgentsInOrderWhateverTheOrderOfArrival() {
        List<AgentEntry> agents = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            agents.add(agent(String.format("a%03d", i), i / 3));
        }
        List<AgentEntry> shuffled = new ArrayList<>(agents);
        Collections.shuffle(shuffled, new Random(3));
        Takers takers = new Takers();
        shuffled.forEach(takers::add);
        for (int i = 0; i < agents.size(); i++) {
            assertSame(agents.get(i), takers.get(i));
        }
    }
}
