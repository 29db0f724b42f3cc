package io.acd.engine.routing;

import java.util.Arrays;

/**
 * The agents of one profile that can take one channel now, longest idle first (then by id), with their
 * idle times in an array of their own beside them: placing an agent compares numbers in one array and
 * reads another agent's entry only on a tie, instead of fetching an entry at every step of the search.
 *
 * <p>Guarantees: {@code get(0)} to {@code get(size() - 1)} are the agents added and not removed, in
 * {@link AgentEntry#idleOrder}; within a profile, where skills and groups are the same, that is the order of
 * the longest-idle and most-skilled strategies, so the first agent a contact does not exclude is the profile's
 * best for them. Removing an agent that is not here does nothing. Only growing allocates.
 *
 * <p>The caller must: add an agent at most once; remove it before changing its {@link AgentEntry#idleSince},
 * since it is found by the idle time it was added with. One thread.
 */
final class Takers {

    private AgentEntry[] agents = new AgentEntry[4];
    private long[] idle = new long[4];
    private int size;

    int size() {
        return size;
    }

    AgentEntry get(int i) {
        return agents[i];
    }

    void add(AgentEntry entry) {
        int at = -(search(entry) + 1);
        if (size == agents.length) {
            agents = Arrays.copyOf(agents, size * 2);
            idle = Arrays.copyOf(idle, size * 2);
        }
        System.arraycopy(agents, at, agents, at + 1, size - at);
        System.arraycopy(idle, at, idle, at + 1, size - at);
        agents[at] = entry;
        idle[at] = entry.idleSince;
        size++;
    }

    void remove(AgentEntry entry) {
        int at = search(entry);
        if (at >= 0) {
            System.arraycopy(agents, at + 1, agents, at, size - at - 1);
            System.arraycopy(idle, at + 1, idle, at, size - at - 1);
            agents[--size] = null;
        }
    }

    private int search(AgentEntry entry) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = AgentEntry.idleOrder(idle[mid], agents[mid], entry.idleSince, entry);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }
}
