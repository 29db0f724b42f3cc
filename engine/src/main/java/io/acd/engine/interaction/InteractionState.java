package io.acd.engine.interaction;

import io.acd.engine.interaction.Interaction.RoutingWishes;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.Decision;
import io.acd.engine.routing.WaitingContact;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;

import java.time.Instant;
import java.util.Map;

/**
 * What an interaction remembers, one record per phase of its life, each holding only what that phase has:
 * {@link NotCreated} → {@link InQueue} ⇄ {@link OnOffer} → {@link Connected} → {@link InWrapUp} →
 * {@link Handled}, or from the queue or an offer to {@link CustomerLeft}. Each phase applies the events
 * that can happen in it and returns the next phase; nothing else changes a state.
 */
public sealed interface InteractionState extends KryoMessage {

    String interactionId();

    /** Nothing is stored under this id yet: only a create is answered, everything else is not found. */
    record NotCreated(String interactionId) implements InteractionState {

        InQueue created(Interaction.Created e) {
            var wishes = e.wishes() == null ? RoutingWishes.NONE : e.wishes();
            return new InQueue(new Contact(e.interactionId(), e.channel(), e.queue(), e.priority(),
                    e.skills(), e.customerId(), e.requestFingerprint(), wishes, e.at(), e.kind()));
        }
    }

    /**
     * An interaction that was created, in whichever phase it is now: what clients see of it. A value the
     * phase does not have (the agent of a queued interaction, the disposition before wrap-up) is null.
     */
    sealed interface Existing extends InteractionState {

        Contact contact();

        InteractionStatus status();

        @Override
        default String interactionId() {
            return contact().interactionId();
        }

        default String agentId() {
            return null;
        }

        default Instant offeredAt() {
            return null;
        }

        default Instant offerExpiresAt() {
            return null;
        }

        default Instant connectedAt() {
            return null;
        }

        default Instant wrapUpAt() {
            return null;
        }

        default Instant endedAt() {
            return null;
        }

        default String disposition() {
            return null;
        }

        default String notes() {
            return null;
        }

        /** Why the router chose the agent of the current (or last) offer; null before any offer. */
        default Decision decision() {
            return null;
        }
    }

    /**
     * The contact as it was created, which no phase changes.
     *
     * @param queuedAt when it first joined the queue: a contact that goes back to the queue keeps it, so it
     *                 keeps its place in line
     */
    record Contact(String interactionId, Channel channel, String queue, int priority, Map<String, Integer> skills,
                   String customerId, String requestFingerprint, RoutingWishes wishes, Instant queuedAt,
                   String kind) implements KryoMessage {

        public Contact {
            skills = Map.copyOf(skills);
        }

        /** The kind of contact: the one it was created as, or its channel's usual one. */
        public String kindOrUsual() {
            if (kind != null) {
                return kind;
            }
            return switch (channel) {
                case VOICE -> "call";
                case CHAT -> "chat";
                case SMS, SOCIAL -> "message";
                case EMAIL -> "email";
            };
        }

        WaitingContact asWaitingContact() {
            return new WaitingContact(interactionId, channel, queue, priority, skills, wishes.preferredSkills(),
                    wishes.excludedAgents(), wishes.preferredAgent(), wishes.preferredAgentUntil(), queuedAt);
        }
    }

    /** Waiting in the queue for an agent; registered with the router, which may offer it to one agent. */
    record InQueue(Contact contact) implements Existing {

        @Override
        public InteractionStatus status() {
            return InteractionStatus.QUEUED;
        }

        /** Queued follows Created at once; a contact already in line keeps its first queuedAt. */
        InQueue queued() {
            return this;
        }

        OnOffer offered(Interaction.Offered e) {
            return new OnOffer(contact, e.agentId(), e.at(), e.expiresAt(), e.decision());
        }

        CustomerLeft abandoned(Interaction.Abandoned e) {
            return new CustomerLeft(contact, null, e.at());
        }
    }

    /**
     * Offered to one agent, who has until {@code offerExpiresAt} to accept; no other agent can be offered it.
     */
    record OnOffer(Contact contact, String agentId, Instant offeredAt, Instant offerExpiresAt, Decision decision)
            implements Existing {

        @Override
        public InteractionStatus status() {
            return InteractionStatus.OFFERED;
        }

        /** Rejected, refused or run out: back in line with the original queuedAt. */
        InQueue offerEnded() {
            return new InQueue(contact);
        }

        Connected accepted(Interaction.Accepted e) {
            return new Connected(contact, agentId, offeredAt, e.at(), decision);
        }

        CustomerLeft abandoned(Interaction.Abandoned e) {
            return new CustomerLeft(contact, offeredAt, e.at());
        }
    }

    /** The agent accepted and is serving the customer; only that agent can complete it. */
    record Connected(Contact contact, String agentId, Instant offeredAt, Instant connectedAt, Decision decision)
            implements Existing {

        @Override
        public InteractionStatus status() {
            return InteractionStatus.CONNECTED;
        }

        InWrapUp completed(Interaction.Completed e) {
            return new InWrapUp(contact, agentId, offeredAt, connectedAt, e.at(), decision);
        }
    }

    /**
     * The customer side is over; the agent still holds the capacity while finishing, until it wraps up or
     * the wrap-up limit ends it.
     */
    record InWrapUp(Contact contact, String agentId, Instant offeredAt, Instant connectedAt, Instant wrapUpAt,
                    Decision decision) implements Existing {

        @Override
        public InteractionStatus status() {
            return InteractionStatus.WRAP_UP;
        }

        Handled wrappedUp(Interaction.WrappedUp e) {
            return new Handled(contact, agentId, offeredAt, connectedAt, wrapUpAt, e.at(), e.disposition(),
                    e.notes(), decision);
        }
    }

    /** The interaction is over: it only answers what it was, and then stops. */
    sealed interface Ended extends Existing {

        @Override
        Instant endedAt();
    }

    /** Ended after being served and wrapped up (by the agent, or by the wrap-up limit). */
    record Handled(Contact contact, String agentId, Instant offeredAt, Instant connectedAt, Instant wrapUpAt,
                   Instant endedAt, String disposition, String notes, Decision decision) implements Ended {

        @Override
        public InteractionStatus status() {
            return InteractionStatus.COMPLETED;
        }
    }

    /**
     * Ended because the customer left before being served (abandoned).
     *
     * @param offeredAt when the offer that was open at the time was made; null if the contact was in line
     */
    record CustomerLeft(Contact contact, Instant offeredAt, Instant endedAt) implements Ended {

        @Override
        public InteractionStatus status() {
            return InteractionStatus.ABANDONED;
        }
    }

    /**
     * Kryo ids of the states (they cross nodes in replies). 201 was the single state record that all phases
     * shared before they had a record each.
     */
    static void registerTypes(KryoRegistry registry) {
        registry.retired(201, "Interaction.State, one record for every phase");
        registry.record(Contact.class, 202);
        registry.record(NotCreated.class, 203);
        registry.record(InQueue.class, 204);
        registry.record(OnOffer.class, 205);
        registry.record(Connected.class, 206);
        registry.record(InWrapUp.class, 207);
        registry.record(Handled.class, 208);
        registry.record(CustomerLeft.class, 209);
    }
}
