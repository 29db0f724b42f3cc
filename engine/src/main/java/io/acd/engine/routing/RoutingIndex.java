package io.acd.engine.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The router's in-memory index of waiting contacts and available agents, deciding in both directions with
 * {@link Rules}, like {@link NaiveRouting}, but looking only where an answer can be:
 *
 * <ul>
 *   <li>Contacts are grouped by queue, channel and current requirements. Within a group, effective priority
 *   keeps its order as time passes (same queue, same aging), so each group is kept sorted once and only the
 *   heads are compared, at the moment of the decision.</li>
 *   <li>Agents are grouped by skill profile; per profile and channel the agents that could take that channel
 *   now are kept by how long they have been idle.</li>
 *   <li>Which profiles meet which requirements is worked out once per pair and remembered; each profile
 *   keeps the list of non-empty contact groups it qualifies for, so an agent looks at those only.</li>
 *   <li>Bullseye steps and preferred-agent expiries move a contact to another group when they fall due
 *   ({@link #advance}); the caller passes the time in.</li>
 * </ul>
 *
 * Not thread-safe: one router actor owns one index.
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

    private static final Comparator<AgentEntry> IDLE_ORDER = (a, b) -> {
        if (a == b) {
            return 0;
        }
        int c = a.agent.idleSince().compareTo(b.agent.idleSince());
        return c != 0 ? c : a.agent.agentId().compareTo(b.agent.agentId());
    };

    private static final Channel[] CHANNELS = Channel.values();

    private final RoutingConfig config;
    private final RoundRobin roundRobin;

    private final Map<String, ContactEntry> contacts = new HashMap<>();
    private final Map<GroupKey, Group> groups = new HashMap<>();
    private final EnumMap<Channel, List<Group>> openGroups = new EnumMap<>(Channel.class);
    private final Map<String, List<Group>> preferredGroups = new HashMap<>();
    private final ChangeSchedule changes = new ChangeSchedule();

    private final Map<String, AgentEntry> agents = new HashMap<>();
    private final Map<ProfileKey, Profile> profilesByKey = new HashMap<>();
    private final List<Profile> profiles = new ArrayList<>();
    private final Map<QualificationKey, Qualification> qualifications = new HashMap<>();

    public RoutingIndex(RoutingConfig config) {
        this(config, new RoundRobin());
    }

    private RoutingIndex(RoutingConfig config, RoundRobin roundRobin) {
        this.config = config;
        this.roundRobin = roundRobin;
        for (Channel channel : Channel.values()) {
            openGroups.put(channel, new ArrayList<>());
        }
    }

    public RoutingConfig config() {
        return config;
    }

    /** The same contacts and agents under new rules (a queue's policy changed): every contact is re-filed. */
    public RoutingIndex reconfigured(RoutingConfig newConfig, Instant now) {
        RoutingIndex next = new RoutingIndex(newConfig, roundRobin);
        agents.values().forEach(a -> next.putAgent(a.agent));
        contacts.values().forEach(c -> next.putContact(c.contact, now));
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
        return new ArrayList<>(agents.keySet());
    }

    // ---- contacts --------------------------------------------------------------------------------------

    /** Adds or replaces a waiting contact. */
    public void putContact(WaitingContact contact, Instant now) {
        removeContact(contact.interactionId());
        QueuePolicy queue = config.queue(contact.queue());
        ContactEntry entry = new ContactEntry(contact, queue);
        contacts.put(contact.interactionId(), entry);
        place(entry, now);
    }

    public boolean removeContact(String interactionId) {
        ContactEntry entry = contacts.remove(interactionId);
        if (entry == null) {
            return false;
        }
        unplace(entry);
        if (entry.nextChange != null) {
            // Left in the schedule and skipped there when its second comes: cheaper than finding it now.
            entry.nextChange = null;
            changes.abandoned();
        }
        return true;
    }

    /**
     * Moves every contact whose requirements changed by {@code now} (a step reached, a preferred agent
     * expired) to its new group.
     *
     * @return the contacts that moved, which may now match an agent that is already waiting
     */
    public List<WaitingContact> advance(Instant now) {
        List<WaitingContact> moved = new ArrayList<>();
        for (ContactEntry entry : changes.due(now)) {
            entry.nextChange = null;
            unplace(entry);
            place(entry, now);
            moved.add(entry.contact);
        }
        moved.sort(Comparator.comparing(WaitingContact::queuedAt).thenComparing(WaitingContact::interactionId));
        return moved;
    }

    /** When {@link #advance} next has work, or empty. */
    public Optional<Instant> nextChange() {
        return Optional.ofNullable(changes.next());
    }

    private void place(ContactEntry entry, Instant now) {
        WaitingContact contact = entry.contact;
        QueuePolicy queue = entry.queue;
        entry.step = Rules.step(contact, queue, now);
        String preferred = Rules.preferredAgentActive(contact, now) ? contact.preferredAgent() : null;
        GroupKey key = new GroupKey(queue.name(), contact.channel(), Rules.requiredAt(contact, queue, entry.step),
                Rules.groupsAt(queue, entry.step), preferred);
        Group group = groups.get(key);
        if (group == null) {
            group = new Group(key, queue, qualification(key.required(), key.groups()));
            groups.put(key, group);
        }
        boolean open = preferred == null;
        if (group.contacts.isEmpty()) {
            group.add(entry);
            if (open) {
                openGroups.get(key.channel()).add(group);
                rank(group);
            } else {
                preferredGroups.computeIfAbsent(preferred, a -> new ArrayList<>()).add(group);
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
        entry.nextChange = Rules.nextChange(contact, queue, now);
        if (entry.nextChange != null) {
            changes.add(entry);
        }
    }

    private void unplace(ContactEntry entry) {
        Group group = entry.group;
        boolean open = group.key.preferredAgent() == null;
        boolean head = group.head == entry;
        if (open && head) {
            unrank(group);
        }
        group.remove(entry);
        if (group.contacts.isEmpty()) {
            if (open) {
                openGroups.get(group.key.channel()).remove(group);
            } else {
                List<Group> list = preferredGroups.get(group.key.preferredAgent());
                list.remove(group);
                if (list.isEmpty()) {
                    preferredGroups.remove(group.key.preferredAgent());
                }
            }
            groups.remove(group.key);
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
            profiles.get(p).ranked(group.key.channel(), group.key.queue()).add(group);
        }
    }

    private void unrank(Group group) {
        BitSet qualified = group.qualification.profiles;
        for (int p = qualified.nextSetBit(0); p >= 0; p = qualified.nextSetBit(p + 1)) {
            profiles.get(p).ranked(group.key.channel(), group.key.queue()).remove(group);
        }
    }

    // ---- agents ----------------------------------------------------------------------------------------

    /** Adds or replaces an available agent. */
    public void putAgent(AgentCandidate agent) {
        AgentEntry entry = agents.get(agent.agentId());
        // Skills rarely change between reports; comparing with the last ones saves hashing them.
        Profile profile = entry != null && entry.profile.skills.equals(agent.skills())
                && entry.profile.groups.equals(agent.groups()) ? entry.profile : profile(agent.skills(), agent.groups());
        if (entry != null && (entry.profile != profile || !entry.agent.idleSince().equals(agent.idleSince()))) {
            removeAgent(agent.agentId());
            entry = null;
        }
        if (entry == null) {
            entry = new AgentEntry(agent, profile);
            agents.put(agent.agentId(), entry);
        } else {
            // Same profile and same idle time: the entry keeps its places, only what it can take may change.
            entry.agent = agent;
        }
        for (Channel channel : CHANNELS) {
            boolean takes = agent.capacity().containsKey(channel) && Rules.canTake(agent, channel, config);
            if (takes != entry.takes(channel)) {
                if (takes) {
                    profile.takers(channel).add(entry);
                } else {
                    profile.takers(channel).remove(entry);
                }
                entry.setTakes(channel, takes);
            }
        }
    }

    public boolean removeAgent(String agentId) {
        AgentEntry entry = agents.remove(agentId);
        if (entry == null) {
            return false;
        }
        for (Channel channel : CHANNELS) {
            if (entry.takes(channel)) {
                entry.profile.takers(channel).remove(entry);
            }
        }
        return true;
    }

    private Profile profile(Map<String, Integer> skills, Set<String> groups) {
        ProfileKey key = new ProfileKey(skills, groups);
        Profile profile = profilesByKey.get(key);
        if (profile == null) {
            profile = new Profile(profiles.size(), skills, groups);
            profiles.add(profile);
            profilesByKey.put(key, profile);
            for (List<Group> open : openGroups.values()) {
                for (Group group : open) {
                    if (group.qualifies(profile, profiles)) {
                        profile.ranked(group.key.channel(), group.key.queue()).add(group);
                    }
                }
            }
        }
        return profile;
    }

    // ---- decisions -------------------------------------------------------------------------------------

    /** The best agent for a waiting contact, by its queue's strategy; call {@link #advance} first. */
    public Optional<Match> bestAgentFor(String interactionId, Instant now, boolean explain) {
        ContactEntry entry = contacts.get(interactionId);
        if (entry == null) {
            return Optional.empty();
        }
        WaitingContact contact = entry.contact;
        QueuePolicy queue = entry.queue;
        String preferred = entry.group.key.preferredAgent();
        if (preferred != null) {
            AgentEntry only = agents.get(preferred);
            List<AgentCandidate> candidates = only == null ? List.of() : List.of(only.agent);
            return NaiveRouting.bestAgentFor(contact, candidates, config, roundRobin, now, explain);
        }
        boolean headIsBest = queue.strategy() == SelectionStrategy.LONGEST_IDLE
                || queue.strategy() == SelectionStrategy.MOST_SKILLED;
        AgentCandidate best = null;
        AgentCandidate second = null;
        int qualified = 0;
        Qualification qualification = entry.group.qualification;
        qualification.extendTo(profiles);
        BitSet matching = qualification.profiles;
        for (int p = matching.nextSetBit(0); p >= 0; p = matching.nextSetBit(p + 1)) {
            IdleOrder takers = profiles.get(p).takersOrNull(contact.channel());
            if (takers == null || takers.isEmpty()) {
                continue;
            }
            for (AgentEntry candidate : takers) {
                if (contact.excludedAgents().contains(candidate.agent.agentId())) {
                    continue;
                }
                qualified++;
                AgentCandidate a = candidate.agent;
                if (best == null || Rules.compareAgents(a, best, contact, queue, roundRobin) < 0) {
                    second = best;
                    best = a;
                } else if (second == null || Rules.compareAgents(a, second, contact, queue, roundRobin) < 0) {
                    second = a;
                }
                if (headIsBest && !explain) {
                    // Within a profile these strategies rank by idle time alone: the first taker is its best.
                    break;
                }
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Decision decision = null;
        if (explain) {
            decision = new Decision("contact_arrived", queue.name(), entry.step,
                    Rules.effectivePriority(contact, queue, now), Rules.waited(contact, now).toMillis(),
                    queue.strategy(), qualified, second == null ? null : second.agentId(),
                    second == null ? null : Rules.agentLostOn(best, second, contact, queue, roundRobin));
        }
        return Optional.of(new Match(contact, best, decision));
    }

    /** The waiting contact an available agent should take; call {@link #advance} first. */
    public Optional<Match> bestContactFor(String agentId, Instant now, boolean explain) {
        AgentEntry entry = agents.get(agentId);
        if (entry == null) {
            return Optional.empty();
        }
        Search search = new Search(agentId, now, explain);
        for (Channel channel : CHANNELS) {
            if (!entry.takes(channel)) {
                continue;
            }
            Map<String, TreeSet<Group>> byQueue = entry.profile.rankedOrNull(channel);
            if (byQueue == null) {
                continue;
            }
            for (TreeSet<Group> ranked : byQueue.values()) {
                if (ranked.isEmpty()) {
                    continue;
                }
                // Within a queue the groups are in the order of their heads, which is the order of effective
                // priority: the first group whose head is not excluded holds this queue's best.
                Group top = ranked.first();
                if (!explain && !top.head.contact.excludedAgents().contains(agentId)) {
                    search.offer(top.head, top.queue);
                    continue;
                }
                for (Group group : ranked) {
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
        List<Group> mine = preferredGroups.get(agentId);
        if (mine != null) {
            for (Group group : mine) {
                if (entry.takes(group.key.channel()) && group.qualifies(entry.profile, profiles)) {
                    search.consider(group);
                }
            }
        }
        if (search.best == null) {
            return Optional.empty();
        }
        Decision decision = null;
        if (explain) {
            WaitingContact best = search.best.contact;
            QueuePolicy queue = search.best.queue;
            decision = new Decision("agent_freed", queue.name(), search.best.step, search.bestEff,
                    Rules.waited(best, now).toMillis(), queue.strategy(), search.qualified,
                    search.second == null ? null : search.second.contact.interactionId(),
                    search.second == null ? null
                            : Rules.contactLostOn(best, search.bestEff, search.second.contact, search.secondEff));
        }
        return Optional.of(new Match(search.best.contact, entry.agent, decision));
    }

    /** Records that a match was made, for round robin. The caller removes or updates both sides. */
    public void matched(Match match) {
        roundRobin.served(match.contact().queue(), match.agent().agentId());
    }

    private Qualification qualification(Map<String, Integer> required, Set<String> groups) {
        return qualifications.computeIfAbsent(new QualificationKey(required, groups),
                k -> new Qualification(required, groups));
    }

    // ---- structures --------------------------------------------------------------------------------------

    /** Agents with the same skills and the same agent groups are interchangeable for qualification. */
    private record ProfileKey(Map<String, Integer> skills, Set<String> groups) {
    }

    private record QualificationKey(Map<String, Integer> required, Set<String> groups) {
    }

    private record GroupKey(String queue, Channel channel, Map<String, Integer> required, Set<String> groups,
                            String preferredAgent) {
    }

    private static final class ContactEntry {
        final WaitingContact contact;
        final QueuePolicy queue;
        /** Orders the group like the effective priority does at any time: priority − aging × queuedAt. */
        final double key;
        Group group;
        int step;
        Instant nextChange;
        /** The change time it was filed under in the schedule. */
        Instant scheduled;

        ContactEntry(WaitingContact contact, QueuePolicy queue) {
            this.contact = contact;
            this.queue = queue;
            this.key = contact.priority() - queue.agingPerSecond() * (contact.queuedAt().toEpochMilli() / 1000.0);
        }
    }

    private static final class Group {
        final GroupKey key;
        final QueuePolicy queue;
        final Qualification qualification;
        final TreeSet<ContactEntry> contacts = new TreeSet<>(GROUP_ORDER);
        /** How many contacts here exclude some agent; while 0, the group's size is what any agent may take. */
        int excluding;
        /** The first contact, kept at hand: reaching it through the tree is most of a decision's cost. */
        ContactEntry head;

        void add(ContactEntry entry) {
            contacts.add(entry);
            if (head == null || GROUP_ORDER.compare(entry, head) < 0) {
                head = entry;
            }
            if (!entry.contact.excludedAgents().isEmpty()) {
                excluding++;
            }
        }

        void remove(ContactEntry entry) {
            contacts.remove(entry);
            if (entry == head) {
                head = contacts.isEmpty() ? null : contacts.first();
            }
            if (!entry.contact.excludedAgents().isEmpty()) {
                excluding--;
            }
        }

        Group(GroupKey key, QueuePolicy queue, Qualification qualification) {
            this.key = key;
            this.queue = queue;
            this.qualification = qualification;
        }

        boolean qualifies(Profile profile, List<Profile> profiles) {
            qualification.extendTo(profiles);
            return qualification.profiles.get(profile.id);
        }
    }

    /** Which skill profiles meet one set of required levels; extended as new profiles appear. */
    private static final class Qualification {
        final Map<String, Integer> required;
        final Set<String> groups;
        final BitSet profiles = new BitSet();
        int checked;

        Qualification(Map<String, Integer> required, Set<String> groups) {
            this.required = required;
            this.groups = groups;
        }

        void extendTo(List<Profile> all) {
            for (; checked < all.size(); checked++) {
                Profile profile = all.get(checked);
                if (Rules.hasSkills(profile.skills, required) && Rules.inGroups(profile.groups, groups)) {
                    profiles.set(checked);
                }
            }
        }
    }

    private static final class Profile {
        final int id;
        final Map<String, Integer> skills;
        final Set<String> groups;
        private final EnumMap<Channel, IdleOrder> takers = new EnumMap<>(Channel.class);
        /**
         * The non-empty contact groups without a preferred agent that this profile qualifies for, by channel
         * and queue, each queue's groups in the order of their heads.
         */
        private final EnumMap<Channel, Map<String, TreeSet<Group>>> ranked = new EnumMap<>(Channel.class);

        TreeSet<Group> ranked(Channel channel, String queue) {
            return ranked.computeIfAbsent(channel, c -> new HashMap<>())
                    .computeIfAbsent(queue, q -> new TreeSet<>(BY_HEAD));
        }

        Map<String, TreeSet<Group>> rankedOrNull(Channel channel) {
            return ranked.get(channel);
        }

        Profile(int id, Map<String, Integer> skills, Set<String> groups) {
            this.id = id;
            this.skills = skills;
            this.groups = groups;
        }

        IdleOrder takers(Channel channel) {
            return takers.computeIfAbsent(channel, c -> new IdleOrder());
        }

        IdleOrder takersOrNull(Channel channel) {
            return takers.get(channel);
        }
    }

    private static final class AgentEntry {
        AgentCandidate agent;
        final Profile profile;
        /** Bit per channel ordinal: the channels on which the agent can take new work now. */
        int channels;

        AgentEntry(AgentCandidate agent, Profile profile) {
            this.agent = agent;
            this.profile = profile;
        }

        boolean takes(Channel channel) {
            return (channels & (1 << channel.ordinal())) != 0;
        }

        void setTakes(Channel channel, boolean takes) {
            channels = takes ? channels | (1 << channel.ordinal()) : channels & ~(1 << channel.ordinal());
        }
    }

    /**
     * The agents of one profile that can take one channel, idle longest first: a sorted array, since a
     * profile holds tens of agents and an insertion then costs a short copy and no allocation.
     */
    private static final class IdleOrder implements Iterable<AgentEntry> {
        private AgentEntry[] entries = new AgentEntry[4];
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        void add(AgentEntry entry) {
            int at = -(search(entry) + 1);
            if (size == entries.length) {
                entries = java.util.Arrays.copyOf(entries, size * 2);
            }
            System.arraycopy(entries, at, entries, at + 1, size - at);
            entries[at] = entry;
            size++;
        }

        void remove(AgentEntry entry) {
            int at = search(entry);
            if (at >= 0) {
                System.arraycopy(entries, at + 1, entries, at, size - at - 1);
                entries[--size] = null;
            }
        }

        private int search(AgentEntry entry) {
            return java.util.Arrays.binarySearch(entries, 0, size, entry, IDLE_ORDER);
        }

        @Override
        public java.util.Iterator<AgentEntry> iterator() {
            return new java.util.Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < size;
                }

                @Override
                public AgentEntry next() {
                    if (next >= size) {
                        throw new java.util.NoSuchElementException();
                    }
                    return entries[next++];
                }
            };
        }
    }

    /**
     * When contacts' requirements change, bucketed by second: adding is an append, and a contact that leaves
     * is not searched for but skipped when its bucket comes (its entry no longer has that change time).
     */
    private static final class ChangeSchedule {
        private final TreeMap<Long, List<ContactEntry>> buckets = new TreeMap<>();
        private long entries;
        private long dead;

        void add(ContactEntry entry) {
            buckets.computeIfAbsent(entry.nextChange.getEpochSecond(), s -> new ArrayList<>()).add(entry);
            entry.scheduled = entry.nextChange;
            entries++;
        }

        /** An entry left behind by a contact that went away; sweeps them out once they are the majority. */
        void abandoned() {
            dead++;
            if (dead > 1024 && dead * 2 > entries) {
                for (Map.Entry<Long, List<ContactEntry>> bucket : buckets.entrySet()) {
                    bucket.getValue().removeIf(entry -> !live(entry));
                }
                buckets.values().removeIf(List::isEmpty);
                entries = buckets.values().stream().mapToLong(List::size).sum();
                dead = 0;
            }
        }

        /** Removes and returns the live entries whose change is due by {@code now}. */
        List<ContactEntry> due(Instant now) {
            List<ContactEntry> due = new ArrayList<>();
            while (!buckets.isEmpty() && buckets.firstKey() <= now.getEpochSecond()) {
                Map.Entry<Long, List<ContactEntry>> bucket = buckets.firstEntry();
                List<ContactEntry> later = null;
                for (ContactEntry entry : bucket.getValue()) {
                    if (!live(entry)) {
                        continue;
                    }
                    if (entry.nextChange.isAfter(now)) {
                        if (later == null) {
                            later = new ArrayList<>();
                        }
                        later.add(entry);
                    } else {
                        due.add(entry);
                    }
                }
                entries -= bucket.getValue().size() - (later == null ? 0 : later.size());
                if (later == null) {
                    buckets.pollFirstEntry();
                } else {
                    buckets.put(bucket.getKey(), later);
                    break;
                }
            }
            return due;
        }

        /** The earliest live change, or null. */
        Instant next() {
            while (!buckets.isEmpty()) {
                Map.Entry<Long, List<ContactEntry>> bucket = buckets.firstEntry();
                Instant earliest = null;
                List<ContactEntry> live = new ArrayList<>();
                for (ContactEntry entry : bucket.getValue()) {
                    if (live(entry)) {
                        live.add(entry);
                        if (earliest == null || entry.nextChange.isBefore(earliest)) {
                            earliest = entry.nextChange;
                        }
                    }
                }
                if (earliest != null) {
                    buckets.put(bucket.getKey(), live);
                    return earliest;
                }
                buckets.pollFirstEntry();
            }
            return null;
        }

        /** Still waiting for the change it was scheduled with (not removed, not moved since). */
        private static boolean live(ContactEntry entry) {
            return entry.nextChange != null && entry.nextChange == entry.scheduled;
        }
    }

    /** The best (and, when explaining, the runner-up) contact among the groups an agent qualifies for. */
    private static final class Search {
        final String agentId;
        final Instant now;
        final boolean explain;
        ContactEntry best;
        double bestEff;
        ContactEntry second;
        double secondEff;
        int qualified;

        Search(String agentId, Instant now, boolean explain) {
            this.agentId = agentId;
            this.now = now;
            this.explain = explain;
        }

        /** Looks at the group's best contacts; true when its head (not excluded) was the group's best. */
        boolean consider(Group group) {
            int taken = 0;
            boolean headTaken = false;
            boolean first = true;
            for (ContactEntry entry : group.contacts) {
                if (entry.contact.excludedAgents().contains(agentId)) {
                    first = false;
                    continue;
                }
                headTaken = headTaken || first;
                first = false;
                double eff = Rules.effectivePriority(entry.contact, group.queue, now);
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
                if (!explain || taken >= 2) {
                    break;
                }
            }
            if (explain) {
                qualified += group.excluding == 0 ? group.contacts.size() : (int) group.contacts.stream()
                        .filter(e -> !e.contact.excludedAgents().contains(agentId)).count();
            }
            return headTaken;
        }

        void offer(ContactEntry entry, QueuePolicy queue) {
            double eff = Rules.effectivePriority(entry.contact, queue, now);
            if (best == null || Rules.compareContacts(entry.contact, eff, best.contact, bestEff) < 0) {
                best = entry;
                bestEff = eff;
            }
        }

        /** Whether the group's head could still beat the best found so far. */
        boolean couldBeat(Group group) {
            ContactEntry head = group.head;
            double eff = Rules.effectivePriority(head.contact, group.queue, now);
            return Rules.compareContacts(head.contact, eff, best.contact, bestEff) < 0;
        }
    }

    @Override
    public String toString() {
        return "RoutingIndex[" + contacts.size() + " waiting in " + groups.size() + " groups, " + agents.size()
                + " agents in " + profiles.size() + " profiles]";
    }

}
