package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acd.engine.Reply;
import io.acd.engine.access.Role;
import io.acd.engine.client.EngineClient;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.customer.Customer;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.gateway.auth.Caller;
import io.acd.gateway.auth.Refusal;
import io.acd.gateway.conversation.Sticky;
import io.acd.gateway.conversation.Threads;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

/**
 * Threads and customers: {@code POST /v1/conversations/messages} (a customer's message on a thread, for a
 * gateway whose channel has threads) and {@code GET /v1/customers/{id}/interactions} (their history).
 */
final class ConversationRoutes extends AllDirectives {

    private static final int MAX_HISTORY = 100;
    private final Sticky sticky;

    ConversationRoutes(Sticky sticky) {
        this.sticky = sticky;
    }

    Route routes(Caller caller, EngineClient engine) {
        return concat(
                path(segment("conversations").slash("messages"), () -> post(() -> {
                    if (!caller.is(Role.ADMIN, Role.GATEWAY)) {
                        return complete(HttpApi.refusal(Refusal.forbidden("Gateways post the customers' messages")));
                    }
                    return entity(Unmarshaller.entityToString(), text -> receive(engine, Json.parse(text)));
                })),
                path(segment("customers").slash(segment()).slash("interactions"), customerId -> get(() -> {
                    if (!caller.is(Role.ADMIN, Role.SUPERVISOR, Role.GATEWAY)) {
                        return complete(HttpApi.refusal(Refusal.forbidden("This key does not read customers")));
                    }
                    return parameterOptional("limit", limit -> history(engine, customerId,
                            limit.map(ConversationRoutes::limit).orElse(20)));
                })));
    }

    private Route receive(EngineClient engine, JsonNode body) {
        Requests.NewInteraction parsed = Requests.newInteraction(body);
        if (parsed.customerId() == null) {
            throw new BadRequest("invalid_field", "customer.id is required: a thread is a customer's");
        }
        String thread = Requests.requiredString(body, "thread", 200);
        String text = Requests.requiredString(body, "text", Transcript.MAX_TEXT);
        String externalId = body.hasNonNull("externalId") ? Requests.requiredString(body, "externalId", 200) : null;
        Threads.Inbound in = new Threads.Inbound(thread, parsed.channel(), parsed.queue(), parsed.priority(),
                parsed.skills(), parsed.customerId(), text, externalId);
        String name = body.path("customer").hasNonNull("name")
                ? Requests.requiredString(body.path("customer"), "name", 100) : null;
        CompletionStage<Threads.Received> receiving = Threads.receive(engine, sticky, in);
        if (name != null) {
            receiving = receiving.thenCompose(received -> engine.<org.apache.pekko.Done>askCustomer(
                    parsed.customerId(), r -> new Customer.SetName(name, r)).thenApply(named -> received));
        }
        return onSuccess(receiving, received -> {
            if (!(received.message() instanceof Reply.Ok<Transcript.Message> ok)) {
                return complete(HttpApi.respond(received.message(), m -> ""));
            }
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("interactionId", received.interactionId());
            node.put("joined", received.joined());
            node.set("message", MessageRoutes.message(ok.value()));
            return complete(HttpApi.response(received.joined() || !ok.created() ? StatusCodes.OK
                    : StatusCodes.CREATED, Json.write(node)));
        });
    }

    private Route history(EngineClient engine, String customerId, int limit) {
        return onSuccess(engine.<List<Customer.Visit>>askCustomer(customerId, r -> new Customer.GetHistory(limit, r))
                .thenCompose(visits -> {
                    List<CompletableFuture<Reply<InteractionState.Existing>>> states = visits.stream()
                            .map(v -> engine.askInteraction(v.interactionId(), Interaction.Get::new).toCompletableFuture())
                            .toList();
                    return CompletableFuture.allOf(states.toArray(CompletableFuture[]::new)).thenApply(done -> {
                        ObjectNode node = Json.MAPPER.createObjectNode();
                        node.put("customerId", customerId);
                        ArrayNode list = node.putArray("interactions");
                        for (int i = 0; i < visits.size(); i++) {
                            if (states.get(i).join() instanceof Reply.Ok<InteractionState.Existing> ok) {
                                ObjectNode item = Json.interaction(ok.value());
                                item.put("thread", visits.get(i).thread());
                                list.add(item);
                            }
                        }
                        return node;
                    });
                }), node -> complete(HttpApi.response(StatusCodes.OK, Json.write(node))));
    }

    private static int limit(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_HISTORY) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequest("invalid_field", "limit must be 1 to " + MAX_HISTORY);
    }
}
