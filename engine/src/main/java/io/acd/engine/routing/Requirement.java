package io.acd.engine.routing;

import java.util.Map;

/**
 * One distinct set of required levels: equal sets share one, so groups are found by number.
 *
 * <p>Guarantees: {@link #matches} and {@link #sameLevels} compare by lookups alone and allocate nothing;
 * {@link #levels} is the immutable map the requirement was made from.
 *
 * <p>The caller must: make at most one requirement per distinct set of levels within an index, numbered
 * apart ({@link Interner} does); pass {@link #matches} only a map with as many skills as this one, which is
 * how the interner's chains are keyed.
 */
final class Requirement {

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

    /**
     * Whether {@code other} holds these skills at these levels, by lookups alone ({@code Map.equals} walks
     * one of the maps with an iterator, which allocates); the caller has checked that the sizes are equal.
     */
    static boolean sameLevels(String[] skills, int[] levels, Map<String, Integer> other) {
        for (int i = 0; i < skills.length; i++) {
            Integer level = other.get(skills[i]);
            if (level == null || level != levels[i]) {
                return false;
            }
        }
        return true;
    }
}
