package io.acd.engine.agent;

import io.acd.engine.Reply;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionStatus;
import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Channel;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.actor.typed.ActorRef;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an agent is told, what it answers, what it pushes to its desktops and what it stores. The entity
 * that handles these is {@link AgentEntity}; what it remembers between them is {@link AgentState}.
 */
public final class Agent {

    private Agent() {
    }

    // ---- commands ----------------------------------------------------------------------------------

    public sealed interface Command extends KryoMessage {
    }

    public record UpsertProfile(String name, Map<String, Integer> skills, Map<Channel, Integer> capacity,
                                Set<String> groups, ActorRef<Reply<AgentState.Registered>> replyTo)
            implements Command {
    }

    public record ChangeStatus(AgentStatus status, String reason, ActorRef<Reply<AgentState.Registered>> replyTo)
            implements Command {
    }

    public record Get(ActorRef<Reply<AgentState.Registered>> replyTo) implements Command {
    }

    /** From the router: set a slot aside for this interaction if one is still free. */
    public record Reserve(String interactionId, Channel channel, String queue, int priority,
                          ActorRef<ReserveReply> replyTo) implements Command {
    }

    /** From the router: the offer could not be recorded, give the reserved slot back. */
    public record Release(String interactionId, String reason) implements Command {
    }

    /**
     * From an interaction this agent holds (or held): its status moved.
     *
     * @param failure why an offer ended unaccepted, when it went back to the queue; null otherwise
     */
    public record InteractionProgress(String interactionId, InteractionStatus status,
                                      Interaction.OfferFailure failure, Instant offerExpiresAt) implements Command {
    }

    /** The answer of an interaction to {@link Interaction.CheckHolder}; {@code status} is null if it does not exist. */
    public record HolderStatus(String interactionId, InteractionStatus status, String agentId) implements Command {
    }

    /** A desktop connection that wants this agent's pushes. */
    public record AttachDesktop(ActorRef<DesktopEvent> desktop) implements Command {
    }

    record DesktopDetached(ActorRef<DesktopEvent> desktop) implements Command {
    }

    /** A message added to the transcript of an interaction the agent holds: for its desktops, stored nowhere. */
    public record PushMessage(String interactionId, Transcript.Message message) implements Command {
    }

    record Reregister() implements Command {
    }

    // ---- replies -----------------------------------------------------------------------------------

    /** The agent's answer to a {@link Reserve}: the slot is set aside, or why not. */
    public sealed interface ReserveReply extends KryoMessage {

        String agentId();

        String interactionId();

        /**
         * The agent as it stands after answering (null when it is not available), so the router need not
         * wait for the agent's next report to know its free capacity.
         */
        AgentCandidate agent();

        boolean reserved();

        /** The code of the refusal, for the router's log; null when reserved. */
        String reason();

        record Granted(String agentId, String interactionId, AgentCandidate agent) implements ReserveReply {

            @Override
            public boolean reserved() {
                return true;
            }

            @Override
            public String reason() {
                return null;
            }
        }

        record Refused(String agentId, String interactionId, ReserveRefusal refusal, AgentCandidate agent)
                implements ReserveReply {

            @Override
            public boolean reserved() {
                return false;
            }

            @Override
            public String reason() {
                return refusal.code();
            }
        }
    }

    /** Why an agent did not set a slot aside. */
    public enum ReserveRefusal {
        /** No profile was ever stored for the agent. */
        UNKNOWN_AGENT,
        /** The agent is logged out or not ready. */
        NOT_AVAILABLE,
        /** The agent already holds this interaction. */
        ALREADY_HOLDING,
        /** Every slot of the agent on the interaction's channel is taken. */
        NO_CAPACITY;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why an agent refused a command from the API; the API answers 409 with the code. */
    public enum Refusal implements Reply.Reason {
        /** Log out while still holding interactions. */
        AGENT_HAS_WORK;

        @Override
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    // ---- desktop pushes ----------------------------------------------------------------------------

    /** What the engine pushes to an agent's desktop; the gateway turns these into WebSocket frames. */
    public sealed interface DesktopEvent extends KryoMessage {
    }

    public record OfferPushed(String interactionId, Channel channel, String queue, int priority, Instant expiresAt)
            implements DesktopEvent {
    }

    public record OfferRescinded(String interactionId, String reason) implements DesktopEvent {
    }

    /** @param channel tells the desktop's side whether there is a transcript to show (a call has none) */
    public record InteractionConnected(String interactionId, Channel channel) implements DesktopEvent {
    }

    public record InteractionInWrapUp(String interactionId) implements DesktopEvent {
    }

