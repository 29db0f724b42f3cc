package io.acd.engine.routing;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.Object2ObjectHashMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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
 * <p>Not thread-safe: one router actor owns one index.
 */
public final class RoutingIndex {

    /** Effective priority order within one queue (see {@link ContactEntry#key}), then queuedAt, then id. */
    private static final Comparator<ContactEntry> GROUP_ORDER = (a, b) -> {
        if (a == b) {
            return 0;
        }
        int c = Double.compare(b.key, a.key);
        if (c != 0) {
            return c;
        }
        c = a.contact.queuedAt().compareTo(b.contact.queuedAt());
        return c != 0 ? c : a.contact.interactionId().compareTo(b.contact.interactionId());
    };

    /** Groups by their heads, in the order of the heads (group heads are distinct contacts). */
    private static final Comparator<Group> BY_HEAD = (a, b) -> GROUP_ORDER.compare(a.head, b.head);

    /** Longest idle first, then by id: the order in which {@link Rules#compareAgents} ends. */
    private static int idleOrder(long idleA, AgentEntry a, long idleB, AgentEntry b) {
        if (a == b) {
            return 0;
        }
        int c = Long.compare(idleA, idleB);
        return c != 0 ? c : a.id.compareTo(b.id);
    }

    private static final Channel[] CHANNELS = Channel.values();
    /** A contact whose requirements never change again. */
    private static final long NEVER = Long.MAX_VALUE;
    /** Group keys pack the step into 9 bits and the queue into 20. */
    private static final int MAX_STEPS = 511;
    private static final int MAX_QUEUES = 1 << 20;

    private final RoutingConfig config;
    private final RoundRobin roundRobin;

    private final Object2ObjectHashMap<String, QueueSlot> queues = new Object2ObjectHashMap<>();
    /**
     * Interned requirement sets by the map's hash and size, colliding ones chained. Not a map keyed by the
     * map: {@code Map.hashCode} of small skill maps collides often (it sums name hashes XOR levels), and
     * {@code Map.equals} on a collision walks both maps with an iterator, which allocates. A better hash of
     * the levels would shorten the chains (the benchmark's centre has 2,900 sets under 400 hashes), but
     * computing one means iterating the map, which allocates an iterator and an entry per skill: measured,
     * about 20% faster filing for 88 more bytes per contact, so the chains stay.
     */
    private final Long2ObjectHashMap<Requirement> requirements = new Long2ObjectHashMap<>();
    private int requirementCount;
    /**
     * The last map interned and what it was interned as: recognised by identity, which is safe because the
     * maps interned here are immutable (the records copy theirs, {@link Rules#requiredAt} makes immutable ones).
     */
    private Map<String, Integer> lastLevels;
    private Requirement lastRequirement;
    /** Requirements at a step, by (base requirement, queue, step): relaxing is worked out once. */
    private final Long2ObjectHashMap<Requirement> relaxed = new Long2ObjectHashMap<>();
    private final Object2ObjectHashMap<Set<String>, Integer> groupSets = new Object2ObjectHashMap<>();
    private final Long2ObjectHashMap<Qualification> qualifications = new Long2ObjectHashMap<>();

    /** Half full at most: short probe runs, and a removal shifts back few entries. */
    private final IdMap<ContactEntry> contacts = new IdMap<>(1024, 0.5f);
    private final Long2ObjectHashMap<Group> openGroups = new Long2ObjectHashMap<>();
    /** The non-empty open groups of each channel, for ranking them under a profile seen for the first time. */
    private final List<List<Group>> openByChannel = new ArrayList<>();
    private final Map<PreferredKey, Group> preferredGroupsByKey = new HashMap<>();
    private final Map<String, List<Group>> preferredGroups = new HashMap<>();
    private final ChangeSchedule changes = new ChangeSchedule();

    private final IdMap<AgentEntry> agents = new IdMap<>(64, 0.5f);
    private final Map<ProfileKey, Profile> profilesByKey = new HashMap<>();
    private final List<Profile> profiles = new ArrayList<>();

    /** Reused by every contact search: one router thread, and nothing allocated per decision. */
    private final ContactSearch contactSearch = new ContactSearch();

    public RoutingIndex(RoutingConfig config) {
        this(config, new RoundRobin());
    }

    private RoutingIndex(RoutingConfig config, RoundRobin roundRobin) {
        this.config = config;
        this.roundRobin = roundRobin;
        for (int c = 0; c < CHANNELS.length; c++) {
            openByChannel.add(new ArrayList<>());
        }
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
        QueueSlot queue = queue(contact.queue());
        ContactEntry entry = new ContactEntry(contact, queue, requirement(contact.skills()));
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
        unplace(entry);
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
        if (changes.next() > at) {
            return List.of();
        }
        List<ContactEntry> due = changes.due(at);
        List<WaitingContact> moved = new ArrayList<>(due.size());
        for (ContactEntry entry : due) {
            entry.nextChange = NEVER;
            unplace(entry);
            place(entry, now);
            moved.add(entry.contact);
        }
        moved.sort(Comparator.comparing(WaitingContact::queuedAt).thenComparing(WaitingContact::interactionId));
        return moved;
    }

