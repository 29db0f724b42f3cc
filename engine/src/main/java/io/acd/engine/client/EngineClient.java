package io.acd.engine.client;

import io.acd.engine.Reply;
import io.acd.engine.agent.Agent;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.agent.AgentState;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.queue.Queue;
import io.acd.engine.router.Router;
import io.acd.engine.events.EventLog;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.stream.javadsl.Source;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * How an edge of the engine (the HTTP API, the desktop socket, every channel adapter) reaches the entities:
 * by id, on whichever node of the cluster holds them. Edges depend on this, not on the node that runs them,
 * so that an adapter can be tested against any implementation and run wherever the cluster lets it.
 *
 * <p>A client speaks for one tenant: the ids it is given are that tenant's ({@link #inTenant} gives the client
 * of another), so an edge that serves a caller of one tenant cannot reach another tenant's entities.
 *
 * <p>Every ask is bounded by {@code acd.routing.ask-timeout}: the stage then fails with a
 * {@link java.util.concurrent.TimeoutException}, which an edge answers as unavailable, never as done.
 */
public interface EngineClient {

    CompletionStage<Reply<InteractionState.Existing>> askInteraction(
            String interactionId, Function<ActorRef<Reply<InteractionState.Existing>>, Interaction.Command> command);

    CompletionStage<Reply<AgentState.Registered>> askAgent(
            String agentId, Function<ActorRef<Reply<AgentState.Registered>>, Agent.Command> command);

    CompletionStage<Reply<Queue.State>> askQueue(
            String queue, Function<ActorRef<Reply<Queue.State>>, Queue.Command> command);

    /** The transcript of an interaction: its messages. */
    <T> CompletionStage<T> askTranscript(String interactionId,
                                         Function<ActorRef<T>, Transcript.Command> command);

    /** A command that needs no answer, such as a desktop attaching itself to its agent. */
    void tellAgent(String agentId, Agent.Command command);

    /** A command that needs no answer, such as a customer's chat following its interaction. */
    void tellInteraction(String interactionId, Interaction.Command command);

    void tellTranscript(String interactionId, Transcript.Command command);

    /**
     * The tenant's events out after {@code position}, in order, live: the stream goes on as events happen.
     * See {@link EventLog}; the log starts with the first call, if it was not running.
     */
    Source<EventLog.Positioned, NotUsed> eventsAfter(long position);

    /** The latest position of the tenant's events out: a reader from now reads after it. */
    CompletionStage<Long> eventPosition();

    /**
     * A customer's history (see {@link io.acd.engine.customer.Customer}), by the customer id the channel gives;
     * the tenant's customer index starts with the first call, if it was not running.
     */
    <T> CompletionStage<T> askCustomer(String customerId,
                                       Function<ActorRef<T>, io.acd.engine.customer.Customer.Command> command);

    /** The tenant's canned replies. */
    <T> CompletionStage<T> askCannedReplies(Function<ActorRef<T>, io.acd.engine.canned.CannedReplies.Command> command);

    /** What the router of this tenant's routing domain holds now. */
    CompletionStage<Router.Stats> routerStats();

    String routingDomain();

    /** The tenant whose entities this client reaches. */
    String tenant();

    /** The client of {@code tenant}'s entities, on the same cluster. */
    EngineClient inTenant(String tenant);
}
