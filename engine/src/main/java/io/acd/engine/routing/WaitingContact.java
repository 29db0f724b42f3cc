package io.acd.engine.routing;

import java.time.Instant;
import java.util.Map;

/**
 * A queued interaction as the router sees it.
 *
 * @param skills required skills, each with the minimum level an agent must have
 */
public record WaitingContact(String interactionId, Channel channel, String queue, int priority,
                             Map<String, Integer> skills, Instant queuedAt) {

    public WaitingContact {
        skills = Map.copyOf(skills);
    }
}