    /** When {@link #advance} next has work, or empty. */
    public Optional<Instant> nextChange() {
        long next = changes.next();
        return next == NEVER ? Optional.empty()
                : Optional.of(Instant.ofEpochSecond(Math.floorDiv(next, 1_000_000_000L), Math.floorMod(next, 1_000_000_000L)));
    }

    private void place(ContactEntry entry, Instant now) {
        WaitingContact contact = entry.contact;
        QueueSlot queue = entry.queue;
        int step = Rules.step(contact, queue.policy, now);
        entry.step = step;
        Requirement required = requirementAt(entry.requirement, queue, contact, step);
        Group group;
        if (Rules.preferredAgentActive(contact, now)) {
            group = preferredGroup(required, queue, contact.channel(), step, contact.preferredAgent());
        } else {
            group = openGroup(required, queue, contact.channel(), step);
        }
        boolean open = group.preferredAgent == null;
        if (group.size == 0) {
            group.add(entry);
            if (open) {
                List<Group> list = openByChannel.get(group.channel.ordinal());
                group.openIndex = list.size();
                list.add(group);
                rank(group);
            } else {
                preferredGroups.computeIfAbsent(group.preferredAgent, a -> new ArrayList<>()).add(group);
            }
        } else if (open && GROUP_ORDER.compare(entry, group.head) < 0) {
            // A new head: the group's place among the groups of each qualified profile changes.
            unrank(group);
            group.add(entry);
            rank(group);
        } else {
            group.add(entry);
        }
        entry.group = group;
        entry.nextChange = Rules.nextChangeNanos(contact, queue.policy, now);
        if (entry.nextChange != NEVER) {
            changes.add(entry);
        }
    }

    private void unplace(ContactEntry entry) {
        Group group = entry.group;
        boolean open = group.preferredAgent == null;
        boolean head = group.head == entry;
        if (open && head) {
            unrank(group);
        }
        group.remove(entry);
        if (group.size == 0) {
            if (open) {
                List<Group> list = openByChannel.get(group.channel.ordinal());
                Group last = list.remove(list.size() - 1);
                if (last != group) {
                    list.set(group.openIndex, last);
                    last.openIndex = group.openIndex;
                }
                group.openIndex = -1;
                openGroups.remove(group.key);
            } else {
                List<Group> list = preferredGroups.get(group.preferredAgent);
                list.remove(group);
                if (list.isEmpty()) {
                    preferredGroups.remove(group.preferredAgent);
                }
                preferredGroupsByKey.remove(new PreferredKey(group.key, group.preferredAgent));
            }
        } else if (open && head) {
            rank(group);
        }
        entry.group = null;
    }

    /** Files a non-empty open group under every profile that qualifies for it, by its head. */
    private void rank(Group group) {
        group.qualification.extendTo(profiles);
        BitSet qualified = group.qualification.profiles;
        for (int p = qualified.nextSetBit(0); p >= 0; p = qualified.nextSetBit(p + 1)) {
            profiles.get(p).file(group);
        }
    }

    private void unrank(Group group) {
        BitSet qualified = group.qualification.profiles;
        for (int p = qualified.nextSetBit(0); p >= 0; p = qualified.nextSetBit(p + 1)) {
            profiles.get(p).unfile(group);
        }
    }

    private QueueSlot queue(String name) {
        QueueSlot slot = queues.get(name);
        if (slot == null) {
            if (queues.size() >= MAX_QUEUES) {
                throw new IllegalStateException("More than " + MAX_QUEUES + " queues in one routing domain");
            }
            QueuePolicy policy = config.queue(name);
            if (policy.steps().size() > MAX_STEPS) {
                throw new IllegalArgumentException("Queue " + name + " has more than " + MAX_STEPS + " steps");
            }
            slot = new QueueSlot(queues.size(), policy);
            for (int step = 0; step <= policy.steps().size(); step++) {
                Set<String> groups = Rules.groupsAt(policy, step);
                slot.groupsAtStep[step] = groups;
                slot.groupSetAtStep[step] = groupSets.computeIfAbsent(groups, g -> groupSets.size());
            }
            queues.put(name, slot);
        }
        return slot;
    }

    private Requirement requirement(Map<String, Integer> levels) {
        if (levels == lastLevels) {
            // A contact no agent took at once is filed right after its decision, with the same map.
            return lastRequirement;
        }
        long key = ((long) levels.hashCode() << 32) | levels.size();
        Requirement first = requirements.get(key);
        for (Requirement candidate = first; candidate != null; candidate = candidate.sameHash) {
            if (candidate.matches(levels)) {
                return remember(levels, candidate);
            }
        }
        Requirement requirement = new Requirement(requirementCount++, Map.copyOf(levels), first);
        requirements.put(key, requirement);
        return remember(levels, requirement);
    }

    private Requirement remember(Map<String, Integer> levels, Requirement requirement) {
        lastLevels = levels;
        lastRequirement = requirement;
        return requirement;
    }

    private Requirement requirementAt(Requirement base, QueueSlot queue, WaitingContact contact, int step) {
        if (step == 0) {
            return base;
        }
        long key = ((long) base.id << 32) | ((long) queue.id << 9) | step;
        Requirement at = relaxed.get(key);
        if (at == null) {
            at = requirement(Rules.requiredAt(contact, queue.policy, step));
            relaxed.put(key, at);
        }
        return at;
    }

