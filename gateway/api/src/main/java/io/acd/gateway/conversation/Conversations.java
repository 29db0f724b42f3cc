package io.acd.gateway.conversation;

import io.acd.engine.Reply;
import io.acd.engine.agent.Agent;
import io.acd.engine.agent.AgentState;
import io.acd.engine.canned.CannedReplies;
import io.acd.engine.customer.Customer;
import io.acd.engine.client.EngineClient;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.conversation.Transcript.Direction;
import io.acd.engine.conversation.Transcript.Message;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.interaction.InteractionStatus;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Adds a message to an interaction's transcript, the same way for every edge that does: REST, the desktop
 * socket, each channel adapter. Who may add what follows the interaction as it is now: the customer while it is
 * not yet over, the agent only while connected to it, a note at any time. The agent the interaction is offered
 * to or held by gets the message on its desktops at once.
 *
 * <p>The interaction is read, then the transcript written: a message that races the interaction's end by a few
 * milliseconds may still be stored, as in any chat where both sides type at once.
 */
public final class Conversations {

    /** The channels a customer writes from at a distance, and so may opt out of. */
    private static final Set<io.acd.engine.routing.Channel> OPT_OUT_CHANNELS = Set.of(
            io.acd.engine.routing.Channel.SMS, io.acd.engine.routing.Channel.EMAIL,
            io.acd.engine.routing.Channel.SOCIAL);

    private static final Set<InteractionStatus> CUSTOMER_THERE = Set.of(InteractionStatus.QUEUED,
            InteractionStatus.OFFERED, InteractionStatus.CONNECTED);

    private Conversations() {
    }

    /** Why a message was not added; the API answers 409 with the code. */
    public enum Refusal implements Reply.Reason {
        /** The customer's side of the interaction is over. */
        INTERACTION_ENDED,
        /** An agent replied to an interaction it is not connected to. */
        NOT_YOUR_INTERACTION,
        /** The customer opted out of the interaction's channel (an SMS "STOP"): nothing goes to them on it. */
        OPTED_OUT;

        @Override
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param agentId    the sending agent of an outbound message; ignored otherwise
     * @param externalId the channel's own id of an inbound message, so a retried delivery is stored once; or null
     */
    public static CompletionStage<Reply<Message>> add(EngineClient engine, String interactionId, Direction direction,
                                                      String agentId, String text, String externalId) {
        return add(engine, interactionId, direction, agentId, text, externalId, null);
    }

    /** @param content what the message has beyond its text (an e-mail's subject, HTML, attachments); or null */
    public static CompletionStage<Reply<Message>> add(EngineClient engine, String interactionId, Direction direction,
                                                      String agentId, String text, String externalId,
                                                      Transcript.Content content) {
        return engine.askInteraction(interactionId, Interaction.Get::new).thenCompose(reply -> {
            if (!(reply instanceof Reply.Ok<InteractionState.Existing> ok)) {
                return done(Reply.notFound("No interaction " + interactionId));
            }
            InteractionState.Existing now = ok.value();
            if (direction == Direction.IN && !CUSTOMER_THERE.contains(now.status())) {
                return done(Reply.rejected(Refusal.INTERACTION_ENDED, "Interaction " + interactionId + " is "
                        + now.status().wireName() + ": the customer's side is over"));
            }
            if (direction == Direction.OUT && (now.status() != InteractionStatus.CONNECTED
                    || !now.agentId().equals(agentId))) {
                return done(Reply.rejected(Refusal.NOT_YOUR_INTERACTION, "Interaction " + interactionId + " is "
                        + now.status().wireName() + (now.agentId() == null ? "" : " with " + now.agentId())
                        + ": only its connected agent replies"));
            }
            if (direction == Direction.OUT && OPT_OUT_CHANNELS.contains(now.contact().channel())
                    && now.contact().customerId() != null) {
                return engine.<Boolean>askCustomer(now.contact().customerId(),
                        r -> new Customer.IsOptedOut(now.contact().channel(), r)).thenCompose(optedOut -> optedOut
                        ? done(Reply.rejected(Refusal.OPTED_OUT, "The customer opted out of "
                        + now.contact().channel().wireName() + ": nothing is sent to them there until they opt in"))
                        : store(engine, now, interactionId, direction, agentId, text, externalId, content));
            }
            return store(engine, now, interactionId, direction, agentId, text, externalId, content);
        });
    }

    private static CompletionStage<Reply<Message>> store(EngineClient engine, InteractionState.Existing now,
                                                         String interactionId, Direction direction, String agentId,
                                                         String text, String externalId,
                                                         Transcript.Content content) {
        String author = switch (direction) {
            case IN -> now.contact().customerId();
            case OUT -> agentId;
            case NOTE -> null;
        };
        return engine.<Reply<Message>>askTranscript(interactionId,
                r -> new Transcript.Add(direction, author, text, externalId, content, r)).thenApply(added -> {
            if (added instanceof Reply.Ok<Message> stored && stored.created() && now.agentId() != null) {
                engine.tellAgent(now.agentId(), new Agent.PushMessage(interactionId, stored.value()));
            }
            return added;
        });
    }

    /**
     * A canned reply's text for this interaction, its placeholders filled in: the customer's name (as they gave
     * it), their id, the agent's name and the queue. Not found when the tenant has no reply of that name.
     */
    public static CompletionStage<Reply<String>> canned(EngineClient engine, String interactionId, String agentId,
                                                        String name) {
        return engine.<Reply<String>>askCannedReplies(r -> new CannedReplies.Get(name, r)).thenCompose(template -> {
            if (!(template instanceof Reply.Ok<String> text)) {
                return done(template);
            }
            return engine.askInteraction(interactionId, Interaction.Get::new).thenCompose(interaction -> {
                if (!(interaction instanceof Reply.Ok<InteractionState.Existing> ok)) {
                    return done(Reply.<String>notFound("No interaction " + interactionId));
                }
                String customerId = ok.value().contact().customerId();
                CompletionStage<Optional<String>> customerName = customerId == null
                        ? done(Optional.empty())
                        : engine.<Optional<String>>askCustomer(customerId, Customer.GetName::new)
                        .exceptionally(failure -> Optional.empty());
                CompletionStage<Optional<String>> agentName = agentId == null ? done(Optional.empty())
                        : engine.askAgent(agentId, Agent.Get::new).thenApply(agent -> agent instanceof
                        Reply.Ok<AgentState.Registered> a ? Optional.of(a.value().profile().name()) : Optional.<String>empty());
                return customerName.thenCombine(agentName, (customer, agent) -> {
                    Map<String, String> values = new HashMap<>();
                    customer.ifPresent(n -> values.put("customer.name", n));
                    agent.ifPresent(n -> values.put("agent.name", n));
                    if (customerId != null) {
                        values.put("customer.id", customerId);
                    }
                    values.put("queue", ok.value().contact().queue());
                    return Reply.ok(CannedReplies.render(text.value(), values));
                });
            });
        });
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