    public record InteractionEnded(String interactionId, InteractionStatus status) implements DesktopEvent {
    }

    public record StatusPushed(String agentId, AgentStatus status, String reason) implements DesktopEvent {
    }

    public record MessagePushed(String interactionId, Transcript.Message message) implements DesktopEvent {
    }

    /**
     * The first push to a desktop that attached: the agent's entity, for the desktop's side to watch. The entity
     * keeps its desktops in memory, so an entity started again elsewhere (its node lost, its shard handed over)
     * knows none; the desktop's side attaches again when the one it watches is gone. Never sent to a socket.
     */
    public record DesktopAttached(ActorRef<Command> agent) implements DesktopEvent {
    }

    /** What an interaction's transcript holds, pushed when the desktop connects to it or opens again. */
    public record TranscriptPushed(String interactionId, java.util.List<Transcript.Message> messages, int total)
            implements DesktopEvent {
    }

    /** The answer to a message the desktop sent: stored, with its id; {@code clientId} as the desktop gave it. */
    public record MessageSent(String interactionId, String messageId, String clientId) implements DesktopEvent {
    }

    /** The answer to a command the desktop sent over its socket. */
    public record DesktopAck(String action, String interactionId, InteractionStatus status) implements DesktopEvent {
    }

    public record DesktopError(String action, String interactionId, String error, String message)
            implements DesktopEvent {
    }

    // ---- events ------------------------------------------------------------------------------------

    public sealed interface Event extends KryoMessage {
    }

    /** @param groups agent groups; absent (null) in events stored before groups existed */
    public record ProfileUpdated(String name, Map<String, Integer> skills, Map<Channel, Integer> capacity,
                                 Instant at, Set<String> groups) implements Event {
    }

    public record StatusChanged(AgentStatus status, String reason, Instant at) implements Event {
    }

    public record Reserved(String interactionId, Channel channel, String queue, int priority, Instant at)
            implements Event {
    }

    /**
     * Stored by earlier versions when a held interaction was offered, connected or went to wrap-up. Still
     * read, no longer written: the interaction's journal has these moves, and the agent learns them from it.
     */
    public record HoldingChanged(String interactionId, HoldingPhase phase, Instant offerExpiresAt, Instant at)
            implements Event {
    }

    public record Released(String interactionId, String reason, Instant at) implements Event {
    }

    /** An interaction the agent holds capacity for. */
    public record Holding(String interactionId, Channel channel, String queue, int priority, HoldingPhase phase,
                          Instant since, Instant offerExpiresAt) implements KryoMessage {
    }

    /** Kryo ids of this protocol and of the agent's states; stored ids never change meaning. */
    public static void registerTypes(KryoRegistry registry) {
        registry.enumeration(AgentStatus.class, 300);
        registry.enumeration(HoldingPhase.class, 301);
        registry.record(Holding.class, 303);
        AgentState.registerTypes(registry);
        registry.record(UpsertProfile.class, 310);
        registry.record(ChangeStatus.class, 311);
        registry.record(Get.class, 312);
        registry.record(Reserve.class, 313);
        registry.retired(314, "Agent.ReserveReply, one record for a reservation and a refusal");
        registry.record(Release.class, 315);
        registry.record(InteractionProgress.class, 316);
        registry.record(HolderStatus.class, 317);
        registry.record(AttachDesktop.class, 318);
        registry.record(DesktopDetached.class, 319);
        registry.record(Reregister.class, 320);
        registry.record(ReserveReply.Granted.class, 321);
        registry.record(ReserveReply.Refused.class, 322);
        registry.enumeration(ReserveRefusal.class, 323);
        registry.enumeration(Refusal.class, 324);
        registry.record(PushMessage.class, 325);
        registry.record(ProfileUpdated.class, 340);
        registry.record(StatusChanged.class, 341);
        registry.record(Reserved.class, 342);
        registry.record(HoldingChanged.class, 343);
        registry.record(Released.class, 344);
        registry.record(OfferPushed.class, 360);
        registry.record(OfferRescinded.class, 361);
        registry.record(InteractionConnected.class, 362);
        registry.record(InteractionInWrapUp.class, 363);
        registry.record(InteractionEnded.class, 364);
        registry.record(StatusPushed.class, 365);
        registry.record(DesktopAck.class, 366);
        registry.record(DesktopError.class, 367);
        registry.record(DesktopAttached.class, 368);
        registry.record(MessagePushed.class, 369);
        registry.record(TranscriptPushed.class, 370);
        registry.record(MessageSent.class, 371);
    }
}