    private static long groupKey(Requirement required, QueueSlot queue, Channel channel, int step) {
        return ((long) required.id << 32) | ((long) queue.id << 12) | ((long) step << 3) | channel.ordinal();
    }

    private Group openGroup(Requirement required, QueueSlot queue, Channel channel, int step) {
        long key = groupKey(required, queue, channel, step);
        Group group = openGroups.get(key);
        if (group == null) {
            group = new Group(key, queue, channel, null, qualification(required, queue, step));
            openGroups.put(key, group);
        }
        return group;
    }

    private Group preferredGroup(Requirement required, QueueSlot queue, Channel channel, int step, String agentId) {
        PreferredKey key = new PreferredKey(groupKey(required, queue, channel, step), agentId);
        Group group = preferredGroupsByKey.get(key);
        if (group == null) {
            group = new Group(key.group(), queue, channel, agentId, qualification(required, queue, step));
            preferredGroupsByKey.put(key, group);
        }
        return group;
    }

    private Qualification qualification(Requirement required, QueueSlot queue, int step) {
        long key = ((long) required.id << 32) | queue.groupSetAtStep[step];
        Qualification qualification = qualifications.get(key);
        if (qualification == null) {
            qualification = new Qualification(required.levels, queue.groupsAtStep[step]);
            qualifications.put(key, qualification);
        }
        return qualification;
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
            for (List<Group> open : openByChannel) {
                for (Group group : open) {
                    if (group.qualifies(profile, profiles)) {
                        profile.file(group);
                    }
                }
            }
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
        return agentFor(entry.contact, entry.queue.policy, entry.group.preferredAgent, entry.group.qualification,
                now);
    }

    /**
     * The id of the best agent for a contact, filed or not, by its queue's strategy, or null; call
     * {@link #advance} first. This is the choice {@link #agentFor(String, Instant)} makes once the contact is
     * filed, since the choice of an agent depends on the contact and the agents alone: a router decides for an
     * arriving contact first and files it only when no agent takes it, which spares filing and removing again
     * every contact that is answered at once. Allocates nothing.
     */
    public String agentFor(WaitingContact contact, Instant now) {
        QueueSlot queue = queue(contact.queue());
        if (Rules.preferredAgentActive(contact, now)) {
            return agentFor(contact, queue.policy, contact.preferredAgent(), null, now);
        }
        int step = Rules.step(contact, queue.policy, now);
        return agentFor(contact, queue.policy, null, qualificationAt(contact, queue, step), now);
    }

    private Qualification qualificationAt(WaitingContact contact, QueueSlot queue, int step) {
        Requirement required = requirementAt(requirement(contact.skills()), queue, contact, step);
        return qualification(required, queue, step);
    }

    /** The unexplained choice: the preferred agent alone while there is one, else the best of the qualified. */
    private String agentFor(WaitingContact contact, QueuePolicy queue, String preferredAgent,
                            Qualification qualification, Instant now) {
        AgentEntry best = bestEntryFor(contact, queue, preferredAgent, qualification, now);
        return best == null ? null : best.id;
    }

    private AgentEntry bestEntryFor(WaitingContact contact, QueuePolicy queue, String preferredAgent,
                                    Qualification qualification, Instant now) {
        if (preferredAgent != null) {
            AgentEntry only = agents.get(preferredAgent);
            return only != null && only.takes(contact.channel())
                    && Rules.qualifiesBySkillsAndIdentity(only, contact, queue, now) ? only : null;
        }
        boolean headIsBest = queue.strategy() == SelectionStrategy.LONGEST_IDLE
                || queue.strategy() == SelectionStrategy.MOST_SKILLED;
        AgentEntry best = null;
        BitSet matching = qualification.extendTo(profiles);
        for (int p = matching.nextSetBit(0); p >= 0; p = matching.nextSetBit(p + 1)) {
            Takers takers = profiles.get(p).takersOrNull(contact.channel());
            if (takers == null) {
                continue;
            }
            for (int t = 0; t < takers.size(); t++) {
                AgentEntry a = takers.get(t);
                if (!contact.excludedAgents().isEmpty() && contact.excludedAgents().contains(a.id)) {
                    continue;
                }
                if (best == null || compareTakers(a, best, contact, queue) < 0) {
                    best = a;
                }
                if (headIsBest) {
                    // Within a profile these strategies rank by idle time alone: the first taker is its best.
                    break;
                }
            }
        }
        return best;
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
        return c != 0 ? c : idleOrder(a.idleSince, a, b.idleSince, b);
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
        QueueSlot queue = queue(contact.queue());
        int step = Rules.step(contact, queue.policy, now);
        String preferred = Rules.preferredAgentActive(contact, now) ? contact.preferredAgent() : null;
        return bestAgentFor(contact, queue.policy, step, preferred,
                preferred != null ? null : qualificationAt(contact, queue, step), now, explain);
    }

