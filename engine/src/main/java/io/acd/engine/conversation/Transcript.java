package io.acd.engine.conversation;

import io.acd.engine.Reply;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

import java.time.Instant;
import java.util.List;

/**
 * The protocol of an interaction's transcript: the messages the customer and the agent exchange through it,
 * and the system's notes, oldest first. One transcript per interaction, keyed by the interaction's entity id.
 * It is an entity of its own rather than part of the interaction's state, because the interaction's state
 * travels in every reply about it, and a long chat would make each of those large.
 */
public final class Transcript {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Transcript");

    /** The most characters of one message, and the most messages of one transcript. */
    public static final int MAX_TEXT = 4_000;
    public static final int MAX_MESSAGES = 2_000;

    private Transcript() {
    }

    public enum Direction {
        /** From the customer, posted by the channel's gateway. */
        IN,
        /** From the agent, to be sent out through the channel. */
        OUT,
        /** From the engine or a supervisor: shown to the agent, never sent to the customer. */
        NOTE;

        public String wireName() {
            return name().toLowerCase();
        }
    }

    /** Where an outbound message is on its way to the customer, as its channel reports. */
    public enum Delivery {
        QUEUED, SENT, DELIVERED, FAILED;

        public String wireName() {
            return name().toLowerCase();
        }

        /** Forward only: queued, then sent, then delivered or failed, which are both final. */
        public boolean canMoveTo(Delivery next) {
            return switch (this) {
                case QUEUED -> next != QUEUED;
                case SENT -> next == DELIVERED || next == FAILED;
                case DELIVERED, FAILED -> false;
            };
        }
    }

    /**
     * @param externalId the channel's own id of an inbound message (a retried delivery stores it once); may be null
     * @param author     the agent's id for an outbound message, the customer's for an inbound one, null for a note
     * @param delivery   for an outbound message; null otherwise
     * @param content    what a message has beyond its text (an e-mail's subject, HTML and attachments); null for
     *                   plain text, and in messages stored before it existed
     */
    public record Message(String messageId, Direction direction, String author, String text, String externalId,
                          Instant sentAt, Delivery delivery, Content content) implements KryoMessage {

        public Message(String messageId, Direction direction, String author, String text, String externalId,
                       Instant sentAt, Delivery delivery) {
            this(messageId, direction, author, text, externalId, sentAt, delivery, null);
        }
    }

    /**
     * @param subject the e-mail's subject, or null
     * @param html    its HTML body, already made safe to show (no script, no remote content); null for none
     */
    public record Content(String subject, String html, List<Attachment> attachments) implements KryoMessage {
    }

    /**
     * A file that came with a message. Its bytes are kept outside the journal, by their SHA-256 (see the
     * gateway's attachment store), so that a large file does not travel in every replay of the transcript.
     */
    public record Attachment(String name, String contentType, long size, String sha256) implements KryoMessage {
    }

    public sealed interface Command extends KryoMessage {
    }

    /** Adds a message, or answers the one already stored with the same external id. */
    public record Add(Direction direction, String author, String text, String externalId, Content content,
                      ActorRef<Reply<Message>> replyTo) implements Command {

        public Add(Direction direction, String author, String text, String externalId,
                   ActorRef<Reply<Message>> replyTo) {
            this(direction, author, text, externalId, null, replyTo);
        }
    }

    public record UpdateDelivery(String messageId, Delivery delivery, ActorRef<Reply<Message>> replyTo)
            implements Command {
    }

    /**
     * Sets who may follow the transcript from outside: the customer holding the token whose SHA-256 this is. Set
     * once, when the customer's side opens (a web chat); the same hash again is a retry and is answered alike.
     */
    public record SetCustomerToken(String tokenHash, ActorRef<Reply<Boolean>> replyTo) implements Command {
    }

    /**
     * Follow the transcript: the follower gets {@link Followed} with every message so far, then each message
     * as it is added or its delivery changes. Kept in memory only, like an interaction's followers.
     *
     * @param tokenHash the customer's token hash, which must be the one set; null for a follower the gateway
     *                  has already checked (an agent's desktop)
     */
    public record Follow(String tokenHash, ActorRef<Update> follower) implements Command {
    }

    record Unfollow(ActorRef<Update> follower) implements Command {
    }

    /** Whether {@code tokenHash} is the customer token's hash that was set: true only then. */
    public record CheckCustomerToken(String tokenHash, ActorRef<Boolean> replyTo) implements Command {
    }

    /** Up to {@code limit} messages after the first {@code skip}, oldest first. */
    public record Read(int skip, int limit, ActorRef<Page> replyTo) implements Command {
    }

    /** @param total how many messages the transcript holds */
    public record Page(List<Message> messages, int total) implements KryoMessage {
    }

    public sealed interface Update extends KryoMessage {
    }

    /** @param page every message so far; null when the token did not match and nothing will follow */
    public record Followed(ActorRef<Command> transcript, Page page) implements Update {
    }

    /** A message added, or one whose delivery changed: the message as it is now. */
    public record MessageChanged(Message message) implements Update {
    }

    public enum Refusal implements Reply.Reason {
        FULL("transcript_full"),
        NOT_OUTBOUND("not_outbound"),
        TOKEN_SET("token_set");

        private final String code;

        Refusal(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }
    }

    public sealed interface Event extends KryoMessage {
    }

    public record MessageAdded(Message message) implements Event {
    }

    public record DeliveryChanged(String messageId, Delivery delivery, Instant at) implements Event {
    }

    public record CustomerTokenSet(String tokenHash, Instant at) implements Event {
    }

    public static void registerTypes(KryoRegistry registry) {
        registry.enumeration(Direction.class, 800);
        registry.enumeration(Delivery.class, 801);
        registry.record(Message.class, 802);
        registry.record(Content.class, 805);
        registry.record(Attachment.class, 806);
        registry.enumeration(Refusal.class, 803);
        registry.record(TranscriptState.class, 804);
        registry.record(Add.class, 810);
        registry.record(UpdateDelivery.class, 811);
        registry.record(Read.class, 812);
        registry.record(Page.class, 813);
        registry.record(SetCustomerToken.class, 814);
        registry.record(Follow.class, 815);
        registry.record(Unfollow.class, 816);
        registry.record(CheckCustomerToken.class, 817);
        registry.record(Followed.class, 820);
        registry.record(MessageChanged.class, 821);
        registry.record(MessageAdded.class, 840);
        registry.record(DeliveryChanged.class, 841);
        registry.record(CustomerTokenSet.class, 842);
    }
}
