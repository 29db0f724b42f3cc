package io.acd.engine.routing;

import java.time.Duration;
import java.util.Set;

/**
 * One ring of a queue's bullseye: once a contact has waited {@code after}, its required skills relax to
 * this step's: every minimum level lowered by {@code levelDrop} (not below 0) and the {@code dropSkills}
 * no longer required; {@code anyAgent} drops every skill requirement. Each step is stated against the
 * contact's own requirements, not against the previous step.
 */
public record Step(Duration after, int levelDrop, Set<String> dropSkills, boolean anyAgent) {

    public Step {
        if (after.isNegative()) {
            throw new IllegalArgumentException("A step cannot start before the contact is queued");
        }
        if (levelDrop < 0) {
            throw new IllegalArgumentException("levelDrop must be 0 or more");
        }
        dropSkills = Set.copyOf(dropSkills);
    }
}