    private Optional<Match> bestAgentFor(WaitingContact contact, QueuePolicy queue, int step,
                                         String preferredAgent, Qualification qualification, Instant now,
                                         boolean explain) {
        if (!explain) {
            AgentEntry best = bestEntryFor(contact, queue, preferredAgent, qualification, now);
            return best == null ? Optional.empty() : Optional.of(new Match(contact, best.candidate()));
        }
        if (preferredAgent != null) {
            AgentEntry only = agents.get(preferredAgent);
            List<AgentCandidate> candidates = only == null ? List.of() : List.of(only.candidate());
            return NaiveRouting.bestAgentFor(contact, candidates, config, roundRobin, now, true);
        }
        boolean headIsBest = queue.strategy() == SelectionStrategy.LONGEST_IDLE
                || queue.strategy() == SelectionStrategy.MOST_SKILLED;
        AgentEntry best = null;
        AgentEntry second = null;
        int qualified = 0;
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
                if (contact.excludedAgents().contains(a.id)) {
                    continue;
                }
                if (!headIsBest) {
                    qualified++;
                }
                if (best == null || compareTakers(a, best, contact, queue) < 0) {
                    second = best;
                    best = a;
                } else if (second == null || compareTakers(a, second, contact, queue) < 0) {
                    second = a;
                }
                if (headIsBest && ++considered == 2) {
                    // The profile's takers are in the order of these strategies: the first two hold its best
                    // and runner-up, and the rest only need counting.
                    break;
                }
            }
            if (headIsBest) {
                qualified += takers.size() - excludedAmong(contact, profile);
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        AgentCandidate winner = best.candidate();
        Decision decision = new Decision("contact_arrived", queue.name(), step,
                Rules.effectivePriority(contact, queue, now), Rules.waited(contact, now).toMillis(),
                queue.strategy(), qualified, second == null ? null : second.id,
                second == null ? null : Rules.agentLostOn(winner, second.candidate(), contact, queue, roundRobin));
        return Optional.of(new Match(contact, winner, decision));
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
        ContactSearch search = contactSearch.start(agentId, now, false);
        search(entry, search);
        return search.best == null ? null : search.best.contact;
    }

    /** The waiting contact an available agent should take; call {@link #advance} first. */
    public Optional<Match> bestContactFor(String agentId, Instant now, boolean explain) {
        AgentEntry entry = agents.get(agentId);
        if (entry == null) {
            return Optional.empty();
        }
        ContactSearch search = contactSearch.start(agentId, now, explain);
        search(entry, search);
        if (search.best == null) {
            return Optional.empty();
        }
        WaitingContact best = search.best.contact;
        Decision decision = null;
        if (explain) {
            QueuePolicy queue = search.best.queue.policy;
            decision = new Decision("agent_freed", queue.name(), search.best.step, search.bestEff,
                    Rules.waited(best, now).toMillis(), queue.strategy(), search.qualified,
                    search.second == null ? null : search.second.contact.interactionId(),
                    search.second == null ? null
                            : Rules.contactLostOn(best, search.bestEff, search.second.contact, search.secondEff));
        }
        return Optional.of(new Match(best, entry.candidate(), decision));
    }

    private void search(AgentEntry entry, ContactSearch search) {
        String agentId = search.agentId;
        boolean explain = search.explain;
        for (Channel channel : CHANNELS) {
            if (!entry.takes(channel)) {
                continue;
            }
            Profile profile = entry.profile;
            int count = profile.rankingCount(channel);
            ContactEntry[] tops = profile.tops(channel);
            for (int r = 0; r < count; r++) {
                ContactEntry top = tops[r];
                if (top == null) {
                    continue;
                }
                // Within a queue the groups are in the order of their heads, which is the order of effective
                // priority: the first group whose head is not excluded holds this queue's best.
                if (!explain && !top.excludes(agentId)) {
                    search.offer(top);
                    continue;
                }
                SortedArray<Group> ranked = profile.ranking(channel, r);
                for (int g = 0; g < ranked.size(); g++) {
                    Group group = ranked.get(g);
                    if (!explain && search.best != null && !search.couldBeat(group)) {
                        break;
                    }
                    boolean headTaken = search.consider(group);
                    if (!explain && headTaken) {
                        break;
                    }
                }
            }
        }
        List<Group> mine = preferredGroups.isEmpty() ? null : preferredGroups.get(agentId);
        if (mine != null) {
            for (Group group : mine) {
                if (entry.takes(group.channel) && group.qualifies(entry.profile, profiles)) {
                    search.consider(group);
                }
            }
        }
    }

    /** Records that a match was made, for round robin. The caller removes or updates both sides. */
    public void matched(Match match) {
        roundRobin.served(match.contact().queue(), match.agent().agentId());
    }

    // ---- structures --------------------------------------------------------------------------------------

    /** Agents with the same skills and the same agent groups are interchangeable for qualification. */
    private record ProfileKey(Map<String, Integer> skills, Set<String> groups) {
    }

    /** A group of contacts that only one agent may take for now (sticky routing); rare, so keyed plainly. */
    private record PreferredKey(long group, String agentId) {
    }

    /** A queue as the index numbers it, with the agent groups of each of its steps worked out once. */
    private static final class QueueSlot {
        final int id;
        final QueuePolicy policy;
        final Set<String>[] groupsAtStep;
        final int[] groupSetAtStep;

        @SuppressWarnings("unchecked")
        QueueSlot(int id, QueuePolicy policy) {
            this.id = id;
            this.policy = policy;
            this.groupsAtStep = new Set[policy.steps().size() + 1];
            this.groupSetAtStep = new int[policy.steps().size() + 1];
        }
    }

