package io.acd.engine.routing;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The best (and, when explaining, the runner-up) waiting contact for an available agent, among the open groups
 * its profile ranks on the channels it can take and the groups only it may take for now. One search serves both
 * the fast path and the explained one; explaining adds the runner-up and the count of qualified contacts.
 *
 * <p>Guarantees: {@link #run} finds the contact {@link NaiveRouting#bestContactFor} would, by the same
 * {@link Rules#compareContacts}, and, when explaining, the same runner-up and count. Without explaining it reads
 * one head per queue and channel unless that head excludes the agent, and opens a queue's ranking only then;
 * it never allocates, since the object is reused and its frontier only grows.
 *
 * <p>The caller must: bring the index up to date first (the contacts' groups and steps at the time passed);
 * read the results of one run before starting the next; call {@link #decision} only after an explained run that
 * found a contact. One thread: the object is shared by every search of its index.
 */
final class ContactSearch {

    private static final Channel[] CHANNELS = Channel.values();

    private final List<Profile> profiles;
    private String agentId;
    private long nowMillis;
    private boolean explain;
    private ContactEntry best;
    private double bestEff;
    private ContactEntry second;
    private double secondEff;
    private int qualified;
    /** Heap positions still to look at in a group, best first: the next best of a heap is a child of one seen. */
    private int[] frontier = new int[16];
    private int frontierSize;

    /** {@code profiles} is the index's list of profiles, by number. */
    ContactSearch(List<Profile> profiles) {
        this.profiles = profiles;
    }

    /**
     * The best contact for the agent, or null.
     *
     * @param preferred the non-empty groups only this agent may take for now, or null
     */
    ContactEntry run(AgentEntry agent, List<Group> preferred, Instant now, boolean explain) {
        String agentId = agent.id;
        this.agentId = agentId;
        this.nowMillis = now.toEpochMilli();
        this.explain = explain;
        best = null;
        bestEff = 0;
        second = null;
        secondEff = 0;
        qualified = 0;
        Profile profile = agent.profile;
        for (Channel channel : CHANNELS) {
            if (!agent.takes(channel)) {
                continue;
            }
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
                    offer(top);
                    continue;
                }
                GroupRanking ranked = profile.ranking(channel, r);
                for (int g = 0; g < ranked.size(); g++) {
                    Group group = ranked.get(g);
                    if (!explain && best != null && !couldBeat(group)) {
                        break;
                    }
                    boolean headTaken = consider(group);
                    if (!explain && headTaken) {
                        break;
                    }
                }
            }
        }
        if (preferred != null) {
            for (Group group : preferred) {
                if (agent.takes(group.channel) && group.qualifies(profile, profiles)) {
                    consider(group);
                }
            }
        }
        return best;
    }

    /** Why the last explained run chose its contact, for people. */
    Decision decision(Instant now) {
        QueuePolicy queue = best.queue.policy;
        return new Decision("agent_freed", queue.name(), best.step, bestEff,
                Rules.waited(best.contact, now).toMillis(), queue.strategy(), qualified,
                second == null ? null : second.contact.interactionId(),
                second == null ? null : Rules.contactLostOn(best.contact, bestEff, second.contact, secondEff), now);
    }

    /** Looks at the group's best contacts; true when its head (not excluded) was the group's best. */
    private boolean consider(Group group) {
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

    private void offer(ContactEntry entry) {
        double eff = effectivePriority(entry);
        if (best == null || Rules.compareContacts(entry.contact, eff, best.contact, bestEff) < 0) {
            best = entry;
            bestEff = eff;
        }
    }

    /** Whether the group's head could still beat the best found so far. */
    private boolean couldBeat(Group group) {
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
            if (ContactEntry.ORDER.compare(group.heap[at], group.heap[frontier[parent]]) >= 0) {
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
                    && ContactEntry.ORDER.compare(group.heap[frontier[child + 1]], group.heap[frontier[child]]) < 0) {
                child++;
            }
            if (ContactEntry.ORDER.compare(group.heap[frontier[child]], group.heap[last]) >= 0) {
                break;
            }
            frontier[i] = frontier[child];
            i = child;
        }
        frontier[i] = last;
        return top;
    }
}
