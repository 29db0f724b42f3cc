package io.acd.engine.routing;

import org.agrona.collections.Long2ObjectHashMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The groups waiting contacts are filed in, and the ranking of the open ones under every profile that qualifies
 * for them: a contact goes to the group of its queue, channel, step and current requirements (or, while it has
 * a preferred agent, to that agent's group of them), and each profile's {@link GroupRanking}s hold the open
 * groups it qualifies for by their heads.
 *
 * <p>Guarantees: after every {@link #place} and {@link #unplace}, every non-empty open group is ranked under
 * exactly the profiles its qualification holds, by its current head, and listed in {@link #openByChannel}; every
 * non-empty preferred group is listed under its agent ({@link #preferredOf}); an emptied group is forgotten, so
 * the table holds groups in proportion to the contacts waiting. Placing a contact allocates nothing once its
 * group exists (a preferred contact's lookup key excepted: such contacts are rare).
 *
 * <p>The caller must: place an entry that is in no group and unplace only a placed one; {@link #rankUnder} a
 * profile once, right after appending it to the list of profiles this table was given, which must only grow.
 * It never schedules anything: when the contact's requirements next change is the caller's to track. One thread.
 */
final class GroupTable {

    private static final Channel[] CHANNELS = Channel.values();

    private final Interner interner;
    private final List<Profile> profiles;
    private final Long2ObjectHashMap<Group> openGroups = new Long2ObjectHashMap<>();
    /** The non-empty open groups of each channel, for ranking them under a profile seen for the first time. */
    private final List<List<Group>> openByChannel = new ArrayList<>();
    private final Map<PreferredKey, Group> preferredGroupsByKey = new HashMap<>();
    private final Map<String, List<Group>> preferredGroups = new HashMap<>();

    GroupTable(Interner interner, List<Profile> profiles) {
        this.interner = interner;
        this.profiles = profiles;
        for (int c = 0; c < CHANNELS.length; c++) {
            openByChannel.add(new ArrayList<>());
        }
    }

    /** Files the entry in the group of its requirements at {@code now}, and sets its step and group. */
    void place(ContactEntry entry, Instant now) {
        WaitingContact contact = entry.contact;
        QueueSlot queue = entry.queue;
        int step = Rules.step(contact, queue.policy, now);
        entry.step = step;
        Requirement required = interner.requirementAt(entry.requirement, queue, contact, step);
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
        } else if (open && ContactEntry.ORDER.compare(entry, group.head) < 0) {
            // A new head: the group's place among the groups of each qualified profile changes.
            unrank(group);
            group.add(entry);
            rank(group);
        } else {
            group.add(entry);
        }
        entry.group = group;
    }

    /** Takes the entry out of its group, and forgets the group if that emptied it. */
    void unplace(ContactEntry entry) {
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

    /** Ranks every non-empty open group a new profile qualifies for under it. */
    void rankUnder(Profile profile) {
        for (List<Group> open : openByChannel) {
            for (Group group : open) {
                if (group.qualifies(profile, profiles)) {
                    profile.file(group);
                }
            }
        }
    }

    /** The non-empty groups only this agent may take for now, or null; allocates nothing. */
    List<Group> preferredOf(String agentId) {
        return preferredGroups.isEmpty() ? null : preferredGroups.get(agentId);
    }

    /** How many groups hold contacts. */
    int size() {
        return openGroups.size() + preferredGroupsByKey.size();
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

    private static long groupKey(Requirement required, QueueSlot queue, Channel channel, int step) {
        return ((long) required.id << 32) | ((long) queue.id << 12) | ((long) step << 3) | channel.ordinal();
    }

    private Group openGroup(Requirement required, QueueSlot queue, Channel channel, int step) {
        long key = groupKey(required, queue, channel, step);
        Group group = openGroups.get(key);
        if (group == null) {
            group = new Group(key, queue, channel, null, interner.qualification(required, queue, step));
            openGroups.put(key, group);
        }
        return group;
    }

    private Group preferredGroup(Requirement required, QueueSlot queue, Channel channel, int step, String agentId) {
        PreferredKey key = new PreferredKey(groupKey(required, queue, channel, step), agentId);
        Group group = preferredGroupsByKey.get(key);
        if (group == null) {
            group = new Group(key.group(), queue, channel, agentId, interner.qualification(required, queue, step));
            preferredGroupsByKey.put(key, group);
        }
        return group;
    }

    /** A group of contacts that only one agent may take for now (sticky routing); rare, so keyed plainly. */
    private record PreferredKey(long group, String agentId) {
    }
}
