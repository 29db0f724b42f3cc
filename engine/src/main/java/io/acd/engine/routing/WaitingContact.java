package io.acd.engine.routing;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A queued interaction as the router sees it.
 *
 * @param skills              required skills, each with the minimum level an agent must have
 * @param preferredSkills     skills that make an agent a better choice (at or above the level) but are not required
 * @param excludedAgents      agents this contact must never be offered to
 * @param preferredAgent      the only agent to offer to until {@code preferredAgentUntil} (a returning customer's
 *                            last agent); null for none
 */
public record WaitingContact(String interactionId, Channel channel, String queue, int priority,
                             Map<String, Integer> skills, Map<String, Integer> preferredSkills,
                             Set<String> excludedAgents, String preferredAgent, Instant preferredAgentUntil,
                             Instant queuedAt) {

    public WaitingContact {
        skills = Map.copyOf(skills);
        preferredSkills = Map.copyOf(preferredSkills);
        excludedAgents = Set.copyOf(excludedAgents);
        if ((preferredAgent == null) != (preferredAgentUntil == null)) {
            throw new IllegalArgumentException("A preferred agent needs an expiry, and an expiry a preferred agent");
        }
    }

    /** A contact with required skills only. */
    public WaitingContact(String interactionId, Channel channel, String queue, int priority,
                          Map<String, Integer> skills, Instant queuedAt) {
        this(interactionId, channel, queue, priority, skills, Map.of(), Set.of(), null, null, queuedAt);
    }
}
