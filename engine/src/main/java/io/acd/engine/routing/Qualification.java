package io.acd.engine.routing;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which skill profiles meet one set of required levels within some agent groups; extended as profiles appear.
 *
 * <p>Guarantees: after {@link #extendTo}, bit {@code p} of the answer is set exactly when profile {@code p} has
 * the required skills at their levels and is in one of the groups (or the groups are empty), as
 * {@link Rules#hasSkills} and {@link Rules#inGroups} say. Each profile is checked once: a call when no profile
 * was added since the last one is a size comparison.
 *
 * <p>The caller must: pass the same list every time, one that only grows and in which a profile's position is
 * its {@link Profile#id}; treat the answer as read-only. One thread.
 */
final class Qualification {

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
