package io.acd.engine.node;

import io.acd.engine.Peers;
import io.acd.engine.agent.Agent;
import io.acd.engine.agent.AgentEntity;
import io.acd.engine.backlog.Backlog;
import io.acd.engine.backlog.BacklogEntity;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionEntity;
import io.acd.engine.router.Router;
import io.acd.engine.tenant.ScopedId;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Entities reach each other through Cluster Sharding, wherever in the cluster they live. The peers of one
 * tenant: the ids an entity names are local to its tenant, so whatever it addresses is in its tenant too.
 */
final class ShardedPeers implements Peers {

    private final ClusterSharding sharding;
    private final String tenant;

    ShardedPeers(ClusterSharding sharding, String tenant) {
        this.sharding = sharding;
        this.tenant = tenant;
    }

    @Override
    public RecipientRef<Agent.Command> agent(String agentId) {
        return sharding.entityRefFor(AgentEntity.TYPE_KEY, new ScopedId(tenant, agentId).entityId());
    }

    @Override
    public RecipientRef<Interaction.Command> interaction(String interactionId) {
        return sharding.entityRefFor(InteractionEntity.TYPE_KEY, new ScopedId(tenant, interactionId).entityId());
    }

    @Override
    public RecipientRef<Router.Command> router(String routingDomain) {
        return sharding.entityRefFor(Router.TYPE_KEY, routingDomain);
    }

    @Override
    public RecipientRef<Backlog.Command> backlog(String slice) {
        return sharding.entityRefFor(BacklogEntity.TYPE_KEY, slice);
    }
}
