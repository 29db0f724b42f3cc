package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ContactSearchTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final Instant NOW = T0.plusSeconds(60);
    private static final RoutingConfig CONFIG = new RoutingConfig(Map.of(
            "slow", new QueuePolicy("slow", 0, 1, List.of(), SelectionStrategy.LONGEST_IDLE),
            "vip", new QueuePolicy("vip", 0, 3, List.of(), SelectionStrategy.LONGEST_IDLE)), Map.of());

    private final Interner interner = new Interner(CONFIG);
    private final List<Profile> profiles = new ArrayList<>();
    private final GroupTable table = new GroupTable(interner, profiles);
    private final ContactSearch search = new ContactSearch(profiles);
    private final List<WaitingContact> waiting = new ArrayList<>();

    private AgentCandidate agent(String id, Map<String, Integer> skills, Channel... channels) {
        Map<Channel, Integer> capacity = new EnumMap<>(Channel.class);
        for (Channel channel : channels) {
            capacity.put(channel, 1);
        }
        return new AgentCandidate(id, skills, capacity, Map.of(), T0);
    }

    private AgentEntry entry(AgentCandidate agent) {
        Profile profile = profiles.stream().filter(p -> p.fits(agent.skills(), agent.groups())).findFirst()
                .orElseGet(() -> {
                    Profile made = new Profile(profiles.size(), agent.skills(), agent.groups());
                    profiles.add(made);
                    table.rankUnder(made);
                    return made;
                });
        AgentEntry entry = new AgentEntry(agent.agentId(), profile, Rules.epochNanos(agent.idleSince()));
        entry.channels = entry.report(agent, CONFIG);
        return entry;
    }

    private void file(WaitingContact contact) {
        waiting.add(contact);
        ContactEntry entry = new ContactEntry(contact, interner.queue(contact.queue()),
                interner.requirement(contact.skills()));
        table.place(entry, NOW);
    }

    private static WaitingContact contact(String id, String queue, int priority, Map<String, Integer> skills) {
        return new WaitingContact(id, Channel.CHAT, queue, priority, skills, T0);
    }

    private String found(AgentCandidate agent, boolean explain) {
        AgentEntry entry = entry(agent);
        ContactEntry best = search.run(entry, table.preferredOf(agent.agentId()), NOW, explain);
        return best == null ? null : best.contact.interactionId();
    }

    @Test
    void shouldFindTheHighestEffectivePriorityAcrossQueues() {
        file(contact("slow-high", "slow", 5, Map.of()));
        // Weight 3: an effective priority of 6 beats 5.
        file(contact("vip-low", "vip", 2, Map.of()));
        file(contact("vip-lower", "vip", 1, Map.of()));
        AgentCandidate agent = agent("a", Map.of(), Channel.CHAT);
        assertEquals("vip-low", found(agent, false));
        assertEquals("vip-low", found(agent, true));
    }

    @Test
    void shouldTakeOnlyContactsItsSkillsQualifyFor() {
        file(contact("needs-tech", "slow", 9, Map.of("tech", 3)));
        file(contact("plain", "slow", 1, Map.of()));
        assertEquals("plain", found(agent("a", Map.of("tech", 2), Channel.CHAT), false));
        assertEquals("needs-tech", found(agent("b", Map.of("tech", 3), Channel.CHAT), false));
    }

    @Test
    void shouldPassOverContactsThatExcludeTheAgent() {
        file(new WaitingContact("best-but-excluding", Channel.CHAT, "slow", 9, Map.of(), Map.of(), Set.of("a"),
                null, null, T0));
        file(contact("next", "slow", 5, Map.of()));
        file(contact("last", "slow", 1, Map.of()));
        assertEquals("next", found(agent("a", Map.of(), Channel.CHAT), false));
        assertEquals("best-but-excluding", found(agent("b", Map.of(), Channel.CHAT), false));
    }

    @Test
    void shouldLookOnlyOnChannelsTheAgentCanTake() {
        file(new WaitingContact("voice", Channel.VOICE, "slow", 9, Map.of(), T0));
        file(contact("chat", "slow", 1, Map.of()));
        assertEquals("chat", found(agent("a", Map.of(), Channel.CHAT, Channel.EMAIL), false));
        assertNull(found(agent("b", Map.of(), Channel.EMAIL), false));
    }

    @Test
    void shouldOfferAContactOnlyToItsPreferredAgentWhileThatLasts() {
        file(new WaitingContact("sticky", Channel.CHAT, "slow", 9, Map.of(), Map.of(), Set.of(), "a",
                NOW.plusSeconds(30), T0));
        file(contact("open", "slow", 1, Map.of()));
        assertEquals("sticky", found(agent("a", Map.of(), Channel.CHAT), false));
        assertEquals("open", found(agent("b", Map.of(), Channel.CHAT), false));
    }

    @Test
    void shouldExplainWithTheRunnerUpAndTheCountOfQualifiedContactsLikeThePlainScan() {
        file(contact("first", "slow", 9, Map.of()));
        file(contact("second", "vip", 2, Map.of()));
        file(contact("third", "slow", 4, Map.of()));
        file(contact("unqualified", "slow", 9, Map.of("tech", 9)));
        file(new WaitingContact("excluding", Channel.CHAT, "slow", 9, Map.of(), Map.of(), Set.of("a"), null, null,
                T0));
        AgentCandidate agent = agent("a", Map.of(), Channel.CHAT);
        ContactEntry best = search.run(entry(agent), table.preferredOf("a"), NOW, true);
        Decision decision = search.decision(NOW);
        assertEquals("first", best.contact.interactionId());
        assertEquals("second", decision.runnerUp());
        assertEquals(3, decision.candidates());
        Optional<Match> scan = NaiveRouting.bestContactFor(agent, waiting, CONFIG, NOW, true);
        assertEquals(scan.orElseThrow().decision(), decision);
    }

    @Test
    void shouldStartEachRunAfresh() {
        file(contact("only-for-skilled", "slow", 9, Map.of("tech", 1)));
        assertEquals("only-for-skilled", found(agent("a", Map.of("tech", 1), Channel.CHAT), true));
        assertNull(found(agent("b", Map.of(), Channel.CHAT), true));
        assertNull(found(agent("c", Map.of(), Channel.CHAT), false));
    }
}
