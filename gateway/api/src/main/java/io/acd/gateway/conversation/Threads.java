package io.acd.gateway.conversation;

import io.acd.engine.Reply;
import io.acd.engine.client.EngineClient;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.customer.Customer;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.routing.Channel;
import org.apache.pekko.Done;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A customer's message on a thread (an SMS exchange, an e-mail thread, a social conversation): it joins the
 * thread's open interaction, or opens a new one, which is offered to the customer's last agent first
 * ({@link Sticky}). A delivery the channel retries, with the same external id, lands once: the new
 * interaction's id is derived from the customer, the thread and the external id, and the message is stored
 * once by its external id.
 */
public final class Threads {

    private Threads() {
    }

    /**
     * @param thread     the channel's own key of the conversation, the same for each of its messages
     * @param externalId the channel's id of this message; null when it has none (then a retry is not recognised)
     * @param kind       the kind of contact a new interaction is (see {@link Interaction.Create}); null for the usual
     * @param content    what the message has beyond its text (see {@link Transcript.Content}); null for none
     */
    public record Inbound(String thread, Channel channel, String queue, int priority, Map<String, Integer> skills,
                          String customerId, String text, String externalId, String kind,
                          Transcript.Content content) {

        /** A plain-text message on a thread of the channel's usual kind of contact. */
        public Inbound(String thread, Channel channel, String queue, int priority, Map<String, Integer> skills,
                       String customerId, String text, String externalId) {
            this(thread, channel, queue, priority, skills, customerId, text, externalId, null, null);
        }
    }

    /**
     * @param joined  true when the message joined the thread's open interaction
     * @param message the stored message, or why it was not stored
     */
    public record Received(String interactionId, boolean joined, Reply<Transcript.Message> message) {
    }

    public static CompletionStage<Received> receive(EngineClient engine, Sticky sticky, Inbound in) {
        return engine.<Optional<String>>askCustomer(in.customerId(), r -> new Customer.GetThread(in.thread(), r))
                .thenCompose(open -> open.isEmpty() ? start(engine, sticky, in)
                        : Conversations.add(engine, open.get(), Transcript.Direction.IN, null, in.text(), in.externalId(),
                                in.content())
                        .thenCompose(added -> added instanceof Reply.Ok<Transcript.Message>
                                ? CompletableFuture.completedFuture(new Received(open.get(), true, added))
                                // Its customer side is over (or it is gone): this message opens the next one.
                                : start(engine, sticky, in)));
    }

    private static CompletionStage<Received> start(EngineClient engine, Sticky sticky, Inbound in) {
        String interactionId = in.externalId() == null ? UUID.randomUUID().toString()
                : UUID.nameUUIDFromBytes((in.customerId() + "\n" + in.thread() + "\n" + in.externalId())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return sticky.wishes(engine, in.customerId())
                .thenCompose(wishes -> engine.askInteraction(interactionId, r -> new Interaction.Create(in.channel(),
                        in.queue(), in.priority(), in.skills(), in.customerId(), "thread:" + in.thread(), wishes,
                        in.kind(), r)))
                .thenCompose(created -> {
                    if (!(created instanceof Reply.Ok<InteractionState.Existing> ok)) {
                        Reply<Transcript.Message> refused = created instanceof Reply.Rejected<InteractionState.Existing> r
                                ? Reply.rejected(r.reason(), r.message()) : Reply.notFound("No interaction");
                        return CompletableFuture.completedFuture(new Received(interactionId, false, refused));
                    }
                    Customer.Visit visit = new Customer.Visit(interactionId, in.channel(), in.queue(), in.thread(),
                            ok.value().contact().queuedAt());
                    return engine.<Done>askCustomer(in.customerId(), r -> new Customer.OpenThread(in.thread(), visit, r))
                            .thenCompose(recorded -> Conversations.add(engine, interactionId, Transcript.Direction.IN,
                                    null, in.text(), in.externalId(), in.content()))
                            .thenApply(added -> new Received(interactionId, false, added));
                });
    }
}
