package io.acd.engine.routing;

import java.time.Instant;

/**
 * Why a match was made, for people: shown with the interaction. Only built when asked for.
 *
 * @param direction         {@code contact_arrived} (the contact chose among agents) or {@code agent_freed}
 *                          (the agent chose among contacts)
 * @param step              the bullseye step the contact had reached (0: its own requirements)
 * @param effectivePriority priority after aging and queue weight, at the moment of the decision
 * @param candidates        how many candidates qualified on the choosing side
 * @param runnerUp          the next best candidate, or null when there was only one
 * @param runnerUpLostOn    what decided between the two
 * @param decidedAt         when the router decided (null in decisions stored before it was recorded): the offer
 *                          reaches the interaction later, by a message, and after a node is lost much later
 */
public record Decision(String direction, String queue, int step, double effectivePriority, long waitedMillis,
                       SelectionStrategy strategy, int candidates, String runnerUp, String runnerUpLostOn,
                       Instant decidedAt) {
}
