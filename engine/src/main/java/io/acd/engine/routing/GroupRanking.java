package io.acd.engine.routing;

import java.util.Arrays;

/**
 * The groups of one queue and channel that a profile qualifies for, in the order of their heads: a small sorted
 * array. Such sets hold tens of elements, so an insertion costs a short copy and no allocation, and the walk is
 * over adjacent slots.
 *
 * <p>Guarantees: {@code get(0)} to {@code get(size() - 1)} are the groups added and not removed, in
 * {@link ContactEntry#ORDER} of their heads as they were when added, so the first holds the queue's best
 * contact for the profile; a total order, since group heads are distinct contacts. Removing a group that is not
 * here does nothing. Only growing allocates.
 *
 * <p>The caller must: add only non-empty groups, each at most once; remove a group before its head changes and
 * add it again after, since the ranking finds a group by its head. One thread.
 */
final class GroupRanking {

    private Group[] groups = new Group[4];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Group get(int i) {
        return groups[i];
    }

    void add(Group group) {
        int at = -(search(group) + 1);
        if (size == groups.length) {
            groups = Arrays.copyOf(groups, size * 2);
        }
        System.arraycopy(groups, at, groups, at + 1, size - at);
        groups[at] = group;
        size++;
    }

    void remove(Group group) {
        int at = search(group);
        if (at >= 0) {
            System.arraycopy(groups, at + 1, groups, at, size - at - 1);
            groups[--size] = null;
        }
    }

    private int search(Group group) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = ContactEntry.ORDER.compare(groups[mid].head, group.head);
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
