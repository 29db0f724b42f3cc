package io.acd.engine.interaction;

import io.acd.engine.Reply;
import io.acd.engine.agent.Agent;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.Decision;
import io.acd.engine.routing.WaitingContact;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import io.acd.persistence.StoredAs;
import org.apache.pekko.actor.typed.ActorRef;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an interaction is told and what it stores: its commands, events and refusals. The entity that
 * answers them is {@link InteractionEntity}; what it remembers between them is {@link InteractionState}.
 * A command that asks for an answer gets a {@link Reply} of the interaction as it stands afterwards.
 */
public final class Interaction {

    private Interaction() {
    }

    // ---- commands ----------------------------------------------------------------------------------

    public sealed interface Command extends KryoMessage {
    }

    /**
     * @param requestFingerprint identifies the request body, so a retried create with the same
     *                           idempotency key is told apart from a different request reusing the key
     * @param kind               what sort of contact it is on its channel when the channel has more than one
     *                           (a social network's public {@code comment} beside its private messages); null
     *                           for the channel's usual one
     */
    public record Create(Channel channel, String queue, int priority, Map<String, Integer> skills,
                         String customerId, String requestFingerprint, RoutingWishes wishes, String kind,
                         ActorRef<Reply<InteractionState.Existing>> replyTo) implements Command {

        public Create(Channel channel, String queue, int priority, Map<String, Integer> skills, String customerId,
                      String requestFingerprint, RoutingWishes wishes,
                      ActorRef<Reply<InteractionState.Existing>> replyTo) {
            this(channel, queue, priority, skills, customerId, requestFingerprint, wishes, null, replyTo);
        }
    }

    public record Get(ActorRef<Reply<InteractionState.Existing>> replyTo) implements Command {
    }

    /**
     * From the router, after the agent reserved capacity: record the offer if still queued.
     *
     * @param decision why the router chose this agent, kept with the offer
     */
    public record Offer(String agentId, Decision decision, ActorRef<Reply<InteractionState.Existing>> replyTo)
            implements Command {
    }

    public record Accept(String agentId, ActorRef<Reply<InteractionState.Existing>> replyTo) implements Command {
    }

    public record Reject(String agentId, ActorRef<Reply<InteractionState.Existing>> replyTo) implements Command {
    }

    /** The customer side is over; the agent keeps the capacity during wrap-up. */
    public record Complete(String agentId, ActorRef<Reply<InteractionState.Existing>> replyTo) implements Command {
    }

    public record WrapUp(String agentId, String disposition, String notes,
                         ActorRef<Reply<InteractionState.Existing>> replyTo) implements Command {
    }

    /** The customer left before being served. */
    public record Abandon(ActorRef<Reply<InteractionState.Existing>> replyTo) implements Command {
    }

    /** From an agent that was told of an offer it holds no reservation for: put the contact back. */
    public record ReturnToQueue(String agentId, OfferFailure reason) implements Command {
    }

    /** From an agent checking, after its own restart, whether it still holds this interaction. */
    public record CheckHolder(String agentId, ActorRef<Agent.Command> replyTo) implements Command {
    }

    /**
     * Follow the interaction as it changes: the follower gets {@link Followed} at once and {@link Changed} after
     * every change. Followers are kept in memory only, so an entity started again elsewhere knows none: the
     * follower watches the entity named in {@link Followed} and follows again when it is gone.
     */
    public record Follow(ActorRef<Update> follower) implements Command {
    }

    record Unfollow(ActorRef<Update> follower) implements Command {
    }

    record OfferExpired(String agentId, Instant offeredAt) implements Command {
    }

    record WrapUpExpired(Instant wrapUpAt) implements Command {
    }

    record Reregister() implements Command {
    }

    /**
     * What the caller asks of routing beyond the required skills: wishes the router weighs, as opposed to
     * the {@link Decision} it takes.
     *
     * @param preferredSkills     make an agent a better choice, but are not required
     * @param excludedAgents      never offer to these agents
     * @param preferredAgent      offer only to this agent until {@code preferredAgentUntil} (sticky routing)
     */
    public record RoutingWishes(Map<String, Integer> preferredSkills, Set<String> excludedAgents,
                                String preferredAgent, Instant preferredAgentUntil) implements KryoMessage {

        public static final RoutingWishes NONE = new RoutingWishes(Map.of(), Set.of(), null, null);

        public RoutingWishes {
            preferredSkills = Map.copyOf(preferredSkills);
            excludedAgents = Set.copyOf(excludedAgents);
        }
    }

    // ---- what followers are told ------------------------------------------------------------------

    public sealed interface Update extends KryoMessage {
    }

    /** @param state the interaction now; null when there is no such interaction */
    public record Followed(ActorRef<Command> interaction, InteractionState.Existing state) implements Update {
    }

    public record Changed(InteractionState.Existing state) implements Update {
    }

