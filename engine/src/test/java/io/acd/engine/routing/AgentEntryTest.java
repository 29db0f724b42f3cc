package io.acd.engine.routing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentEntryTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final Profile PROFILE = new Profile(0, Map.of("billing", 3), Set.of("g1"));

    private static AgentEntry reported(AgentCandidate agent, RoutingConfig config) {
        AgentEntry entry = new AgentEntry(agent.agentId(), PROFILE, Rules.epochNanos(agent.idleSince()));
        entry.channels = entry.report(agent, config);
        return entry;
    }

    private static AgentCandidate agent(Map<Channel, Integer> capacity, Map<Channel, Integer> used) {
        return new AgentCandidate("a", Map.of("billing", 3), capacity, used, T0.plusNanos(123), Set.of("g1"));
    }

    @Test
    void shouldTakeTheChannelsWithAFreeSlot() {
        AgentEntry entry = reported(agent(Map.of(Channel.CHAT, 2, Channel.EMAIL, 1, Channel.VOICE, 1),
                Map.of(Channel.CHAT, 1, Channel.EMAIL, 1)), RoutingConfig.defaults());
        assertTrue(entry.takes(Channel.CHAT));
        assertTrue(entry.takes(Channel.VOICE));
        assertFalse(entry.takes(Channel.EMAIL));
        assertFalse(entry.takes(Channel.SMS));
    }

    @Test
    void shouldNotTakeAChannelThatHeldWorkBlocks() {
        RoutingConfig voiceBlocksChat = new RoutingConfig(Map.of(), Map.of(Channel.VOICE, Set.of(Channel.CHAT)));
        AgentEntry entry = reported(agent(Map.of(Channel.CHAT, 2, Channel.VOICE, 2), Map.of(Channel.VOICE, 1)),
                voiceBlocksChat);
        assertFalse(entry.takes(Channel.CHAT));
        assertTrue(entry.takes(Channel.VOICE));
    }

    @Test
    void shouldSumCapacityAndLoadOverChannelsAtEachReport() {
        AgentEntry entry = reported(agent(Map.of(Channel.CHAT, 3, Channel.EMAIL, 2), Map.of(Channel.CHAT, 1)),
                RoutingConfig.defaults());
        assertEquals(5, entry.capacityTotal());
        assertEquals(1, entry.usedTotal());
        entry.report(agent(Map.of(Channel.CHAT, 1), Map.of()), RoutingConfig.defaults());
        assertEquals(1, entry.capacityTotal());
        assertEquals(0, entry.usedTotal());
    }

    @Test
    void shouldGiveBackTheAgentAsReported() {
        AgentCandidate reported = agent(Map.of(Channel.CHAT, 3, Channel.VOICE, 1), Map.of(Channel.CHAT, 2));
        assertEquals(reported, reported(reported, RoutingConfig.defaults()).candidate());
    }

    @Test
    void shouldOrderTheLongestIdleFirstThenById() {
        AgentEntry early = new AgentEntry("z", PROFILE, 100);
        AgentEntry late = new AgentEntry("a", PROFILE, 200);
        AgentEntry lateHigherId = new AgentEntry("b", PROFILE, 200);
        assertTrue(AgentEntry.idleOrder(early.idleSince, early, late.idleSince, late) < 0);
        assertTrue(AgentEntry.idleOrder(late.idleSince, late, lateHigherId.idleSince, lateHigherId) < 0);
        assertEquals(0, AgentEntry.idleOrder(late.idleSince, late, late.idleSince, late));
    }

    @Test
    void shouldShowTheRulesTheProfilesSkillsAndGroups() {
        AgentEntry entry = new AgentEntry("a", PROFILE, 0);
        assertEquals("a", entry.agentId());
        assertEquals(PROFILE.skills, entry.skills());
        assertEquals(PROFILE.groups, entry.groups());
    }
}
