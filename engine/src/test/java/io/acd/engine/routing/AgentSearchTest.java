package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AgentSearchTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final Instant NOW = T0.plusSeconds(600);

    private final IdMap<AgentEntry> agents = new IdMap<>(16, 0.5f);
    private final List<Profile> profiles = new ArrayList<>();
    private final RoundRobin roundRobin = new RoundRobin();
    private final AgentSearch search = new AgentSearch(agents, profiles, roundRobin);
    private final List<AgentCandidate> reported = new ArrayList<>();

    private void available(String id, Map<String, Integer> skills, int idleSecond, int used) {
        AgentCandidate agent = new AgentCandidate(id, skills, Map.of(Channel.CHAT, 2),
                used == 0 ? Map.of() : Map.of(Channel.CHAT, used), T0.plusSeconds(idleSecond));
        reported.add(agent);
        Profile profile = profiles.stream().filter(p -> p.fits(skills, Set.of())).findFirst().orElseGet(() -> {
            Profile made = new Profile(profiles.size(), skills, Set.of());
            profiles.add(made);
            return made;
        });
        AgentEntry entry = new AgentEntry(id, profile, Rules.epochNanos(agent.idleSince()));
        entry.channels = entry.report(agent, RoutingConfig.defaults());
        if (entry.takes(Channel.CHAT)) {
            profile.takers(Channel.CHAT).add(entry);
        }
        agents.put(id, entry);
    }

    private static QueuePolicy queue(SelectionStrategy strategy) {
        return new QueuePolicy("q", 0, 1, List.of(), strategy);
    }

    private static WaitingContact contact(Map<String, Integer> skills, Set<String> excluded, String preferredAgent) {
        return new WaitingContact("c", Channel.CHAT, "q", 1, skills, Map.of(), excluded, preferredAgent,
                preferredAgent == null ? null : NOW.plusSeconds(30), T0);
    }

    private static WaitingContact contact(Map<String, Integer> skills) {
        return contact(skills, Set.of(), null);
    }

    private String found(WaitingContact contact, QueuePolicy queue, boolean explain) {
        String preferred = Rules.preferredAgentActive(contact, NOW) ? contact.preferredAgent() : null;
        AgentEntry best = search.run(contact, queue, preferred,
                new Qualification(contact.skills(), Set.of()), NOW, explain);
        return best == null ? null : best.id;
    }

    /** The explained decision, checked against the plain scan over the same agents. */
    private Decision explained(WaitingContact contact, QueuePolicy queue) {
        String preferred = Rules.preferredAgentActive(contact, NOW) ? contact.preferredAgent() : null;
        AgentEntry best = search.run(contact, queue, preferred, new Qualification(contact.skills(), Set.of()), NOW,
                true);
        Decision decision = search.decision(best.candidate(), contact, queue, 0, NOW);
        RoutingConfig config = new RoutingConfig(Map.of("q", queue), Map.of());
        Optional<Match> scan = NaiveRouting.bestAgentFor(contact, reported, config, roundRobin, NOW, true);
        assertEquals(scan.orElseThrow().agent().agentId(), best.id);
        assertEquals(scan.orElseThrow().decision(), decision);
        return decision;
    }

    @Test
    void shouldPickTheLongestIdleQualifiedAgent() {
        available("recent", Map.of("billing", 3), 300, 0);
        available("longest-unskilled", Map.of("billing", 1), 100, 0);
        available("longest-skilled", Map.of("billing", 5), 200, 0);
        WaitingContact contact = contact(Map.of("billing", 3));
        assertEquals("longest-skilled", found(contact, queue(SelectionStrategy.LONGEST_IDLE), false));
        assertEquals("longest-skilled", found(contact, queue(SelectionStrategy.LONGEST_IDLE), true));
    }

    @Test
    void shouldPassOverExcludedAgents() {
        available("excluded", Map.of(), 100, 0);
        available("next", Map.of(), 200, 0);
        WaitingContact contact = contact(Map.of(), Set.of("excluded"), null);
        assertEquals("next", found(contact, queue(SelectionStrategy.LONGEST_IDLE), false));
        assertEquals("next", found(contact, queue(SelectionStrategy.LEAST_OCCUPIED), false));
    }

    @Test
    void shouldRankAcrossProfilesByTheQueuesStrategy() {
        available("idle-longest", Map.of("billing", 3), 100, 0);
        available("most-skilled", Map.of("billing", 9), 200, 0);
        available("recent", Map.of("billing", 4), 300, 0);
        available("busy", Map.of("billing", 3), 50, 1);
        WaitingContact contact = contact(Map.of("billing", 3));
        assertEquals("busy", found(contact, queue(SelectionStrategy.LONGEST_IDLE), false));
        assertEquals("most-skilled", found(contact, queue(SelectionStrategy.MOST_SKILLED), false));
        assertEquals("idle-longest", found(contact, queue(SelectionStrategy.LEAST_OCCUPIED), false));
        roundRobin.served("q", "busy");
        roundRobin.served("q", "idle-longest");
        assertEquals("most-skilled", found(contact, queue(SelectionStrategy.ROUND_ROBIN), false));
    }

    @Test
    void shouldTakeOnlyThePreferredAgentWhileThereIsOne() {
        available("longest", Map.of(), 100, 0);
        available("preferred", Map.of(), 300, 0);
        assertEquals("preferred", found(contact(Map.of(), Set.of(), "preferred"),
                queue(SelectionStrategy.LONGEST_IDLE), false));
        assertNull(found(contact(Map.of(), Set.of(), "gone"), queue(SelectionStrategy.LONGEST_IDLE), false));
        assertNull(found(contact(Map.of("tech", 1), Set.of(), "preferred"), queue(SelectionStrategy.LONGEST_IDLE),
                false));
    }

    @Test
    void shouldFindNobodyWhenNoProfileQualifies() {
        available("a", Map.of("billing", 1), 100, 0);
        assertNull(found(contact(Map.of("billing", 2)), queue(SelectionStrategy.LONGEST_IDLE), false));
        assertNull(found(contact(Map.of("billing", 2)), queue(SelectionStrategy.ROUND_ROBIN), true));
    }

    @Test
    void shouldExplainWithTheRunnerUpAndTheCountOfQualifiedAgentsUnderEveryStrategy() {
        available("a1", Map.of("billing", 3), 100, 0);
        available("a2", Map.of("billing", 3), 150, 1);
        available("a3", Map.of("billing", 3), 250, 0);
        available("b1", Map.of("billing", 7), 200, 0);
        available("b2", Map.of("billing", 7), 120, 1);
        available("excluded", Map.of("billing", 7), 10, 0);
        available("unskilled", Map.of(), 0, 0);
        roundRobin.served("q", "a1");
        WaitingContact contact = contact(Map.of("billing", 3), Set.of("excluded"), null);
        for (SelectionStrategy strategy : SelectionStrategy.values()) {
            Decision decision = explained(contact, queue(strategy));
            assertEquals(5, decision.candidates(), strategy.name());
        }
    }

    @Test
    void shouldExplainAPreferredAgentAsTheOnlyCandidate() {
        available("longest", Map.of(), 100, 0);
        available("preferred", Map.of(), 300, 0);
        Decision decision = explained(contact(Map.of(), Set.of(), "preferred"), queue(SelectionStrategy.LONGEST_IDLE));
        assertEquals(1, decision.candidates());
        assertNull(decision.runnerUp());
    }

    @Test
    void shouldChooseTheSameAgentWithAndWithoutExplaining() {
        for (int i = 0; i < 30; i++) {
            available("a" + i, Map.of("billing", i % 4, "tech", i % 3), (i * 37) % 50, i % 2);
        }
        for (SelectionStrategy strategy : SelectionStrategy.values()) {
            for (int level = 0; level < 4; level++) {
                WaitingContact contact = contact(Map.of("billing", level), Set.of("a" + level), null);
                assertEquals(found(contact, queue(strategy), true), found(contact, queue(strategy), false),
                        strategy + " at level " + level);
            }
        }
    }
}
