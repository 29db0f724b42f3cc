package io.acd.engine.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * How one queue routes.
 *
 * @param agingPerSecond effective priority gained per second of waiting, so no contact starves
 * @param weight         multiplies the effective priority, to favour one queue over another for agents
 *                       who serve several
 * @param steps          bullseye steps, in any order; applied by time waited
 * @param groups         the agent groups that serve the queue before any step; empty: any agent with the skills
 */
public record QueuePolicy(String name, double agingPerSecond, double weight, List<Step> steps,
                          SelectionStrategy strategy, Set<String> groups) {

    public QueuePolicy {
        if (agingPerSecond < 0 || Double.isNaN(agingPerSecond)) {
            throw new IllegalArgumentException("agingPerSecond must be 0 or more");
        }
        if (!(weight > 0)) {
            throw new IllegalArgumentException("weight must be more than 0");
        }
        steps = steps.stream().sorted(Comparator.comparing(Step::after)).toList();
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    /** A queue any agent with the skills may serve. */
    public QueuePolicy(String name, double agingPerSecond, double weight, List<Step> steps,
                       SelectionStrategy strategy) {
        this(name, agingPerSecond, weight, steps, strategy, Set.of());
    }

    /** Strict priority, no aging, no steps, longest idle: what a queue does unless configured. */
    public static QueuePolicy plain(String name) {
        return new QueuePolicy(name, 0, 1, List.of(), SelectionStrategy.LONGEST_IDLE);
    }
}
