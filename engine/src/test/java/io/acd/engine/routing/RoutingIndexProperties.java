package io.acd.engine.routing;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random domains and random event sequences (contacts arrive and leave, agents come, go and change load,
 * time passes), decided by the index and by the plain scan side by side: every decision must be the same,
 * explanation included, and every decision must respect the rules.
 */
class RoutingIndexProperties {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final String[] SKILLS = {"billing", "sales", "tech", "lang.pl", "lang.en"};
    private static final Channel[] CHANNELS = {Channel.VOICE, Channel.CHAT, Channel.EMAIL};

    @Property(tries = 300)
    void theIndexDecidesExactlyLikeThePlainScan(@ForAll long seed, @ForAll @IntRange(min = 20, max = 300) int steps) {
        List<String> decisions = run(seed, steps);
        long matches = decisions.stream().filter(d -> !d.equals("none")).count();
        Statistics.label("matches per sequence").collect(matches == 0 ? "0" : matches < 10 ? "1-9" : "10+");
        Statistics.label("explained with a runner-up").collect(decisions.stream().anyMatch(d -> d.contains("runnerUp=a")
                || d.contains("runnerUp=c")));
    }

    @Property(tries = 50)
    void theSameInputsGiveTheSameDecisions(@ForAll long seed) {
        assertEquals(run(seed, 150), run(seed, 150));
    }

    @Property(tries = 100)
    void onceTheLastStepAcceptsAnyAgentEveryContactIsMatchedWhileCapacityExists(@ForAll long seed) {
        Random random = new Random(seed);
        RoutingConfig config = new RoutingConfig(Map.of("q", new QueuePolicy("q", 0, 1,
                List.of(new Step(Duration.ofSeconds(60), 0, Set.of(), true)), SelectionStrategy.LONGEST_IDLE)), Map.of());
        RoutingIndex index = new RoutingIndex(config);
        int contacts = 1 + random.nextInt(20);
        for (int i = 0; i < contacts; i++) {
            index.putContact(new WaitingContact("c" + i, Channel.CHAT, "q", random.nextInt(5),
                    Map.of(SKILLS[random.nextInt(SKILLS.length)], 1 + random.nextInt(9)), T0), T0);
        }
        int capacity = contacts + random.nextInt(5);
        index.putAgent(new AgentCandidate("generalist", Map.of(), Map.of(Channel.CHAT, capacity), Map.of(), T0));
        Instant later = T0.plusSeconds(60);
        index.advance(later);
        for (int used = 0; used < contacts; used++) {
            Match match = index.bestContactFor("generalist", later, false).orElseThrow(
                    () -> new AssertionError("a contact was left waiting beside a free generalist"));
            index.removeContact(match.contact().interactionId());
            index.putAgent(new AgentCandidate("generalist", Map.of(), Map.of(Channel.CHAT, capacity),
                    Map.of(Channel.CHAT, used + 1), T0));
        }
        assertEquals(0, index.waiting());
    }

