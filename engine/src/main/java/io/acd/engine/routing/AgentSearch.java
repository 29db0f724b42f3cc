package io.acd.engine.routing;

import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The best (and, when explaining, the runner-up) available agent for a contact: the preferred agent alone while
 * the contact has one, else the best of the takers of the contact's channel in every profile its qualification
 * holds. One scan serves both the fast path and the explained one; explaining adds the runner-up and the count
 * of qualified agents.
 *
 * <p>Guarantees: {@link #run} finds the agent {@link NaiveRouting#bestAgentFor} would, by the order of
 * {@link Rules#compareAgents}, and, when explaining, the same runner-up and count. For the strategies under
 * which a profile's takers are already in order (longest idle, most skilled) it looks at one taker per profile,
 * two when explaining, and counts the rest. Without explaining it allocates nothing and writes no field: the
 * scan keeps its state in locals, so that a decision stores no reference into this long-lived object (each
 * such store costs G1's write barrier a card).
 *
 * <p>The caller must: bring the index up to date first (the contact's step and qualification at the time
 * passed); call {@link #decision} only after an explained run that found an agent, and before the next
 * explained run. One thread: the object is shared by every search of its index.
 */
final class AgentSearch {

    private final IdMap<AgentEntry> agents;
    private final List<Profile> profiles;
    private final RoundRobin roundRobin;
    /** Of the last explained run only. */
    private AgentEntry second;
    private int qualified;

    /** The index's available agents by id, its profiles by number, and its round robin. */
    AgentSearch(IdMap<AgentEntry> agents, List<Profile> profiles, RoundRobin roundRobin) {
        this.agents = agents;
        this.profiles = profiles;
        this.roundRobin = roundRobin;
    }

    /**
     * The best agent for the contact, or null.
     *
     * @param preferredAgent the only agent that may take the contact for now, or null
     * @param qualification  which profiles the contact's requirements admit; read only without a preferred agent
     */
    AgentEntry run(WaitingContact contact, QueuePolicy queue, String preferredAgent, Qualification qualification,
                   Instant now, boolean explain) {
        AgentEntry best = null;
        AgentEntry second = null;
        int qualified = 0;
        if (preferredAgent != null) {
            AgentEntry only = agents.get(preferredAgent);
            if (only != null && only.takes(contact.channel())
                    && Rules.qualifiesBySkillsAndIdentity(only, contact, queue, now)) {
                best = only;
                qualified = 1;
            }
        } else {
            Set<String> excluded = contact.excludedAgents();
            boolean excludes = !excluded.isEmpty();
            boolean headIsBest = queue.strategy() == SelectionStrategy.LONGEST_IDLE
                    || queue.strategy() == SelectionStrategy.MOST_SKILLED;
            BitSet matching = qualification.extendTo(profiles);
            for (int p = matching.nextSetBit(0); p >= 0; p = matching.nextSetBit(p + 1)) {
                Profile profile = profiles.get(p);
                Takers takers = profile.takersOrNull(contact.channel());
                if (takers == null) {
                    continue;
                }
                int considered = 0;
                for (int t = 0; t < takers.size(); t++) {
                    AgentEntry a = takers.get(t);
                    if (excludes && excluded.contains(a.id)) {
                        continue;
                    }
                    if (best == null || compareTakers(a, best, contact, queue) < 0) {
                        second = best;
                        best = a;
                    } else if (explain && (second == null || compareTakers(a, second, contact, queue) < 0)) {
                        second = a;
                    }
                    if (headIsBest) {
                        // Within a profile these strategies rank by idle time alone: the first taker is its best,
                        // the second its runner-up, and the rest only need counting.
                        if (!explain || ++considered == 2) {
                            break;
                        }
                    } else if (explain) {
                        qualified++;
                    }
                }
                if (explain && headIsBest) {
                    qualified += takers.size() - excludedAmong(contact, profile);
                }
            }
        }
        if (explain) {
            this.second = second;
            this.qualified = qualified;
        }
        return best;
    }

    /** Why the last explained run chose its agent, for people; {@code winner} is that agent as reported. */
    Decision decision(AgentCandidate winner, WaitingContact contact, QueuePolicy queue, int step, Instant now) {
        return new Decision("contact_arrived", queue.name(), step,
                Rules.effectivePriority(contact, queue, now), Rules.waited(contact, now).toMillis(),
                queue.strategy(), qualified, second == null ? null : second.id,
                second == null ? null : Rules.agentLostOn(winner, second.candidate(), contact, queue, roundRobin), now);
    }

    /** How many of the agents a contact excludes are takers of its channel in the profile. */
    private int excludedAmong(WaitingContact contact, Profile profile) {
        int excluded = 0;
        for (String agentId : contact.excludedAgents()) {
            AgentEntry agent = agents.get(agentId);
            if (agent != null && agent.profile == profile && agent.takes(contact.channel())) {
                excluded++;
            }
        }
        return excluded;
    }

    /**
     * {@link Rules#compareAgents} on index entries, which keep what it reads: skills from the profile, load
     * and idle time as numbers.
     */
    private int compareTakers(AgentEntry a, AgentEntry b, WaitingContact contact, QueuePolicy queue) {
        Map<String, Integer> preferred = contact.preferredSkills();
        int c = preferred.isEmpty() ? 0 : Integer.compare(Rules.preferredScore(b.profile.skills, preferred),
                Rules.preferredScore(a.profile.skills, preferred));
        if (c != 0) {
            return c;
        }
        c = queue.strategy() == SelectionStrategy.LONGEST_IDLE ? 0
                : Rules.compareByStrategy(a, b, contact, queue, roundRobin);
        return c != 0 ? c : AgentEntry.idleOrder(a.idleSince, a, b.idleSince, b);
    }
}
