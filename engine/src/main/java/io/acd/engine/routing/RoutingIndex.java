package io.acd.engine.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The router's in-memory index of waiting contacts and available agents, deciding in both directions with
 * {@link Rules}, like {@link NaiveRouting}, but looking only where an answer can be:
 *
 * <ul>
 *   <li>Contacts are grouped by queue, channel, bullseye step and current requirements. Within a group,
 *   effective priority keeps its order as time passes (same queue, same aging), so each group is a heap
 *   ordered once and only the heads are compared, at the moment of the decision.</li>
 *   <li>Agents are grouped by skill profile; per profile and channel the agents that could take that channel
 *   now are kept by how long they have been idle.</li>
 *   <li>Which profiles meet which requirements is worked out once per pair and remembered; each profile
 *   keeps, per channel and queue, the non-empty contact groups it qualifies for in the order of their heads,
 *   so an agent looks at one head per queue and channel.</li>
 *   <li>Bullseye steps and preferred-agent expiries move a contact to another group when they fall due
 *   ({@link #advance}); the caller passes the time in.</li>
 * </ul>
 *
 * <p>Contract for the hot path: {@link #agentFor} and {@link #contactFor} decide without allocating, and
 * updating an agent that is already known ({@link #putAgent}) allocates nothing; filing a contact allocates
 * its own entry and nothing else once its queue, requirements and group have been seen. Requirement sets,
 * agent-group sets and qualifications are interned for the life of the index (a new configuration builds a
 * new index), so they cost memory in proportion to the distinct sets seen, not to the traffic.
 *
 * <p>This class keeps the ids and ties the structures together; each structure states its own contract:
 * {@link ContactEntry} in a {@link Group}, the groups in a {@link GroupTable} that ranks the open ones under
 * each {@link Profile} ({@link GroupRanking}), agents as {@link AgentEntry} among a profile's {@link Takers},
 * steps due in the {@link ChangeSchedule}, what is worked out once in the {@link Interner}, and the two
 * decisions in {@link ContactSearch} and {@link AgentSearch}.
 *
 * <p>Not thread-safe: one router actor owns one index.
 */
public final class RoutingIndex {

    private static final Channel[] CHANNELS = Channel.values();

    private final RoutingConfig config;
    private final RoundRobin roundRobin;
    private final Interner interner;

    /** Half full at most: short probe runs, and a removal shifts back few entries. */
    private final IdMap<ContactEntry> contacts = new IdMap<>(1024, 0.5f);
    private final GroupTable groupTable;
    private final ChangeSchedule changes = new ChangeSchedule();

    private final IdMap<AgentEntry> agents = new IdMap<>(64, 0.5f);
    private final Map<ProfileKey, Profile> profilesByKey = new HashMap<>();
    /** Every profile seen, by number; only grows, and the structures that read it see it grow. */
    private final List<Profile> profiles = new ArrayList<>();

    /** Reused by every search: one router thread, and nothing allocated per decision. */
    private final ContactSearch contactSearch;
    private final AgentSearch agentSearch;

    public RoutingIndex(RoutingConfig config) {
        this(config, new RoundRobin());
    }

    private RoutingIndex(RoutingConfig config, RoundRobin roundRobin) {
        this.config = config;
        this.roundRobin = roundRobin;
        this.interner = new Interner(config);
        this.groupTable = new GroupTable(interner, profiles);
        this.contactSearch = new ContactSearch(profiles);
        this.agentSearch = new AgentSearch(agents, profiles, roundRobin);
    }

    public RoutingConfig config() {
        return config;
    }

    /** The same contacts and agents under new rules (a queue's policy changed): every contact is re-filed. */
    public RoutingIndex reconfigured(RoutingConfig newConfig, Instant now) {
        RoutingIndex next = new RoutingIndex(newConfig, roundRobin);
        agents.forEachValue(a -> next.putAgent(a.candidate()));
        contacts.forEachValue(c -> next.putContact(c.contact, now));
        return next;
    }

    public RoundRobin roundRobin() {
        return roundRobin;
    }

    public int waiting() {
        return contacts.size();
    }

    public int availableAgents() {
        return agents.size();
    }

    public boolean hasContact(String interactionId) {
        return contacts.containsKey(interactionId);
    }

    public boolean hasAgent(String agentId) {
        return agents.containsKey(agentId);
    }

    public List<String> agentIds() {
        return agents.keys();
    }

    // ---- contacts --------------------------------------------------------------------------------------

    /** Adds or replaces a waiting contact. */
    public void putContact(WaitingContact contact, Instant now) {
        QueueSlot queue = interner.queue(contact.queue());
        ContactEntry entry = new ContactEntry(contact, queue, interner.requirement(contact.skills()));
        ContactEntry replaced = contacts.put(contact.interactionId(), entry);
        if (replaced != null) {
            forget(replaced);
        }
        place(entry, now);
    }

    public boolean removeContact(String interactionId) {
        ContactEntry entry = contacts.remove(interactionId);
        if (entry == null) {
            return false;
        }
        forget(entry);
        return true;
    }

    private void forget(ContactEntry entry) {
        groupTable.unplace(entry);
        if (entry.bucket != null) {
            changes.remove(entry);
        }
    }

    /**
     * Moves every contact whose requirements changed by {@code now} (a step reached, a preferred agent
     * expired) to its new group.
     *
     * @return the contacts that moved, which may now match an agent that is already waiting
     */
    public List<WaitingContact> advance(Instant now) {
        long at = Rules.epochNanos(now);
        if (!changes.anyDue(at)) {
            return List.of();
        }
        List<ContactEntry> due = changes.due(at);
        List<WaitingContact> moved = new ArrayList<>(due.size());
        for (ContactEntry entry : due) {
            entry.nextChange = ChangeSchedule.NEVER;
            groupTable.unplace(entry);
            place(entry, now);
            moved.add(entry.contact);
        }
        moved.sort(Comparator.comparing(WaitingContact::queuedAt).thenComparing(WaitingContact::interactionId));
        return moved;
    }

    /** When {@link #advance} next has work, or empty. */
    public Optional<Instant> nextChange() {
        long next = changes.next();
        return next == ChangeSchedule.NEVER ? Optional.empty()
                : Optional.of(Instant.ofEpochSecond(Math.floorDiv(next, 1_000_000_000L),
                        Math.floorMod(next, 1_000_000_000L)));
    }

    /** Files the entry in its group and, when its requirements will change, in the schedule. */
    private void place(ContactEntry entry, Instant now) {
        groupTable.place(entry, now);
        entry.nextChange = Rules.nextChangeNanos(entry.contact, entry.queue.policy, now);
        if (entry.nextChange != ChangeSchedule.NEVER) {
            changes.add(entry);
        }
    }

    // ---- agents ----------------------------------------------------------------------------------------

    /** Adds or replaces an available agent. */
    public void putAgent(AgentCandidate agent) {
        AgentEntry entry = agents.get(agent.agentId());
        // Skills rarely change between reports; comparing with the last ones saves hashing them.
        Profile profile = entry != null && entry.profile.fits(agent.skills(), agent.groups())
                ? entry.profile : profile(agent.skills(), agent.groups());
        long idleSince = Rules.epochNanos(agent.idleSince());
        if (entry == null) {
            entry = new AgentEntry(agent.agentId(), profile, idleSince);
            agents.put(agent.agentId(), entry);
        } else if (entry.profile != profile || entry.idleSince != idleSince) {
            // Its places among the takers depend on both: out of them all, and back in below under the new ones.
            leaveTakers(entry);
            entry.profile = profile;
            entry.idleSince = idleSince;
        }
        int takes = entry.report(agent, config);
        int changed = takes ^ entry.channels;
        for (Channel channel : CHANNELS) {
            int bit = 1 << channel.ordinal();
            if ((changed & bit) != 0) {
                if ((takes & bit) != 0) {
                    profile.takers(channel).add(entry);
                } else {
                    profile.takers(channel).remove(entry);
                }
            }
        }
        entry.channels = takes;
    }

    public boolean removeAgent(String agentId) {
        AgentEntry entry = agents.remove(agentId);
        if (entry == null) {
            return false;
        }
        leaveTakers(entry);
        return true;
    }

    private static void leaveTakers(AgentEntry entry) {
        for (Channel channel : CHANNELS) {
            if (entry.takes(channel)) {
                entry.profile.takers(channel).remove(entry);
            }
        }
        entry.channels = 0;
    }

    private Profile profile(Map<String, Integer> skills, Set<String> groups) {
        ProfileKey key = new ProfileKey(skills, groups);
        Profile profile = profilesByKey.get(key);
        if (profile == null) {
            profile = new Profile(profiles.size(), skills, groups);
            profiles.add(profile);
            profilesByKey.put(key, profile);
            groupTable.rankUnder(profile);
        }
        return profile;
    }

    // ---- decisions -------------------------------------------------------------------------------------

    /**
     * The id of the best agent for a filed contact by its queue's strategy, or null; call {@link #advance}
     * first. Allocates nothing.
     */
    public String agentFor(String interactionId, Instant now) {
        ContactEntry entry = contacts.get(interactionId);
        if (entry == null) {
            return null;
        }
        AgentEntry best = agentSearch.run(entry.contact, entry.queue.policy, entry.group.preferredAgent,
                entry.group.qualification, now, false);
        return best == null ? null : best.id;
    }

    /**
     * The id of the best agent for a contact, filed or not, by its queue's strategy, or null; call
     * {@link #advance} first. This is the choice {@link #agentFor(String, Instant)} makes once the contact is
     * filed, since the choice of an agent depends on the contact and the agents alone: a router decides for an
     * arriving contact first and files it only when no agent takes it, which spares filing and removing again
     * every contact that is answered at once. Allocates nothing.
     */
    public String agentFor(WaitingContact contact, Instant now) {
        QueueSlot queue = interner.queue(contact.queue());
        String preferred = Rules.preferredAgentActive(contact, now) ? contact.preferredAgent() : null;
        Qualification qualification = preferred != null ? null
                : interner.qualificationAt(contact, queue, Rules.step(contact, queue.policy, now));
        AgentEntry best = agentSearch.run(contact, queue.policy, preferred, qualification, now, false);
        return best == null ? null : best.id;
    }

    /** The best agent for a filed contact, by its queue's strategy; call {@link #advance} first. */
    public Optional<Match> bestAgentFor(String interactionId, Instant now, boolean explain) {
        ContactEntry entry = contacts.get(interactionId);
        if (entry == null) {
            return Optional.empty();
        }
        return bestAgentFor(entry.contact, entry.queue.policy, entry.step, entry.group.preferredAgent,
                entry.group.qualification, now, explain);
    }

    /**
     * The best agent for a contact, filed or not, by its queue's strategy (see
     * {@link #agentFor(WaitingContact, Instant)}); call {@link #advance} first.
     */
    public Optional<Match> bestAgentFor(WaitingContact contact, Instant now, boolean explain) {
        QueueSlot queue = interner.queue(contact.queue());
        int step = Rules.step(contact, queue.policy, now);
        String preferred = Rules.preferredAgentActive(contact, now) ? contact.preferredAgent() : null;
        return bestAgentFor(contact, queue.policy, step, preferred,
                preferred != null ? null : interner.qualificationAt(contact, queue, step), now, explain);
    }

    private Optional<Match> bestAgentFor(WaitingContact contact, QueuePolicy queue, int step,
                                         String preferredAgent, Qualification qualification, Instant now,
                                         boolean explain) {
        AgentEntry best = agentSearch.run(contact, queue, preferredAgent, qualification, now, explain);
        if (best == null) {
            return Optional.empty();
        }
        AgentCandidate winner = best.candidate();
        if (!explain) {
            return Optional.of(new Match(contact, winner));
        }
        // A preferred agent's decision states the step by the clock, as the plain scan does, rather than the step
        // the contact was filed at: the two differ only when the caller did not advance first.
        int stated = preferredAgent != null ? Rules.step(contact, queue, now) : step;
        return Optional.of(new Match(contact, winner, agentSearch.decision(winner, contact, queue, stated, now)));
    }

    /**
     * The waiting contact an available agent should take, or null; call {@link #advance} first. Allocates
     * nothing.
     */
    public WaitingContact contactFor(String agentId, Instant now) {
        AgentEntry entry = agents.get(agentId);
        if (entry == null) {
            return null;
        }
        ContactEntry best = contactSearch.run(entry, groupTable.preferredOf(agentId), now, false);
        return best == null ? null : best.contact;
    }

    /** The waiting contact an available agent should take; call {@link #advance} first. */
    public Optional<Match> bestContactFor(String agentId, Instant now, boolean explain) {
        AgentEntry entry = agents.get(agentId);
        if (entry == null) {
            return Optional.empty();
        }
        ContactEntry best = contactSearch.run(entry, groupTable.preferredOf(agentId), now, explain);
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(new Match(best.contact, entry.candidate(), explain ? contactSearch.decision(now) : null));
    }

    /** Records that a match was made, for round robin. The caller removes or updates both sides. */
    public void matched(Match match) {
        roundRobin.served(match.contact().queue(), match.agent().agentId());
    }

    @Override
    public String toString() {
        return "RoutingIndex[" + contacts.size() + " waiting in " + groupTable.size() + " groups, "
                + agents.size() + " agents in " + profiles.size() + " profiles]";
    }

    /** Agents with the same skills and the same agent groups are interchangeable for qualification. */
    private record ProfileKey(Map<String, Integer> skills, Set<String> groups) {
    }
}