    /** Runs one random sequence; returns the decisions made, for comparison between runs. */
    private static List<String> run(long seed, int steps) {
        Random random = new Random(seed);
        RoutingConfig config = randomConfig(random);
        RoutingIndex index = new RoutingIndex(config);
        RoundRobin scanRoundRobin = new RoundRobin();
        Map<String, WaitingContact> waiting = new LinkedHashMap<>();
        Map<String, AgentCandidate> agents = new LinkedHashMap<>();
        List<String> decisions = new ArrayList<>();
        Instant now = T0;
        int nextContact = 0;

        for (int step = 0; step < steps; step++) {
            int op = random.nextInt(10);
            if (op < 3) {
                WaitingContact c = randomContact(random, "c" + nextContact++, now);
                waiting.put(c.interactionId(), c);
                index.advance(now);
                // Decided before it is filed, as the router does; filed, it must get the same decision by id.
                Optional<Match> fromIndex = index.bestAgentFor(c, now, true);
                Optional<Match> fromScan = NaiveRouting.bestAgentFor(c, agents.values(), config, scanRoundRobin, now, true);
                decisions.add(compare(fromIndex, fromScan, config, now));
                assertSameAgent(fromIndex, index.agentFor(c, now));
                index.putContact(c, now);
                assertEquals(fromIndex.map(RoutingIndexProperties::describe),
                        index.bestAgentFor(c.interactionId(), now, true).map(RoutingIndexProperties::describe),
                        "a filed contact was decided differently from the same contact before filing");
                assertSameAgent(fromIndex, index.agentFor(c.interactionId(), now));
                fromIndex.ifPresent(m -> apply(m, index, scanRoundRobin, waiting, agents));
            } else if (op < 5) {
                AgentCandidate a = randomAgent(random, "a" + random.nextInt(12), now);
                agents.put(a.agentId(), a);
                index.putAgent(a);
                index.advance(now);
                Optional<Match> fromIndex = index.bestContactFor(a.agentId(), now, true);
                Optional<Match> fromScan = NaiveRouting.bestContactFor(a, waiting.values(), config, now, true);
                decisions.add(compare(fromIndex, fromScan, config, now));
                assertSameContact(fromIndex, index.contactFor(a.agentId(), now));
                fromIndex.ifPresent(m -> apply(m, index, scanRoundRobin, waiting, agents));
            } else if (op == 5 && !agents.isEmpty()) {
                String id = new ArrayList<>(agents.keySet()).get(random.nextInt(agents.size()));
                agents.remove(id);
                assertTrue(index.removeAgent(id));
            } else if (op == 6 && !waiting.isEmpty()) {
                String id = new ArrayList<>(waiting.keySet()).get(random.nextInt(waiting.size()));
                waiting.remove(id);
                assertTrue(index.removeContact(id));
            } else {
                now = now.plusMillis(random.nextInt(30_000));
                // Relaxed contacts look for an agent, as the router does when a step falls due.
                for (WaitingContact moved : index.advance(now)) {
                    if (!waiting.containsKey(moved.interactionId())) {
                        continue;
                    }
                    Optional<Match> fromIndex = index.bestAgentFor(moved.interactionId(), now, true);
                    Optional<Match> fromScan = NaiveRouting.bestAgentFor(moved, agents.values(), config,
                            scanRoundRobin, now, true);
                    decisions.add(compare(fromIndex, fromScan, config, now));
                    assertSameAgent(fromIndex, index.agentFor(moved.interactionId(), now));
                    fromIndex.ifPresent(m -> apply(m, index, scanRoundRobin, waiting, agents));
                }
            }
            assertEquals(waiting.size(), index.waiting());
            assertEquals(agents.size(), index.availableAgents());
        }
        return decisions;
    }

    /** The fast path (no explanation, nothing allocated) must choose what the explained decision chose. */
    private static void assertSameAgent(Optional<Match> explained, String fast) {
        assertEquals(explained.map(m -> m.agent().agentId()).orElse(null), fast,
                "the unexplained decision chose another agent");
    }

    private static void assertSameContact(Optional<Match> explained, WaitingContact fast) {
        assertEquals(explained.map(m -> m.contact().interactionId()).orElse(null),
                fast == null ? null : fast.interactionId(), "the unexplained decision chose another contact");
    }

    private static String compare(Optional<Match> fromIndex, Optional<Match> fromScan, RoutingConfig config, Instant now) {
        String index = fromIndex.map(RoutingIndexProperties::describe).orElse("none");
        String scan = fromScan.map(RoutingIndexProperties::describe).orElse("none");
        assertEquals(scan, index, "the index decided differently from the plain scan");
        fromIndex.ifPresent(m -> assertAsReported(fromScan.orElseThrow().agent(), m.agent()));
        fromIndex.ifPresent(m -> {
            assertTrue(Rules.qualifies(m.agent(), m.contact(), config, now), "matched an agent that does not qualify");
            assertTrue(m.agent().free(m.contact().channel()) > 0, "beyond capacity");
        });
        return index;
    }

    /** The index keeps an agent as numbers; the agent it hands back must be the one last reported. */
    private static void assertAsReported(AgentCandidate reported, AgentCandidate fromIndex) {
        assertEquals(reported.agentId(), fromIndex.agentId());
        assertEquals(reported.skills(), fromIndex.skills(), "skills");
        assertEquals(reported.groups(), fromIndex.groups(), "groups");
        assertEquals(reported.idleSince(), fromIndex.idleSince(), "idle since");
        for (Channel channel : Channel.values()) {
            assertEquals(reported.free(channel), fromIndex.free(channel), "free on " + channel);
            assertEquals(reported.used().getOrDefault(channel, 0), fromIndex.used().getOrDefault(channel, 0),
                    "used on " + channel);
        }
    }

    private static String describe(Match m) {
        return m.contact().interactionId() + "->" + m.agent().agentId() + " " + m.decision();
    }

