package io.acd.engine.routing;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Agents with the same skills and the same agent groups, who are interchangeable for qualification: per channel,
 * the profile's agents that can take it now ({@link Takers}) and the open contact groups the profile qualifies
 * for, one {@link GroupRanking} per queue.
 *
 * <p>Guarantees: {@link #fits} tells by lookups alone, allocating nothing, whether an agent's report belongs
 * here. After every {@link #file} and {@link #unfile}, {@link #tops} holds, for each of the channel's first
 * {@link #rankingCount} rankings, the head of its first group, or null while it is empty. A ranking, once made,
 * keeps its slot for the life of the profile, empty or not. {@link #takersOrNull} never makes anything;
 * {@link #takers} makes the channel's takers on first use.
 *
 * <p>The caller must: make one profile per distinct skills and groups, numbered by its position in the index's
 * list of profiles; file only non-empty open groups this profile qualifies for, each once; unfile a group
 * before its head changes and file it again after. One thread.
 */
final class Profile {

    private static final Channel[] CHANNELS = Channel.values();

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
    private final GroupRanking[][] rankings = new GroupRanking[CHANNELS.length][];
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
                || !Requirement.sameLevels(skillNames, skillLevels, otherSkills))) {
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
        GroupRanking ranking = rankings[c][k];
        ranking.add(group);
        tops[c][k] = ranking.get(0).head;
    }

    /** Takes a group out of its queue's ranking; call before the group's head changes. */
    void unfile(Group group) {
        int c = group.channel.ordinal();
        int k = rankingSlot(c, group.queue);
        GroupRanking ranking = rankings[c][k];
        ranking.remove(group);
        tops[c][k] = ranking.isEmpty() ? null : ranking.get(0).head;
    }

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
            GroupRanking[] list = rankings[c];
            if (list == null || list.length == k) {
                int length = list == null ? 4 : list.length * 2;
                list = rankings[c] = Arrays.copyOf(list == null ? new GroupRanking[4] : list, length);
                tops[c] = Arrays.copyOf(tops[c] == null ? new ContactEntry[4] : tops[c], length);
            }
            list[k] = new GroupRanking();
        }
        return k;
    }

    ContactEntry[] tops(Channel channel) {
        return tops[channel.ordinal()];
    }

    int rankingCount(Channel channel) {
        return rankingCount[channel.ordinal()];
    }

    GroupRanking ranking(Channel channel, int k) {
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
