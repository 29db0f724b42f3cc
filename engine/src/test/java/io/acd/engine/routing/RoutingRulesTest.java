package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The routing rules by example, through both the index and the plain scan, which must agree. */
class RoutingRulesTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

    private static WaitingContact contact(String id, Channel channel, String queue, int priority, int queuedSecond,
                                          Map<String, Integer> skills) {
        return new WaitingContact(id, channel, queue, priority, skills, T0.plusSeconds(queuedSecond));
    }

    private static AgentCandidate agent(String id, Map<String, Integer> skills, Map<Channel, Integer> capacity,
                                        Map<Channel, Integer> used, int idleSecond) {
        return new AgentCandidate(id, skills, capacity, used, T0.plusSeconds(idleSecond));
    }

    private static AgentCandidate agent(String id, Map<String, Integer> skills, Channel channel, int idleSecond) {
        return agent(id, skills, Map.of(channel, 1), Map.of(), idleSecond);
    }

    /** The agent chosen for the contact, asserting that index and scan agree. */
    private static Optional<String> agentFor(RoutingConfig config, WaitingContact contact, List<AgentCandidate> agents,
                                             Instant now) {
        RoutingIndex index = new RoutingIndex(config);
        agents.forEach(index::putAgent);
        index.putContact(contact, now);
        index.advance(now);
        Optional<String> fromIndex = index.bestAgentFor(contact.interactionId(), now, false).map(m -> m.agent().agentId());
        Optional<String> fromScan = NaiveRouting.bestAgentFor(contact, agents, config, new RoundRobin(), now, false)
                .map(m -> m.agent().agentId());
        assertEquals(fromScan, fromIndex, "index and scan disagree");
        return fromIndex;
    }

    /** The contact the agent takes, asserting that index and scan agree. */
    private static Optional<String> contactFor(RoutingConfig config, AgentCandidate agent, List<WaitingContact> waiting,
                                               Instant now) {
        RoutingIndex index = new RoutingIndex(config);
        waiting.forEach(c -> index.putContact(c, now));
        index.putAgent(agent);
        index.advance(now);
        Optional<String> fromIndex = index.bestContactFor(agent.agentId(), now, false)
                .map(m -> m.contact().interactionId());
        Optional<String> fromScan = NaiveRouting.bestContactFor(agent, waiting, config, now, false)
                .map(m -> m.contact().interactionId());
        assertEquals(fromScan, fromIndex, "index and scan disagree");
        return fromIndex;
    }

    private static final RoutingConfig PLAIN = RoutingConfig.defaults();
    private static final Instant NOW = T0.plusSeconds(100);

    @Test
    void theHighestPriorityIsServedFirstEvenIfItArrivedLater() {
        assertEquals(Optional.of("new-high"), contactFor(PLAIN, agent("a", Map.of(), Channel.CHAT, 0), List.of(
                contact("old-low", Channel.CHAT, "q", 1, 0, Map.of()),
                contact("new-high", Channel.CHAT, "q", 9, 60, Map.of())), NOW));
    }

    @Test
    void withinAPriorityTheLongestWaitingIsServedFirst() {
        assertEquals(Optional.of("first"), contactFor(PLAIN, agent("a", Map.of(), Channel.CHAT, 0), List.of(
                contact("second", Channel.CHAT, "q", 5, 20, Map.of()),
                contact("first", Channel.CHAT, "q", 5, 10, Map.of())), NOW));
    }

    @Test
    void agingLetsALongWaitingLowPriorityContactOvertakeANewHighOne() {
        RoutingConfig aging = PLAIN.withQueue(new QueuePolicy("q", 0.1, 1, List.of(), SelectionStrategy.LONGEST_IDLE));
        List<WaitingContact> waiting = List.of(
                contact("waited-90s", Channel.CHAT, "q", 1, 10, Map.of()),   // 1 + 0.1 × 90 = 10
                contact("just-came", Channel.CHAT, "q", 8, 99, Map.of()));   // 8 + 0.1 × 1 = 8.1
        assertEquals(Optional.of("waited-90s"), contactFor(aging, agent("a", Map.of(), Channel.CHAT, 0), waiting, NOW));
        assertEquals(Optional.of("just-came"), contactFor(PLAIN, agent("a", Map.of(), Channel.CHAT, 0), waiting, NOW));
    }

    @Test
    void anAgentServingSeveralQueuesTakesTheHighestWeightedEffectivePriority() {
        RoutingConfig weighted = PLAIN
                .withQueue(new QueuePolicy("vip", 0, 2, List.of(), SelectionStrategy.LONGEST_IDLE))
                .withQueue(new QueuePolicy("general", 0, 1, List.of(), SelectionStrategy.LONGEST_IDLE));
        assertEquals(Optional.of("vip-3"), contactFor(weighted, agent("a", Map.of(), Channel.CHAT, 0), List.of(
                contact("general-5", Channel.CHAT, "general", 5, 0, Map.of()),
                contact("vip-3", Channel.CHAT, "vip", 3, 50, Map.of())), NOW));
    }

    @Test
    void onlyAnAgentWithEveryRequiredSkillAtOrAboveItsLevelQualifies() {
        WaitingContact c = contact("c", Channel.VOICE, "q", 0, 0, Map.of("billing", 3, "lang.pl", 4));
        List<AgentCandidate> agents = List.of(
                agent("missing-skill", Map.of("billing", 5), Channel.VOICE, 0),
                agent("too-low", Map.of("billing", 2, "lang.pl", 5), Channel.VOICE, 1),
                agent("exactly", Map.of("billing", 3, "lang.pl", 4), Channel.VOICE, 2));
        assertEquals(Optional.of("exactly"), agentFor(PLAIN, c, agents, NOW));
        assertEquals(Optional.empty(), agentFor(PLAIN, c, agents.subList(0, 2), NOW));
    }

    @Test
    void bullseyeStepsRelaxTheRequirementsAsTheContactWaits() {
        RoutingConfig bullseye = PLAIN.withQueue(new QueuePolicy("q", 0, 1, List.of(
                new Step(Duration.ofSeconds(30), 1, Set.of(), false),
                new Step(Duration.ofSeconds(60), 0, Set.of("lang.pl"), false),
                new Step(Duration.ofSeconds(120), 0, Set.of(), true)), SelectionStrategy.LONGEST_IDLE));
        WaitingContact c = contact("c", Channel.CHAT, "q", 0, 0, Map.of("billing", 4, "lang.pl", 5));
        AgentCandidate levelBelow = agent("level-below", Map.of("billing", 3, "lang.pl", 4), Channel.CHAT, 0);
        AgentCandidate noPolish = agent("no-polish", Map.of("billing", 4), Channel.CHAT, 0);
        AgentCandidate anyone = agent("anyone", Map.of(), Channel.CHAT, 0);

        assertEquals(Optional.empty(), agentFor(bullseye, c, List.of(levelBelow, noPolish, anyone), T0.plusSeconds(29)));
        assertEquals(Optional.of("level-below"), agentFor(bullseye, c, List.of(levelBelow, anyone), T0.plusSeconds(30)));
        assertEquals(Optional.empty(), agentFor(bullseye, c, List.of(noPolish, anyone), T0.plusSeconds(59)));
        assertEquals(Optional.of("no-polish"), agentFor(bullseye, c, List.of(noPolish, anyone), T0.plusSeconds(60)));
        assertEquals(Optional.of("anyone"), agentFor(bullseye, c, List.of(anyone), T0.plusSeconds(120)));
    }

    @Test
    void aQueueServedByAgentGroupsWidensToMoreGroupsStepByStep() {
        RoutingConfig grouped = PLAIN.withQueue(new QueuePolicy("q", 0, 1, List.of(
                new Step(Duration.ofSeconds(30), 0, Set.of(), false, Set.of("tier2")),
                new Step(Duration.ofSeconds(60), 0, Set.of(), true, Set.of())), SelectionStrategy.LONGEST_IDLE,
                Set.of("tier1")));
        WaitingContact c = contact("c", Channel.CHAT, "q", 0, 0, Map.of("billing", 3));
        AgentCandidate tier2 = new AgentCandidate("tier2-agent", Map.of("billing", 5), Map.of(Channel.CHAT, 1),
                Map.of(), T0, Set.of("tier2"));
        AgentCandidate tier2Unskilled = new AgentCandidate("tier2-unskilled", Map.of(), Map.of(Channel.CHAT, 1),
                Map.of(), T0.plusSeconds(1), Set.of("tier2"));
        AgentCandidate outsider = new AgentCandidate("outsider", Map.of("billing", 9), Map.of(Channel.CHAT, 1),
                Map.of(), T0, Set.of("sales"));

        assertEquals(Optional.empty(), agentFor(grouped, c, List.of(tier2, outsider), T0.plusSeconds(29)));
        assertEquals(Optional.of("tier2-agent"), agentFor(grouped, c, List.of(tier2, outsider), T0.plusSeconds(30)));
        // The last step takes any agent of the queue's groups, never one outside them.
        assertEquals(Optional.of("tier2-unskilled"), agentFor(grouped, c, List.of(tier2Unskilled, outsider),
                T0.plusSeconds(60)));
        assertEquals(Optional.empty(), agentFor(grouped, c, List.of(outsider), T0.plusSeconds(600)));
    }

    @Test
    void aStepFallingDueMovesTheContactWithoutAnyNewEvent() {
        RoutingConfig bullseye = PLAIN.withQueue(new QueuePolicy("q", 0, 1, List.of(
                new Step(Duration.ofSeconds(30), 0, Set.of(), true)), SelectionStrategy.LONGEST_IDLE));
        RoutingIndex index = new RoutingIndex(bullseye);
        index.putAgent(agent("generalist", Map.of(), Channel.CHAT, 0));
        index.putContact(contact("c", Channel.CHAT, "q", 0, 0, Map.of("rare", 5)), T0.plusSeconds(1));
        assertTrue(index.bestAgentFor("c", T0.plusSeconds(1), false).isEmpty());
        assertEquals(Optional.of(T0.plusSeconds(30)), index.nextChange());

        List<WaitingContact> moved = index.advance(T0.plusSeconds(30));

        assertEquals(List.of("c"), moved.stream().map(WaitingContact::interactionId).toList());
        assertEquals("generalist", index.bestAgentFor("c", T0.plusSeconds(30), false).orElseThrow().agent().agentId());
    }

    @Test
    void anAgentWithoutAFreeSlotOnTheChannelOrBlockedByHeldWorkIsSkipped() {
        RoutingConfig voiceBlocksChat = new RoutingConfig(Map.of(), Map.of(Channel.VOICE, Set.of(Channel.CHAT)));
        WaitingContact chat = contact("c", Channel.CHAT, "q", 0, 0, Map.of());
        AgentCandidate onACall = agent("on-a-call", Map.of(), Map.of(Channel.VOICE, 1, Channel.CHAT, 3),
                Map.of(Channel.VOICE, 1), 0);
        AgentCandidate chatsFull = agent("chats-full", Map.of(), Map.of(Channel.CHAT, 2), Map.of(Channel.CHAT, 2), 1);
        AgentCandidate emailing = agent("emailing", Map.of(), Map.of(Channel.EMAIL, 5, Channel.CHAT, 2),
                Map.of(Channel.EMAIL, 4), 2);
        assertEquals(Optional.of("emailing"), agentFor(voiceBlocksChat, chat, List.of(onACall, chatsFull, emailing), NOW));
        assertEquals(Optional.of("on-a-call"), agentFor(PLAIN, chat, List.of(onACall, chatsFull, emailing), NOW));
    }

    @Test
    void excludedAgentsAreNeverChosenAndAPreferredAgentIsWaitedForUntilItsExpiry() {
        WaitingContact excluding = new WaitingContact("c", Channel.CHAT, "q", 0, Map.of(), Map.of(), Set.of("ala"),
                null, null, T0);
        List<AgentCandidate> agents = List.of(agent("ala", Map.of(), Channel.CHAT, 0),
                agent("bob", Map.of(), Channel.CHAT, 50));
        assertEquals(Optional.of("bob"), agentFor(PLAIN, excluding, agents, NOW));

        WaitingContact sticky = new WaitingContact("s", Channel.CHAT, "q", 0, Map.of(), Map.of(), Set.of(),
                "bob", T0.plusSeconds(60), T0);
        assertEquals(Optional.of("bob"), agentFor(PLAIN, sticky, agents, T0.plusSeconds(10)));
        assertEquals(Optional.empty(), agentFor(PLAIN, sticky, agents.subList(0, 1), T0.plusSeconds(10)));
        assertEquals(Optional.of("ala"), agentFor(PLAIN, sticky, agents, T0.plusSeconds(60)));
    }

    @Test
    void preferredSkillsMakeAnAgentTheBetterChoice() {
        WaitingContact c = new WaitingContact("c", Channel.CHAT, "q", 0, Map.of("billing", 1), Map.of("lang.de", 3),
                Set.of(), null, null, T0);
        List<AgentCandidate> agents = List.of(agent("idle-longest", Map.of("billing", 1), Channel.CHAT, 0),
                agent("speaks-german", Map.of("billing", 1, "lang.de", 4), Channel.CHAT, 50));
        assertEquals(Optional.of("speaks-german"), agentFor(PLAIN, c, agents, NOW));
    }

    @Test
    void eachStrategyPicksItsAgent() {
        WaitingContact c = contact("c", Channel.CHAT, "q", 0, 0, Map.of("billing", 1));
        AgentCandidate idleLongest = agent("idle-longest", Map.of("billing", 1), Map.of(Channel.CHAT, 4),
                Map.of(Channel.CHAT, 2), 0);
        AgentCandidate expert = agent("expert", Map.of("billing", 9), Map.of(Channel.CHAT, 4), Map.of(Channel.CHAT, 3), 10);
        AgentCandidate leastBusy = agent("least-busy", Map.of("billing", 2), Map.of(Channel.CHAT, 4), Map.of(), 20);
        List<AgentCandidate> agents = List.of(idleLongest, expert, leastBusy);
        assertEquals(Optional.of("idle-longest"), agentFor(strategy(SelectionStrategy.LONGEST_IDLE), c, agents, NOW));
        assertEquals(Optional.of("expert"), agentFor(strategy(SelectionStrategy.MOST_SKILLED), c, agents, NOW));
        assertEquals(Optional.of("least-busy"), agentFor(strategy(SelectionStrategy.LEAST_OCCUPIED), c, agents, NOW));
    }

    @Test
    void roundRobinGoesToTheAgentThisQueueOfferedToLeastRecently() {
        RoutingConfig config = strategy(SelectionStrategy.ROUND_ROBIN);
        RoutingIndex index = new RoutingIndex(config);
        List<String> served = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            for (String id : List.of("a", "b", "c")) {
                index.putAgent(agent(id, Map.of(), Map.of(Channel.CHAT, 1), Map.of(), id.equals("c") ? 0 : 5));
            }
            index.putContact(contact("c" + i, Channel.CHAT, "q", 0, i, Map.of()), NOW);
            Match match = index.bestAgentFor("c" + i, NOW, false).orElseThrow();
            index.matched(match);
            index.removeContact("c" + i);
            served.add(match.agent().agentId());
        }
        assertEquals(List.of("c", "a", "b", "c", "a", "b"), served);
    }

    @Test
    void aDecisionExplainsItselfWhenAsked() {
        RoutingIndex index = new RoutingIndex(PLAIN);
        index.putAgent(agent("ala", Map.of(), Channel.CHAT, 0));
        index.putAgent(agent("bob", Map.of(), Channel.CHAT, 30));
        index.putContact(contact("c", Channel.CHAT, "q", 4, 40, Map.of()), NOW);

        Decision decision = index.bestAgentFor("c", NOW, true).orElseThrow().decision();

        assertNotNull(decision);
        assertEquals("contact_arrived", decision.direction());
        assertEquals(2, decision.candidates());
        assertEquals("bob", decision.runnerUp());
        assertEquals("idle 30000 ms less", decision.runnerUpLostOn());
        assertEquals(60_000, decision.waitedMillis());
        assertEquals(4.0, decision.effectivePriority());
        assertEquals(null, index.bestAgentFor("c", NOW, false).orElseThrow().decision());
    }

    private static RoutingConfig strategy(SelectionStrategy strategy) {
        return PLAIN.withQueue(new QueuePolicy("q", 0, 1, List.of(), strategy));
    }
}
