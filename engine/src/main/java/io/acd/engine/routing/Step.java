package io.acd.engine.routing;

import java.time.Duration;
import java.util.Set;

/**
 * One ring of a queue's bullseye: once a contact has waited {@code after}, its required skills relax to
 * this step's: every minimum level lowered by {@code levelDrop} (not below 0) and the {@code dropSkills}
 * no longer required; {@code anyAgent} drops every skill requirement. Each step is stated against the
 * contact's own requirements, not against the previous step. For a queue served by agent groups,
 * {@code addGroups} widens the groups whose agents may take the contact; those add up from step to step.
 */
public record Step(Duration after, int levelDrop, Set<String> dropSkills, boolean anyAgent, Set<String> addGroups) {

    public Step {
        if (after.isNegative()) {
            throw new IllegalArgumentException("A step cannot start before the contact is queued");
        }
        if (levelDrop < 0) {
            throw new IllegalArgumentException("levelDrop must be 0 or more");
        }
        dropSkills = Set.copyOf(dropSkills);
        addGroups = addGroups == null ? Set.of() : Set.copyOf(addGroups);
    }

    /** A step that adds no agent group. */
    public Step(Duration after, int levelDrop, Set<String> dropSkills, boolean anyAgent) {
        this(after, levelDrop, dropSkills, anyAgent, Set.of());
    }
}