    /** One distinct set of required levels: equal sets share one, so groups are found by number. */
    private static final class Requirement {
        final int id;
        final Map<String, Integer> levels;
        /** The same levels as arrays, to compare with a contact's map by lookups alone. */
        private final String[] skills;
        private final int[] minimum;
        /** The next interned set with the same hash and size. */
        final Requirement sameHash;

        Requirement(int id, Map<String, Integer> levels, Requirement sameHash) {
            this.id = id;
            this.levels = levels;
            this.sameHash = sameHash;
            this.skills = levels.keySet().toArray(String[]::new);
            this.minimum = new int[skills.length];
            for (int i = 0; i < skills.length; i++) {
                minimum[i] = levels.get(skills[i]);
            }
        }

        /** Same levels as {@code other}, which has as many skills. */
        boolean matches(Map<String, Integer> other) {
            return sameLevels(skills, minimum, other);
        }
    }

    /**
     * Whether {@code other} holds these skills at these levels, by lookups alone ({@code Map.equals} walks
     * one of the maps with an iterator, which allocates); the caller has checked that the sizes are equal.
     */
    private static boolean sameLevels(String[] skills, int[] levels, Map<String, Integer> other) {
        for (int i = 0; i < skills.length; i++) {
            Integer level = other.get(skills[i]);
            if (level == null || level != levels[i]) {
                return false;
            }
        }
        return true;
    }

    private static final class ContactEntry {
        final WaitingContact contact;
        final QueueSlot queue;
        final Requirement requirement;
        /** Orders the group like the effective priority does at any time: priority − aging × queuedAt. */
        final double key;
        /** The contact's priority and queue time, kept here so that comparing heads reads only the entries. */
        final int priority;
        final long queuedAtMillis;
        /** Whether the contact excludes any agent: most do not, and then the contact need not be read. */
        final boolean excludes;
        Group group;
        /** Where the entry sits in its group's heap. */
        int heapIndex = -1;
        int step;
        /** When its requirements change next, in nanoseconds since the epoch, or {@link #NEVER}. */
        long nextChange = NEVER;
        /** Where it is filed in the change schedule, while it has a next change. */
        ChangeSchedule.Bucket bucket;
        int bucketIndex;

        boolean excludes(String agentId) {
            return excludes && contact.excludedAgents().contains(agentId);
        }

        ContactEntry(WaitingContact contact, QueueSlot queue, Requirement requirement) {
            this.contact = contact;
            this.queue = queue;
            this.requirement = requirement;
            this.excludes = !contact.excludedAgents().isEmpty();
            this.priority = contact.priority();
            this.queuedAtMillis = contact.queuedAt().toEpochMilli();
            this.key = priority - queue.policy.agingPerSecond() * (queuedAtMillis / 1000.0);
        }
    }

    /**
     * Contacts that share queue, channel, step and requirements, as a binary heap in {@link #GROUP_ORDER}:
     * adding and removing cost a few swaps and no allocation, and the head is the first slot.
     */
    private static final class Group {
        final long key;
        final QueueSlot queue;
        final Channel channel;
        /** Only this agent may take the group's contacts for now; null for an open group. */
        final String preferredAgent;
        final Qualification qualification;
        ContactEntry[] heap = new ContactEntry[2];
        /** Each slot's {@link ContactEntry#key}, beside the heap: sifting compares these, not the entries. */
        double[] keys = new double[2];
        int size;
        /** The first slot of the heap, kept at hand: decisions read the heads of many groups. */
        ContactEntry head;
        /** How many contacts here exclude some agent; while 0, the group's size is what any agent may take. */
        int excluding;
        /** Where an open, non-empty group sits in the list of its channel. */
        int openIndex = -1;

        Group(long key, QueueSlot queue, Channel channel, String preferredAgent, Qualification qualification) {
            this.key = key;
            this.queue = queue;
            this.channel = channel;
            this.preferredAgent = preferredAgent;
            this.qualification = qualification;
        }


