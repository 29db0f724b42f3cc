package io.acd.engine;

import io.acd.engine.agent.Agent;
import io.acd.engine.backlog.Backlog;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.router.Router;
import org.apache.pekko.actor.typed.RecipientRef;

/**
 * How entities find each other. In a node these are Cluster Sharding entity refs; in unit tests they
 * are probes, so each entity can be tested on its own.
 */
public interface Peers {

    RecipientRef<Agent.Command> agent(String agentId);

    RecipientRef<Interaction.Command> interaction(String interactionId);

    RecipientRef<Router.Command> router(String routingDomain);

    /** The backlog of one slice of a domain, {@code <domain>-<slice>}. */
    RecipientRef<Backlog.Command> backlog(String slice);
}
