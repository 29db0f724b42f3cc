package io.acd.engine.router;

import io.acd.engine.EngineSettings;
import io.acd.engine.Peers;
import io.acd.engine.Reply;
import io.acd.engine.agent.Agent;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Match;
import io.acd.engine.routing.RoutingPolicy;
import io.acd.engine.routing.WaitingContact;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The router of one routing domain: an in-memory index of waiting contacts and available agents, and the
 * driver of the two-phase reservation. It stores nothing; entities register with it and re-register
 * periodically, so a restarted router rebuilds its index from them.
 *
 * <p>It may be wrong about an agent's capacity for a moment (reports cross in flight), so it keeps at most
 * one reservation in flight per agent, and the Agent entity has the last word on capacity.
 */
public final class Router extends AbstractBehavior<Router.Command> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Router");

    // ---- protocol ----------------------------------------------------------------------------------

    public sealed interface Command extends KryoMessage {
    }

    /** A queued interaction (new, re-queued or re-registering); idempotent. */
    public record Enqueue(WaitingContact contact) implements Command {
    }

    /** The interaction left the queue for good (abandoned). */
    public record Withdraw(String interactionId) implements Command {
    }

    /** The agent is available, with its current free capacity; idempotent. */
    public record AgentAvailable(AgentCandidate agent) implements Command {
    }

    public record AgentUnavailable(String agentId) implements Command {
    }

    public record GetStats(ActorRef<Stats> replyTo) implements Command {
    }

    public record Stats(int waiting, int availableAgents, int inFlight, long matched) implements KryoMessage {
    }

    record StartRouting() implements Command {
    }

    record Reserved(Match match, boolean reserved, String reason, AgentCandidate agentNow) implements Command {
    }

    record OfferRecorded(Match match, boolean recorded, String reason) implements Command {
    }

    /** Kryo ids of this protocol; stored ids never change meaning (see KryoRegistrar). */
    public static void registerTypes(KryoRegistry registry) {
        registry.record(Enqueue.class, 400);
        registry.record(Withdraw.class, 401);
        registry.record(AgentAvailable.class, 402);
        registry.record(AgentUnavailable.class, 403);
        registry.record(GetStats.class, 404);
        registry.record(Stats.class, 405);
        registry.record(StartRouting.class, 406);
        registry.record(Reserved.class, 407);
        registry.record(OfferRecorded.class, 408);
    }

    // ---- behaviour ---------------------------------------------------------------------------------

    private final EngineSettings settings;
    private final Peers peers;
    private final TreeSet<WaitingContact> waiting = new TreeSet<>(RoutingPolicy.SERVICE_ORDER);
    private final Map<String, WaitingContact> waitingById = new HashMap<>();
    private final Map<String, AgentCandidate> agents = new HashMap<>();
    /** interactionId to agentId, from the reservation request until the offer is recorded or dropped. */
    private final Map<String, String> inFlight = new HashMap<>();
    private final Set<String> agentsInFlight = new HashSet<>();
    private boolean routing;
    private long matched;

    public static Behavior<Command> create(EngineSettings settings, Peers peers) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            // After a (re)start the index fills as entities re-register; matching at once would serve
            // whichever contact happened to register first, not the one waiting longest.
            if (settings.routerStartDelay().isZero()) {
                context.getSelf().tell(new StartRouting());
            } else {
                timers.startSingleTimer(new StartRouting(), settings.routerStartDelay());
            }
            return new Router(context, settings, peers);
        }));
    }

    private Router(ActorContext<Command> context, EngineSettings settings, Peers peers) {
        super(context);
        this.settings = settings;
        this.peers = peers;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Enqueue.class, this::onEnqueue)
                .onMessage(Withdraw.class, this::onWithdraw)
                .onMessage(AgentAvailable.class, this::onAgentAvailable)
                .onMessage(AgentUnavailable.class, this::onAgentUnavailable)
                .onMessage(GetStats.class, this::onGetStats)
                .onMessage(StartRouting.class, this::onStartRouting)
                .onMessage(Reserved.class, this::onReserved)
                .onMessage(OfferRecorded.class, this::onOfferRecorded)
                .build();
    }

    private Behavior<Command> onEnqueue(Enqueue cmd) {
        WaitingContact contact = cmd.contact();
        if (inFlight.containsKey(contact.interactionId())) {
            return this;
        }
        removeWaiting(contact.interactionId());
        waiting.add(contact);
        waitingById.put(contact.interactionId(), contact);
        return dispatch();
    }

    private Behavior<Command> onWithdraw(Withdraw cmd) {
        removeWaiting(cmd.interactionId());
        return this;
    }

    private Behavior<Command> onAgentAvailable(AgentAvailable cmd) {
        agents.put(cmd.agent().agentId(), cmd.agent());
        return dispatch();
    }

    private Behavior<Command> onAgentUnavailable(AgentUnavailable cmd) {
        agents.remove(cmd.agentId());
        return this;
    }

    private Behavior<Command> onGetStats(GetStats cmd) {
        cmd.replyTo().tell(new Stats(waiting.size(), agents.size(), inFlight.size(), matched));
        return this;
    }

    private Behavior<Command> onStartRouting(StartRouting cmd) {
        routing = true;
        return dispatch();
    }

    private Behavior<Command> onReserved(Reserved result) {
        Match match = result.match();
        String agentId = match.agent().agentId();
        agentsInFlight.remove(agentId);
        if (result.agentNow() != null) {
            agents.put(agentId, result.agentNow());
        } else if (result.reason() == null || !result.reason().startsWith("ask_failed")) {
            agents.remove(agentId);
        }
        if (!result.reserved()) {
            getContext().getLog().debug("Agent {} refused {}: {}", agentId, match.contact().interactionId(),
                    result.reason());
            inFlight.remove(match.contact().interactionId());
            if (result.reason() != null && result.reason().startsWith("ask_failed")) {
                // The agent may have reserved after all; a release of a slot never taken is a no-op.
                peers.agent(agentId).tell(new Agent.Release(match.contact().interactionId(), "reservation_lost"));
            }
            waiting.add(match.contact());
            waitingById.put(match.contact().interactionId(), match.contact());
            return dispatch();
        }
        getContext().ask(Reply.class, peers.interaction(match.contact().interactionId()), settings.askTimeout(),
                replyTo -> new Interaction.Offer(agentId, narrow(replyTo)),
                (reply, failure) -> {
                    if (reply instanceof Reply.Ok<?>) {
                        return new OfferRecorded(match, true, null);
                    } else if (reply instanceof Reply.Rejected<?> rejected) {
                        return new OfferRecorded(match, false, rejected.code());
                    }
                    return new OfferRecorded(match, false, "ask_failed: " + failure);
                });
        return dispatch();
    }

    private Behavior<Command> onOfferRecorded(OfferRecorded result) {
        String interactionId = result.match().contact().interactionId();
        inFlight.remove(interactionId);
        if (result.recorded()) {
            matched++;
        } else {
            // The interaction moved on (abandoned, or offered by an earlier router): free the slot. If it
            // is in fact still queued it re-registers and is routed again.
            peers.agent(result.match().agent().agentId()).tell(new Agent.Release(interactionId, "offer_not_recorded"));
        }
        return this;
    }

    private Behavior<Command> dispatch() {
        if (!routing) {
            return this;
        }
        while (true) {
            List<AgentCandidate> free = new ArrayList<>();
            for (AgentCandidate agent : agents.values()) {
                if (!agentsInFlight.contains(agent.agentId()) && agent.hasFreeSlot()) {
                    free.add(agent);
                }
            }
            Optional<Match> next = RoutingPolicy.next(waiting, free);
            if (next.isEmpty()) {
                return this;
            }
            reserve(next.get());
        }
    }

    private void reserve(Match match) {
        WaitingContact contact = match.contact();
        String agentId = match.agent().agentId();
        removeWaiting(contact.interactionId());
        inFlight.put(contact.interactionId(), agentId);
        agentsInFlight.add(agentId);
        getContext().ask(Agent.ReserveReply.class, peers.agent(agentId), settings.askTimeout(),
                replyTo -> new Agent.Reserve(contact.interactionId(), contact.channel(), contact.queue(),
                        contact.priority(), replyTo),
                (reply, failure) -> reply != null
                        ? new Reserved(match, reply.reserved(), reply.reason(), reply.agent())
                        : new Reserved(match, false, "ask_failed: " + failure, null));
    }

    private void removeWaiting(String interactionId) {
        WaitingContact previous = waitingById.remove(interactionId);
        if (previous != null) {
            waiting.remove(previous);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ActorRef<Reply<Interaction.State>> narrow(ActorRef<Reply> replyTo) {
        return (ActorRef) replyTo;
    }
}