    // ---- refusals ----------------------------------------------------------------------------------

    /** Why an interaction refused a command; the API answers 409 with the code. */
    public enum Refusal implements Reply.Reason {
        /** A create with an idempotency key that already created an interaction from another request. */
        IDEMPOTENCY_KEY_REUSED,
        /** An offer for an interaction that is not waiting in the queue. */
        NOT_QUEUED,
        /** A command the interaction's phase does not allow (accept while queued, abandon once connected…). */
        INVALID_TRANSITION,
        /** Accept or reject by an agent the interaction is not offered to. */
        NOT_YOUR_OFFER,
        /** Complete or wrap-up by an agent other than the one handling the interaction. */
        NOT_YOUR_INTERACTION;

        @Override
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why an offer ended without being accepted, so the agent knows what to make of it. */
    public enum OfferFailure {
        /** The agent turned it down. */
        REJECTED("rejected"),
        /** The offer ran out unanswered; the agent goes not_ready with this as the reason. */
        MISSED("missed_offer"),
        /** The agent holds no reservation for it (given back meanwhile), so it cannot take it. */
        NOT_RESERVED("not_reserved");

        private final String code;

        OfferFailure(String code) {
            this.code = code;
        }

        /** As stored in {@link OfferRejected} and the agent's journal, and shown on the desktop. */
        public String code() {
            return code;
        }
    }

    // ---- events ------------------------------------------------------------------------------------

    public sealed interface Event extends KryoMessage {
    }

    /**
     * @param wishes absent (null) in events stored before routing wishes existed
     * @param kind   null for the channel's usual kind of contact, and in events stored before kinds existed
     */
    public record Created(String interactionId, Channel channel, String queue, int priority,
                          Map<String, Integer> skills, String customerId, String requestFingerprint,
                          Instant at, @StoredAs("routing") RoutingWishes wishes, String kind) implements Event {

        /** How the router sees it: waiting since it was created. */
        public WaitingContact asWaitingContact() {
            RoutingWishes w = wishes == null ? RoutingWishes.NONE : wishes;
            return new WaitingContact(interactionId, channel, queue, priority, skills, w.preferredSkills(),
                    w.excludedAgents(), w.preferredAgent(), w.preferredAgentUntil(), at);
        }
    }

    /**
     * Stored right after {@link Created} by earlier versions; its time always equals Created's. Still read, no
     * longer written: Created alone puts an interaction in the queue.
     */
    public record Queued(Instant queuedAt) implements Event {
    }

    /** @param decision why the router chose this agent; absent in events stored before it was recorded */
    public record Offered(String agentId, Instant at, Instant expiresAt, @StoredAs("routing") Decision decision)
            implements Event {
    }

    /**
     * The offer ended without being accepted: the agent rejected it or could not take it.
     *
     * @param reason the {@link OfferFailure#code() code} of why
     */
    public record OfferRejected(String agentId, String reason, Instant at) implements Event {
    }

    public record OfferTimedOut(String agentId, Instant at) implements Event {
    }

    public record Accepted(String agentId, Instant at) implements Event {
    }

    /** The customer side is over; the interaction is in wrap-up. */
    public record Completed(String agentId, Instant at) implements Event {
    }

    public record WrappedUp(String agentId, String disposition, String notes, Instant at) implements Event {
    }

    public record Abandoned(Instant at) implements Event {
    }

    /** Kryo ids of this protocol and of the interaction's states; stored ids never change meaning. */
    public static void registerTypes(KryoRegistry registry) {
        registry.enumeration(InteractionStatus.class, 200);
        InteractionState.registerTypes(registry);
        registry.record(Create.class, 210);
        registry.record(Get.class, 211);
        registry.record(Offer.class, 212);
        registry.record(Accept.class, 213);
        registry.record(Reject.class, 214);
        registry.record(Complete.class, 215);
        registry.record(WrapUp.class, 216);
        registry.record(Abandon.class, 217);
        registry.record(ReturnToQueue.class, 218);
        registry.record(CheckHolder.class, 219);
        registry.record(OfferExpired.class, 220);
        registry.record(WrapUpExpired.class, 221);
        registry.record(Reregister.class, 222);
        registry.record(RoutingWishes.class, 223);
        registry.enumeration(Refusal.class, 224);
        registry.enumeration(OfferFailure.class, 225);
        registry.record(Follow.class, 226);
        registry.record(Unfollow.class, 227);
        registry.record(Followed.class, 228);
        registry.record(Changed.class, 229);
        registry.record(Created.class, 240);
        registry.record(Queued.class, 241);
        registry.record(Offered.class, 242);
        registry.record(OfferRejected.class, 243);
        registry.record(OfferTimedOut.class, 244);
        registry.record(Accepted.class, 245);
        registry.record(Completed.class, 246);
        registry.record(WrappedUp.class, 247);
        registry.record(Abandoned.class, 248);
    }
}
