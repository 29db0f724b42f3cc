package io.acd.engine.client;

import io.acd.engine.EngineSettings;
import io.acd.engine.Reply;
import io.acd.engine.agent.Agent;
import io.acd.engine.agent.AgentEntity;
import io.acd.engine.agent.AgentState;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionEntity;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.queue.Queue;
import io.acd.engine.router.Router;
import io.acd.engine.tenant.ScopedId;
import io.acd.engine.canned.CannedReplies;
import io.acd.engine.customer.Customer;
import io.acd.engine.events.EventLog;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.query.javadsl.EventsByPersistenceIdQuery;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/** The engine client over Cluster Sharding: any node's client reaches every entity of its tenant in the cluster. */
public final class ShardedEngineClient implements EngineClient {

    private final ClusterSharding sharding;
    private final EngineSettings settings;
    private final String tenant;
    private final Supplier<EventsByPersistenceIdQuery> journal;

    /**
     * The client of the default tenant.
     *
     * @param journal the journal's query side, asked for only when events are read
     */
    public ShardedEngineClient(ClusterSharding sharding, EngineSettings settings,
                               Supplier<EventsByPersistenceIdQuery> journal) {
        this(sharding, settings, ScopedId.DEFAULT_TENANT, journal);
    }

    private ShardedEngineClient(ClusterSharding sharding, EngineSettings settings, String tenant,
                                Supplier<EventsByPersistenceIdQuery> journal) {
        this.sharding = sharding;
        this.settings = settings.inTenant(tenant);
        this.tenant = tenant;
        this.journal = journal;
    }

    private String entityId(String local) {
        return new ScopedId(tenant, local).entityId();
    }

    @Override
    public CompletionStage<Reply<InteractionState.Existing>> askInteraction(
            String interactionId, Function<ActorRef<Reply<InteractionState.Existing>>, Interaction.Command> command) {
        return sharding.entityRefFor(InteractionEntity.TYPE_KEY, entityId(interactionId)).ask(command::apply, settings.askTimeout());
    }

    @Override
    public CompletionStage<Reply<AgentState.Registered>> askAgent(
            String agentId, Function<ActorRef<Reply<AgentState.Registered>>, Agent.Command> command) {
        return sharding.entityRefFor(AgentEntity.TYPE_KEY, entityId(agentId)).ask(command::apply, settings.askTimeout());
    }

    @Override
    public CompletionStage<Reply<Queue.State>> askQueue(
            String queue, Function<ActorRef<Reply<Queue.State>>, Queue.Command> command) {
        return sharding.entityRefFor(Queue.TYPE_KEY, entityId(queue)).ask(command::apply, settings.askTimeout());
    }

    @Override
    public <T> CompletionStage<T> askTranscript(String interactionId,
                                                Function<ActorRef<T>, Transcript.Command> command) {
        return sharding.entityRefFor(Transcript.TYPE_KEY, entityId(interactionId))
                .ask(command::apply, settings.askTimeout());
    }

    @Override
    public void tellInteraction(String interactionId, Interaction.Command command) {
        sharding.entityRefFor(InteractionEntity.TYPE_KEY, entityId(interactionId)).tell(command);
    }

    @Override
    public void tellTranscript(String interactionId, Transcript.Command command) {
        sharding.entityRefFor(Transcript.TYPE_KEY, entityId(interactionId)).tell(command);
    }

    @Override
    public void tellAgent(String agentId, Agent.Command command) {
        sharding.entityRefFor(AgentEntity.TYPE_KEY, entityId(agentId)).tell(command);
    }

    @Override
    public Source<EventLog.Positioned, NotUsed> eventsAfter(long position) {
        sharding.entityRefFor(EventLog.TYPE_KEY, tenant).tell(new EventLog.Wake());
        return journal.get().eventsByPersistenceId(EventLog.persistenceId(tenant), position + 1, Long.MAX_VALUE)
                .filter(envelope -> envelope.event() instanceof EventLog.Logged)
                .map(envelope -> new EventLog.Positioned(envelope.sequenceNr(),
                        ((EventLog.Logged) envelope.event()).event()));
    }

    @Override
    public CompletionStage<Long> eventPosition() {
        return sharding.entityRefFor(EventLog.TYPE_KEY, tenant).ask(EventLog.GetPosition::new, settings.askTimeout());
    }

    @Override
    public <T> CompletionStage<T> askCustomer(String customerId, Function<ActorRef<T>, Customer.Command> command) {
        sharding.entityRefFor(Customer.INDEX_KEY, tenant).tell(new Customer.WakeIndex());
        return sharding.entityRefFor(Customer.TYPE_KEY, entityId(Customer.entityLocal(customerId)))
                .ask(command::apply, settings.askTimeout());
    }

    @Override
    public <T> CompletionStage<T> askCannedReplies(Function<ActorRef<T>, CannedReplies.Command> command) {
        return sharding.entityRefFor(CannedReplies.TYPE_KEY, tenant).ask(command::apply, settings.askTimeout());
    }

    @Override
    public CompletionStage<Router.Stats> routerStats() {
        return sharding.entityRefFor(Router.TYPE_KEY, settings.routingDomain())
                .ask(Router.GetStats::new, settings.askTimeout());
    }

    @Override
    public String routingDomain() {
        return settings.routingDomain();
    }

    @Override
    public String tenant() {
        return tenant;
    }

    @Override
    public EngineClient inTenant(String tenant) {
        return tenant.equals(this.tenant) ? this : new ShardedEngineClient(sharding, settings, tenant, journal);
    }
}
