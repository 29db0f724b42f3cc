package io.acd.engine.routing;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a queue picks among the agents qualified for a contact. Ties always end on the agent id. */
public enum SelectionStrategy {
    /** The agent free of work the longest (the default of the commercial systems). */
    LONGEST_IDLE,
    /** The highest sum of levels in the contact's required skills, then longest idle. */
    MOST_SKILLED,
    /** The lowest share of capacity in use across channels, then longest idle. */
    LEAST_OCCUPIED,
    /** The agent this queue offered to least recently (never first), then longest idle. */
    ROUND_ROBIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SelectionStrategy> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
