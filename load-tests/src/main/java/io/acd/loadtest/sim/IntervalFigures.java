package io.acd.loadtest.sim;

import java.util.Map;

/** One interval of scenario time as both modes report it: all queues together, and each queue. */
public interface IntervalFigures {

    double startSeconds();

    double endSeconds();

    /** Every queue together. */
    Figures figures();

    /** By queue, in the scenario's order. */
    Map<String, Figures> queues();
}