    /** Both sides see the match: the contact leaves, the agent holds one more, the queue's round robin moves. */
    private static void apply(Match m, RoutingIndex index, RoundRobin scanRoundRobin,
                              Map<String, WaitingContact> waiting, Map<String, AgentCandidate> agents) {
        index.matched(m);
        scanRoundRobin.served(m.contact().queue(), m.agent().agentId());
        waiting.remove(m.contact().interactionId());
        index.removeContact(m.contact().interactionId());
        AgentCandidate a = m.agent();
        Map<Channel, Integer> used = new EnumMap<>(Channel.class);
        used.putAll(a.used());
        used.merge(m.contact().channel(), 1, Integer::sum);
        AgentCandidate busier = new AgentCandidate(a.agentId(), a.skills(), a.capacity(), used, a.idleSince(),
                a.groups());
        agents.put(a.agentId(), busier);
        index.putAgent(busier);
    }

    private static RoutingConfig randomConfig(Random random) {
        Map<String, QueuePolicy> queues = new HashMap<>();
        double[] aging = {0, 0.5, 1, 2};
        double[] weights = {0.5, 1, 2};
        for (int q = 0; q < 3; q++) {
            List<Step> steps = new ArrayList<>();
            int count = random.nextInt(3);
            for (int s = 0; s < count; s++) {
                Set<String> drop = new HashSet<>();
                if (random.nextBoolean()) {
                    drop.add(SKILLS[random.nextInt(SKILLS.length)]);
                }
                Set<String> addGroups = random.nextInt(3) == 0 ? Set.of("g" + random.nextInt(3)) : Set.of();
                steps.add(new Step(Duration.ofSeconds(10L * (s + 1) + random.nextInt(10)), random.nextInt(3), drop,
                        s == count - 1 && random.nextInt(3) == 0, addGroups));
            }
            queues.put("q" + q, new QueuePolicy("q" + q, aging[random.nextInt(aging.length)],
                    weights[random.nextInt(weights.length)], steps,
                    SelectionStrategy.values()[random.nextInt(SelectionStrategy.values().length)],
                    random.nextInt(3) == 0 ? Set.of("g" + random.nextInt(3)) : Set.of()));
        }
        Map<Channel, Set<Channel>> blocks = random.nextBoolean()
                ? Map.of(Channel.VOICE, Set.of(Channel.CHAT, Channel.EMAIL)) : Map.of();
        return new RoutingConfig(queues, blocks);
    }

    private static WaitingContact randomContact(Random random, String id, Instant now) {
        Map<String, Integer> required = new HashMap<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            required.put(SKILLS[random.nextInt(SKILLS.length)], random.nextInt(6));
        }
        Map<String, Integer> preferred = new HashMap<>();
        if (random.nextInt(3) == 0) {
            preferred.put(SKILLS[random.nextInt(SKILLS.length)], random.nextInt(6));
        }
        Set<String> excluded = random.nextInt(4) == 0 ? Set.of("a" + random.nextInt(12)) : Set.of();
        String preferredAgent = random.nextInt(5) == 0 ? "a" + random.nextInt(12) : null;
        Instant until = preferredAgent == null ? null : now.plusSeconds(5 + random.nextInt(40));
        // Some arrive having waited already (a re-registration, a contact moved from another queue). Many
        // arrive at the same instant, as a burst does: then equal priorities tie across queues, and the id decides.
        Instant queuedAt = random.nextInt(3) == 0 ? now
                : now.minusMillis(random.nextInt(random.nextInt(4) == 0 ? 60_000 : 5_000));
        return new WaitingContact(id, CHANNELS[random.nextInt(CHANNELS.length)], "q" + random.nextInt(3),
                random.nextInt(5), required, preferred, excluded, preferredAgent, until, queuedAt);
    }

    private static AgentCandidate randomAgent(Random random, String id, Instant now) {
        Map<String, Integer> skills = new HashMap<>();
        // Few distinct profiles, as in a real centre: agents share skill sets.
        Random profile = new Random(random.nextInt(6));
        for (int i = 1 + profile.nextInt(3); i > 0; i--) {
            skills.put(SKILLS[profile.nextInt(SKILLS.length)], profile.nextInt(8));
        }
        Map<Channel, Integer> capacity = new EnumMap<>(Channel.class);
        Map<Channel, Integer> used = new EnumMap<>(Channel.class);
        for (Channel channel : CHANNELS) {
            if (random.nextInt(3) > 0) {
                int cap = random.nextInt(4);
                capacity.put(channel, cap);
                used.put(channel, cap == 0 ? 0 : random.nextInt(cap + 1));
            }
        }
        Set<String> groups = profile.nextBoolean() ? Set.of("g" + profile.nextInt(3)) : Set.of();
        return new AgentCandidate(id, skills, capacity, used, now.minusSeconds(random.nextInt(600)), groups);
    }
}
