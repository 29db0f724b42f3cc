package io.acd.gateway.conversation;

import com.typesafe.config.Config;
import io.acd.engine.Reply;
import io.acd.engine.client.EngineClient;
import io.acd.engine.customer.Customer;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sticky routing, derived by the engine from the customer: a customer who comes back on a thread soon after an
 * agent served them is offered to that agent first, for a while, then to anyone. The caller sends no agent;
 * the customer's history says who it was. {@code acd.conversations}: see the gateway's reference.conf.
 *
 * @param window how soon after the last agent served the customer a new interaction still goes to them first
 * @param patience how long the new interaction waits for that agent before any agent may take it
 */
public record Sticky(Duration window, Duration patience, Clock clock) {

    /** How many of the customer's latest interactions are looked at for the agent who served them. */
    private static final int LOOK_BACK = 5;

    public static Sticky from(Config config, Clock clock) {
        Config c = config.getConfig("acd.conversations");
        return new Sticky(c.getDuration("sticky-window"), c.getDuration("sticky-wait"), clock);
    }

    /** The routing wishes of a new interaction of this customer: their last agent first, or none. */
    public CompletionStage<Interaction.RoutingWishes> wishes(EngineClient engine, String customerId) {
        if (window.isZero() || customerId == null) {
            return CompletableFuture.completedFuture(Interaction.RoutingWishes.NONE);
        }
        return engine.<List<Customer.Visit>>askCustomer(customerId, r -> new Customer.GetHistory(LOOK_BACK, r))
                .thenCompose(visits -> {
                    List<CompletableFuture<Reply<InteractionState.Existing>>> states = visits.stream()
                            .map(v -> engine.askInteraction(v.interactionId(), Interaction.Get::new).toCompletableFuture())
                            .toList();
                    return CompletableFuture.allOf(states.toArray(CompletableFuture[]::new)).thenApply(all -> {
                        Instant now = clock.instant();
                        for (CompletableFuture<Reply<InteractionState.Existing>> state : states) {
                            Optional<String> agent = servedBy(state.join(), now);
                            if (agent.isPresent()) {
                                return new Interaction.RoutingWishes(java.util.Map.of(), java.util.Set.of(),
                                        agent.get(), now.plus(patience));
                            }
                        }
                        return Interaction.RoutingWishes.NONE;
                    });
                })
                .exceptionally(failure -> Interaction.RoutingWishes.NONE);
    }

    /** The agent who served the customer on this interaction, if that was within the window. */
    private Optional<String> servedBy(Reply<InteractionState.Existing> reply, Instant now) {
        if (!(reply instanceof Reply.Ok<InteractionState.Existing> ok) || ok.value().agentId() == null
                || ok.value().connectedAt() == null) {
            return Optional.empty();
        }
        InteractionState.Existing state = ok.value();
        Instant servedUntil = state.wrapUpAt() != null ? state.wrapUpAt() : now;
        return servedUntil.plus(window).isAfter(now) ? Optional.of(state.agentId()) : Optional.empty();
    }
}
