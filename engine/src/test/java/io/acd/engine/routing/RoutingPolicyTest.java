package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

    private static WaitingContact contact(String id, Channel channel, int priority, int queuedSecond,
                                          Map<String, Integer> skills) {
        return new WaitingContact(id, channel, "q", priority, skills, T0.plusSeconds(queuedSecond));
    }

    private static AgentCandidate agent(String id, Map<String, Integer> skills, Map<Channel, Integer> free,
                                        int idleSecond) {
        return new AgentCandidate(id, skills, free, T0.plusSeconds(idleSecond));
    }

    private static Optional<Match> next(List<WaitingContact> contacts, List<AgentCandidate> agents) {
        TreeSet<WaitingContact> ordered = new TreeSet<>(RoutingPolicy.SERVICE_ORDER);
        ordered.addAll(contacts);
        return RoutingPolicy.next(ordered, agents);
    }

    @Test
    void highestPriorityIsServedFirstEvenIfItArrivedLater() {
        Match match = next(
                List.of(contact("old-low", Channel.CHAT, 1, 0, Map.of()), contact("new-high", Channel.CHAT, 9, 60, Map.of())),
                List.of(agent("a", Map.of(), Map.of(Channel.CHAT, 1), 0))).orElseThrow();
        assertEquals("new-high", match.contact().interactionId());
    }

    @Test
    void withinAPriorityTheLongestWaitingIsServedFirst() {
        Match match = next(
                List.of(contact("second", Channel.CHAT, 5, 20, Map.of()), contact("first", Channel.CHAT, 5, 10, Map.of())),
                List.of(agent("a", Map.of(), Map.of(Channel.CHAT, 1), 0))).orElseThrow();
        assertEquals("first", match.contact().interactionId());
    }

    @Test
    void onlyAnAgentWithEveryRequiredSkillAtOrAboveItsLevelQualifies() {
        WaitingContact c = contact("c", Channel.VOICE, 0, 0, Map.of("billing", 3, "lang.pl", 4));
        List<AgentCandidate> agents = List.of(
                agent("missing-skill", Map.of("billing", 5), Map.of(Channel.VOICE, 1), 0),
                agent("too-low", Map.of("billing", 2, "lang.pl", 5), Map.of(Channel.VOICE, 1), 1),
                agent("exactly", Map.of("billing", 3, "lang.pl", 4), Map.of(Channel.VOICE, 1), 2));
        assertEquals("exactly", next(List.of(c), agents).orElseThrow().agent().agentId());
        assertTrue(next(List.of(c), agents.subList(0, 2)).isEmpty());
    }

    @Test
    void anAgentWithoutAFreeSlotOnTheContactsChannelIsSkipped() {
        WaitingContact c = contact("c", Channel.EMAIL, 0, 0, Map.of());
        List<AgentCandidate> agents = List.of(
                agent("chat-only", Map.of(), Map.of(Channel.CHAT, 3), 0),
                agent("email-full", Map.of(), Map.of(Channel.EMAIL, 0), 1),
                agent("email-free", Map.of(), Map.of(Channel.EMAIL, 1), 2));
        assertEquals("email-free", next(List.of(c), agents).orElseThrow().agent().agentId());
    }

    @Test
    void amongQualifiedAgentsTheOneIdleLongestWinsThenTheLowestId() {
        WaitingContact c = contact("c", Channel.CHAT, 0, 0, Map.of());
        assertEquals("idle-longest", next(List.of(c), List.of(
                agent("recent", Map.of(), Map.of(Channel.CHAT, 1), 50),
                agent("idle-longest", Map.of(), Map.of(Channel.CHAT, 1), 10))).orElseThrow().agent().agentId());
        assertEquals("a", next(List.of(c), List.of(
                agent("b", Map.of(), Map.of(Channel.CHAT, 1), 10),
                agent("a", Map.of(), Map.of(Channel.CHAT, 1), 10))).orElseThrow().agent().agentId());
    }

    @Test
    void aContactNobodyCanServeDoesNotBlockTheOnesBehindIt() {
        Match match = next(
                List.of(contact("needs-french", Channel.CHAT, 9, 0, Map.of("lang.fr", 1)),
                        contact("plain", Channel.CHAT, 1, 30, Map.of())),
                List.of(agent("a", Map.of("lang.pl", 5), Map.of(Channel.CHAT, 1), 0))).orElseThrow();
        assertEquals("plain", match.contact().interactionId());
    }

    @Test
    void noFreeAgentOrNoWaitingContactMeansNoMatch() {
        assertTrue(next(List.of(contact("c", Channel.CHAT, 0, 0, Map.of())), List.of()).isEmpty());
        assertTrue(next(List.of(), List.of(agent("a", Map.of(), Map.of(Channel.CHAT, 1), 0))).isEmpty());
    }

    /**
     * Drains random queues against random agents, as the router does, and checks every rule on every
     * match: qualification, capacity, service order and agent preference.
     */
    @Test
    void drainingRandomQueuesNeverBreaksARule() {
        Random random = new Random(42);
        String[] skills = {"billing", "sales", "lang.pl", "lang.en"};
        for (int round = 0; round < 300; round++) {
            List<WaitingContact> contacts = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(30); i++) {
                Map<String, Integer> required = random.nextBoolean()
                        ? Map.of(skills[random.nextInt(skills.length)], random.nextInt(6)) : Map.of();
                contacts.add(contact("c" + i, Channel.values()[random.nextInt(3)], random.nextInt(4),
                        random.nextInt(100), required));
            }
            List<AgentCandidate> agents = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                Map<String, Integer> has = new java.util.HashMap<>();
                has.put(skills[random.nextInt(skills.length)], random.nextInt(6));
                has.put(skills[random.nextInt(2) + 2], random.nextInt(6));
                Map<Channel, Integer> capacity = new java.util.EnumMap<>(Channel.class);
                capacity.put(Channel.CHAT, random.nextInt(3));
                capacity.put(Channel.values()[random.nextInt(3)], 1 + random.nextInt(2));
                agents.add(agent("a" + i, has, capacity, random.nextInt(100)));
            }
            TreeSet<WaitingContact> waiting = new TreeSet<>(RoutingPolicy.SERVICE_ORDER);
            waiting.addAll(contacts);
            List<AgentCandidate> free = new ArrayList<>(agents);
            Optional<Match> next;
            while ((next = RoutingPolicy.next(waiting, free)).isPresent()) {
                Match m = next.get();
                assertTrue(m.agent().canTake(m.contact()));
                for (WaitingContact ahead : waiting.headSet(m.contact())) {
                    assertTrue(free.stream().noneMatch(a -> a.canTake(ahead)),
                            "a contact ahead in line had a qualified free agent");
                }
                for (AgentCandidate other : free) {
                    if (other.canTake(m.contact())) {
                        assertTrue(RoutingPolicy.AGENT_PREFERENCE.compare(m.agent(), other) <= 0,
                                "a qualified agent idle longer was passed over");
                    }
                }
                waiting.remove(m.contact());
                free.remove(m.agent());
                Map<Channel, Integer> left = new java.util.EnumMap<>(Channel.class);
                left.putAll(m.agent().free());
                left.merge(m.contact().channel(), -1, Integer::sum);
                free.add(new AgentCandidate(m.agent().agentId(), m.agent().skills(), left, m.agent().idleSince()));
                assertTrue(left.get(m.contact().channel()) >= 0, "capacity went negative");
            }
            for (WaitingContact left : waiting) {
                assertTrue(free.stream().noneMatch(a -> a.canTake(left)));
            }
        }
    }
}
