package io.acd.engine.routing;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * An available agent as the index keeps it: what decisions read of the agent's latest report, as numbers
 * and the profile's shared sets, never a reference to the report itself. Reports arrive all the time and
 * each is a new object, while entries live long: storing a new object into an old one costs G1's write
 * barrier a card to dirty and refine, and across 100,000 agents every report dirtied a different card
 * (measured: the agent side ran at half the speed it had under a collector without that barrier). Writing
 * numbers into arrays the entry already holds costs no barrier.
 *
 * <p>Guarantees: {@link #report} copies a report's capacity and load into the entry's own arrays, allocating
 * nothing, and answers the channels the agent can take new work on by {@link Rules#takeableChannels};
 * {@link #candidate} rebuilds the report as it was, from those numbers and the profile. {@link #idleOrder} is
 * the order in which {@link Rules#compareAgents} ends.
 *
 * <p>The caller must: keep {@link #profile} the profile of the agent's latest skills and groups; take the entry
 * out of every {@link Takers} it is in before changing {@link #profile} or {@link #idleSince}, which place it
 * there; keep {@link #channels} the channels whose takers hold it. Call {@link #candidate} for a match or an
 * explanation only, never while searching: it allocates. One thread.
 */
final class AgentEntry implements AgentFacts {

    private static final Channel[] CHANNELS = Channel.values();

    /** The agent's id, kept here so that breaking a tie in idle time does not read anything else. */
    final String id;
    Profile profile;
    /** The agent's idle time as a number, kept here so that ordering agents reads only their entries. */
    long idleSince;
    /** Per channel ordinal, from the latest report. */
    final int[] capacity = new int[CHANNELS.length];
    final int[] used = new int[CHANNELS.length];
    /** Their sums, worked out once per report rather than at every comparison by occupancy. */
    int capacityTotal;
    int usedTotal;
    /** Bit per channel ordinal: the channels on which the agent can take new work now. */
    int channels;

    AgentEntry(String id, Profile profile, long idleSince) {
        this.id = id;
        this.profile = profile;
        this.idleSince = idleSince;
    }

    /** Longest idle first, then by id: the order in which {@link Rules#compareAgents} ends. */
    static int idleOrder(long idleA, AgentEntry a, long idleB, AgentEntry b) {
        if (a == b) {
            return 0;
        }
        int c = Long.compare(idleA, idleB);
        return c != 0 ? c : a.id.compareTo(b.id);
    }

    /** Copies the report's capacity and load; returns the channels the agent can take new work on. */
    int report(AgentCandidate agent, RoutingConfig config) {
        int holding = 0;
        int withFreeSlot = 0;
        capacityTotal = 0;
        usedTotal = 0;
        for (Channel channel : CHANNELS) {
            int c = channel.ordinal();
            Integer cap = agent.capacity().get(channel);
            Integer held = agent.used().get(channel);
            capacity[c] = cap == null ? 0 : cap;
            used[c] = held == null ? 0 : held;
            capacityTotal += capacity[c];
            usedTotal += used[c];
            if (used[c] > 0) {
                holding |= 1 << c;
            }
            if (capacity[c] > used[c]) {
                withFreeSlot |= 1 << c;
            }
        }
        return Rules.takeableChannels(holding, withFreeSlot, config);
    }

    boolean takes(Channel channel) {
        return (channels & (1 << channel.ordinal())) != 0;
    }

    @Override
    public String agentId() {
        return id;
    }

    @Override
    public Map<String, Integer> skills() {
        return profile.skills;
    }

    @Override
    public Set<String> groups() {
        return profile.groups;
    }

    @Override
    public int usedTotal() {
        return usedTotal;
    }

    @Override
    public int capacityTotal() {
        return capacityTotal;
    }

    /** The agent as last reported, made anew: for a match or an explanation, never while searching. */
    AgentCandidate candidate() {
        Map<Channel, Integer> capacities = new EnumMap<>(Channel.class);
        Map<Channel, Integer> load = new EnumMap<>(Channel.class);
        for (Channel channel : CHANNELS) {
            if (capacity[channel.ordinal()] != 0) {
                capacities.put(channel, capacity[channel.ordinal()]);
            }
            if (used[channel.ordinal()] != 0) {
                load.put(channel, used[channel.ordinal()]);
            }
        }
        return new AgentCandidate(id, profile.skills, capacities, load, Instant.ofEpochSecond(0, idleSince),
                profile.groups);
    }
}