        void add(ContactEntry entry) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
                keys = Arrays.copyOf(keys, size * 2);
            }
            heap[size] = entry;
            keys[size] = entry.key;
            entry.heapIndex = size;
            size++;
            siftUp(entry.heapIndex);
            head = heap[0];
            if (entry.excludes) {
                excluding++;
            }
        }

        void remove(ContactEntry entry) {
            int at = entry.heapIndex;
            size--;
            ContactEntry last = heap[size];
            heap[size] = null;
            if (at != size) {
                heap[at] = last;
                keys[at] = keys[size];
                last.heapIndex = at;
                siftUp(siftDown(at));
            }
            entry.heapIndex = -1;
            head = heap[0];
            if (entry.excludes) {
                excluding--;
            }
        }

        /**
         * {@link #GROUP_ORDER} on heap slots, reading the key array first: only entries with equal keys are
         * fetched to break the tie.
         */
        private static boolean precedes(double keyA, ContactEntry a, double keyB, ContactEntry b) {
            return keyA > keyB || keyA == keyB && GROUP_ORDER.compare(a, b) < 0;
        }

        private int siftUp(int at) {
            ContactEntry moving = heap[at];
            double key = keys[at];
            while (at > 0) {
                int parent = (at - 1) >>> 1;
                if (!precedes(key, moving, keys[parent], heap[parent])) {
                    break;
                }
                heap[at] = heap[parent];
                keys[at] = keys[parent];
                heap[at].heapIndex = at;
                at = parent;
            }
            heap[at] = moving;
            keys[at] = key;
            moving.heapIndex = at;
            return at;
        }

        private int siftDown(int at) {
            ContactEntry moving = heap[at];
            double key = keys[at];
            while (true) {
                int child = 2 * at + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && precedes(keys[child + 1], heap[child + 1], keys[child], heap[child])) {
                    child++;
                }
                if (!precedes(keys[child], heap[child], key, moving)) {
                    break;
                }
                heap[at] = heap[child];
                keys[at] = keys[child];
                heap[at].heapIndex = at;
                at = child;
            }
            heap[at] = moving;
            keys[at] = key;
            moving.heapIndex = at;
            return at;
        }

        boolean qualifies(Profile profile, List<Profile> profiles) {
            return qualification.extendTo(profiles).get(profile.id);
        }
    }

    /** Which skill profiles meet one set of required levels within some agent groups; extended as profiles appear. */
    private static final class Qualification {
        final Map<String, Integer> required;
        final Set<String> groups;
        final BitSet profiles = new BitSet();
        int checked;

        Qualification(Map<String, Integer> required, Set<String> groups) {
            this.required = required;
            this.groups = groups;
        }

        BitSet extendTo(List<Profile> all) {
            for (; checked < all.size(); checked++) {
                Profile profile = all.get(checked);
                if (Rules.hasSkills(profile.skills, required) && Rules.inGroups(profile.groups, groups)) {
                    profiles.set(checked);
                }
            }
            return profiles;
        }
    }

    private static final class Profile {
        final int id;
        final Map<String, Integer> skills;
        final Set<String> groups;
        /** The same skills and groups as arrays, to recognise an agent's next report by lookups. */
        private final String[] skillNames;
        private final int[] skillLevels;
        private final String[] groupNames;
        private final Takers[] takers = new Takers[CHANNELS.length];
        /**
         * Per channel: the non-empty open contact groups this profile qualifies for, one ranking per queue,
         * each in the order of the groups' heads. Made on first use and kept, so that a decision walks a dense
         * list of the queues this profile has ever served on that channel.
         */
        @SuppressWarnings("unchecked")
        private final SortedArray<Group>[][] rankings = new SortedArray[CHANNELS.length][];
        /** Where each queue's ranking sits in {@link #rankings}, per channel, by queue number. */
        private final int[][] rankingSlot = new int[CHANNELS.length][];
        /**
         * The head of each ranking's first group (null while it is empty), in the order of {@link #rankings}:
         * a decision reads the best contact of every queue from one array, and opens a ranking only when that
         * contact excludes the agent.
         */
        private final ContactEntry[][] tops = new ContactEntry[CHANNELS.length][];
        private final int[] rankingCount = new int[CHANNELS.length];

        Profile(int id, Map<String, Integer> skills, Set<String> groups) {
            this.id = id;
            this.skills = skills;
            this.groups = groups;
            this.skillNames = skills.keySet().toArray(String[]::new);
            this.skillLevels = new int[skillNames.length];
            for (int i = 0; i < skillNames.length; i++) {
                skillLevels[i] = skills.get(skillNames[i]);
            }
            this.groupNames = groups.toArray(String[]::new);
        }

        /** Whether an agent with these skills and groups belongs to this profile; allocates nothing. */
        boolean fits(Map<String, Integer> otherSkills, Set<String> otherGroups) {
            if (otherSkills != skills && (otherSkills.size() != skillNames.length
                    || !sameLevels(skillNames, skillLevels, otherSkills))) {
                return false;
            }
            if (otherGroups != groups) {
                if (otherGroups.size() != groupNames.length) {
                    return false;
                }
                for (String group : groupNames) {
                    if (!otherGroups.contains(group)) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Files a non-empty open group this profile qualifies for under its queue, by its head. */
        void file(Group group) {
            int c = group.channel.ordinal();
            int k = rankingSlot(c, group.queue);
            SortedArray<Group> ranking = rankings[c][k];
            ranking.add(group);
            tops[c][k] = ranking.get(0).head;
        }

        /** Takes a group out of its queue's ranking; call before the group's head changes. */
        void unfile(Group group) {
            int c = group.channel.ordinal();
            int k = rankingSlot(c, group.queue);
            SortedArray<Group> ranking = rankings[c][k];
            ranking.remove(group);
            tops[c][k] = ranking.isEmpty() ? null : ranking.get(0).head;
        }

        @SuppressWarnings("unchecked")
        private int rankingSlot(int c, QueueSlot queue) {
            int[] slots = rankingSlot[c];
            if (slots == null || slots.length <= queue.id) {
                int from = slots == null ? 0 : slots.length;
                slots = rankingSlot[c] = Arrays.copyOf(slots == null ? new int[4] : slots,
                        Math.max(queue.id + 1, Math.max(4, from * 2)));
                Arrays.fill(slots, from, slots.length, -1);
            }
            int k = slots[queue.id];
            if (k < 0) {
                k = slots[queue.id] = rankingCount[c]++;
                SortedArray<Group>[] list = rankings[c];
                if (list == null || list.length == k) {
                    int length = list == null ? 4 : list.length * 2;
                    list = rankings[c] = Arrays.copyOf(list == null ? new SortedArray[4] : list, length);
                    tops[c] = Arrays.copyOf(tops[c] == null ? new ContactEntry[4] : tops[c], length);
                }
                list[k] = new SortedArray<>(BY_HEAD);
            }
            return k;
        }

        ContactEntry[] tops(Channel channel) {
            return tops[channel.ordinal()];
        }

        int rankingCount(Channel channel) {
            return rankingCount[channel.ordinal()];
        }

        SortedArray<Group> ranking(Channel channel, int k) {
            return rankings[channel.ordinal()][k];
        }

        Takers takers(Channel channel) {
            Takers order = takers[channel.ordinal()];
            if (order == null) {
                order = takers[channel.ordinal()] = new Takers();
            }
            return order;
        }

        Takers takersOrNull(Channel channel) {
            return takers[channel.ordinal()];
        }
    }

    /**
     * An available agent as the index keeps it: what decisions read of the agent's latest report, as numbers
     * and the profile's shared sets, never a reference to the report itself. Reports arrive all the time and
     * each is a new object, while entries live long: storing a new object into an old one costs G1's write
     * barrier a card to dirty and refine, and across 100,000 agents every report dirtied a different card
     * (measured: the agent side ran at half the speed it had under a collector without that barrier). Writing
     * numbers into arrays the entry already holds costs no barrier.
     */
    private static final class AgentEntry implements AgentFacts {
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

    /**
     * The agents of one profile that can take one channel now, longest idle first (then by id), with their
     * idle times in an array of their own beside them: placing an agent compares numbers in one array and
     * reads another agent's entry only on a tie, instead of fetching an entry at every step of the search.
     */
    private static final class Takers {
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
                int c = idleOrder(idle[mid], agents[mid], entry.idleSince, entry);
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

    /**
     * A small sorted array: the groups of one queue a profile qualifies for, by head. Such sets hold tens of
     * elements, so an insertion costs a short copy and no allocation, and the walk is over adjacent slots.
     */
    private static final class SortedArray<T> {
        private final Comparator<? super T> order;
        private Object[] items = new Object[4];
        private int size;

        SortedArray(Comparator<? super T> order) {
            this.order = order;
        }

        int size() {
            return size;
        }

        boolean isEmpty() {
            return size == 0;
        }

        @SuppressWarnings("unchecked")
        T get(int i) {
            return (T) items[i];
        }

        void add(T item) {
            int at = -(search(item) + 1);
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            System.arraycopy(items, at, items, at + 1, size - at);
            items[at] = item;
            size++;
        }

        void remove(T item) {
            int at = search(item);
            if (at >= 0) {
                System.arraycopy(items, at + 1, items, at, size - at - 1);
                items[--size] = null;
            }
        }

        @SuppressWarnings("unchecked")
        private int search(T item) {
            int low = 0;
            int high = size - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int c = order.compare((T) items[mid], item);
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

    /**
     * When contacts' requirements change, bucketed by second: filing a contact is an append to its second's
     * bucket, and taking one out moves the bucket's last entry into its place, so the schedule holds exactly
     * the waiting contacts that have a change ahead (a contact that left is not kept alive by it).
     */
    private static final class ChangeSchedule {
        private final TreeMap<Long, Bucket> ordered = new TreeMap<>();
        /** The same buckets by second, so that filing a contact under an existing second boxes nothing. */
        private final Long2ObjectHashMap<Bucket> bySecond = new Long2ObjectHashMap<>();

        void add(ContactEntry entry) {
            long second = Math.floorDiv(entry.nextChange, 1_000_000_000L);
            Bucket bucket = bySecond.get(second);
            if (bucket == null) {
                bucket = new Bucket(second);
                bySecond.put(second, bucket);
                ordered.put(second, bucket);
            }
            bucket.add(entry);
        }

        /**
         * Takes a filed entry out. An emptied bucket stays until {@link #next} or {@link #due} passes it: a
         * contact filed under the same second soon after would otherwise make it again.
         */
        void remove(ContactEntry entry) {
            entry.bucket.remove(entry);
        }

        /** Removes and returns the entries whose change is due by {@code now} (nanoseconds). */
        List<ContactEntry> due(long now) {
            List<ContactEntry> due = new ArrayList<>();
            long nowSecond = Math.floorDiv(now, 1_000_000_000L);
            while (!ordered.isEmpty() && ordered.firstKey() <= nowSecond) {
                Bucket bucket = ordered.firstEntry().getValue();
                for (int i = bucket.size - 1; i >= 0; i--) {
                    ContactEntry entry = bucket.entries[i];
                    if (entry.nextChange <= now) {
                        bucket.remove(entry);
                        due.add(entry);
                    }
                }
                if (bucket.size > 0) {
                    break;
                }
                drop(bucket);
            }
            return due;
        }

        /** The earliest change in nanoseconds, or {@link #NEVER}; drops the empty buckets it passes. */
        long next() {
            while (!ordered.isEmpty()) {
                Bucket bucket = ordered.firstEntry().getValue();
                if (bucket.size > 0) {
                    long earliest = NEVER;
                    for (int i = 0; i < bucket.size; i++) {
                        earliest = Math.min(earliest, bucket.entries[i].nextChange);
                    }
                    return earliest;
                }
                drop(bucket);
            }
            return NEVER;
        }

        private void drop(Bucket bucket) {
            ordered.remove(bucket.second);
            bySecond.remove(bucket.second);
        }

        /** The entries due within one second, in no order. */
        static final class Bucket {
            final long second;
            ContactEntry[] entries = new ContactEntry[4];
            int size;

            Bucket(long second) {
                this.second = second;
            }

            void add(ContactEntry entry) {
                if (size == entries.length) {
                    entries = Arrays.copyOf(entries, size * 2);
                }
                entry.bucket = this;
                entry.bucketIndex = size;
                entries[size++] = entry;
            }

            void remove(ContactEntry entry) {
                int at = entry.bucketIndex;
                ContactEntry last = entries[--size];
                entries[at] = last;
                last.bucketIndex = at;
                entries[size] = null;
                entry.bucket = null;
                entry.bucketIndex = -1;
            }
        }
    }

    /** The best (and, when explaining, the runner-up) contact among the groups an agent qualifies for. */
    private static final class ContactSearch {
        String agentId;
        long nowMillis;
        boolean explain;
        ContactEntry best;
        double bestEff;
        ContactEntry second;
        double secondEff;
        int qualified;
        /** Heap positions still to look at in a group, best first: the next best of a heap is a child of one seen. */
        private int[] frontier = new int[16];
        private int frontierSize;

        ContactSearch start(String agentId, Instant now, boolean explain) {
            this.agentId = agentId;
            this.nowMillis = now.toEpochMilli();
            this.explain = explain;
            best = null;
            bestEff = 0;
            second = null;
            secondEff = 0;
            qualified = 0;
            return this;
        }

        /** Looks at the group's best contacts; true when its head (not excluded) was the group's best. */
        boolean consider(Group group) {
            int limit = explain ? 2 : 1;
            int taken = 0;
            boolean headTaken = false;
            frontierSize = 0;
            push(group, 0);
            while (frontierSize > 0 && taken < limit) {
                int at = pop(group);
                ContactEntry entry = group.heap[at];
                if (2 * at + 1 < group.size) {
                    push(group, 2 * at + 1);
                }
                if (2 * at + 2 < group.size) {
                    push(group, 2 * at + 2);
                }
                if (entry.excludes(agentId)) {
                    continue;
                }
                headTaken = headTaken || at == 0;
                double eff = effectivePriority(entry);
                if (best == null || Rules.compareContacts(entry.contact, eff, best.contact, bestEff) < 0) {
                    second = best;
                    secondEff = bestEff;
                    best = entry;
                    bestEff = eff;
                } else if (explain && (second == null
                        || Rules.compareContacts(entry.contact, eff, second.contact, secondEff) < 0)) {
                    second = entry;
                    secondEff = eff;
                }
                taken++;
            }
            if (explain) {
                if (group.excluding == 0) {
                    qualified += group.size;
                } else {
                    for (int i = 0; i < group.size; i++) {
                        if (!group.heap[i].excludes(agentId)) {
                            qualified++;
                        }
                    }
                }
            }
            return headTaken;
        }

        void offer(ContactEntry entry) {
            double eff = effectivePriority(entry);
            if (best == null || Rules.compareContacts(entry.contact, eff, best.contact, bestEff) < 0) {
                best = entry;
                bestEff = eff;
            }
        }

        /** Whether the group's head could still beat the best found so far. */
        boolean couldBeat(Group group) {
            ContactEntry head = group.head;
            double eff = effectivePriority(head);
            return Rules.compareContacts(head.contact, eff, best.contact, bestEff) < 0;
        }

        private double effectivePriority(ContactEntry entry) {
            return Rules.effectivePriority(entry.priority, entry.queuedAtMillis, entry.queue.policy, nowMillis);
        }

        private void push(Group group, int at) {
            if (frontierSize == frontier.length) {
                frontier = Arrays.copyOf(frontier, frontierSize * 2);
            }
            int i = frontierSize++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (GROUP_ORDER.compare(group.heap[at], group.heap[frontier[parent]]) >= 0) {
                    break;
                }
                frontier[i] = frontier[parent];
                i = parent;
            }
            frontier[i] = at;
        }

        private int pop(Group group) {
            int top = frontier[0];
            int last = frontier[--frontierSize];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= frontierSize) {
                    break;
                }
                if (child + 1 < frontierSize
                        && GROUP_ORDER.compare(group.heap[frontier[child + 1]], group.heap[frontier[child]]) < 0) {
                    child++;
                }
                if (GROUP_ORDER.compare(group.heap[frontier[child]], group.heap[last]) >= 0) {
                    break;
                }
                frontier[i] = frontier[child];
                i = child;
            }
            frontier[i] = last;
            return top;
        }
    }

    @Override
    public String toString() {
        return "RoutingIndex[" + contacts.size() + " waiting in " + (openGroups.size() + preferredGroupsByKey.size())
                + " groups, " + agents.size() + " agents in " + profiles.size() + " profiles]";
    }

}
