package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acd.engine.Reply;
import io.acd.engine.access.ApiKeys;
import io.acd.engine.access.Role;
import io.acd.engine.client.EngineClient;
import io.acd.engine.tenant.ScopedId;
import io.acd.gateway.auth.Caller;
import io.acd.gateway.auth.Refusal;
import io.acd.gateway.webhook.Webhook;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

/**
 * Webhook subscriptions, {@code /v1/webhooks}: admin and gateway keys, in their tenant. A subscription gets the
 * events after the moment it was created; {@code GET …/deliveries} is its delivery log.
 */
final class WebhookRoutes extends AllDirectives {

    private static final Pattern TYPE = Pattern.compile("\\*|[a-z_]+(\\.[a-z_]+)*(\\.\\*)?");
    private static final int MAX_PATTERNS = 20;

    private final ClusterSharding sharding;
    private final Duration askTimeout;

    WebhookRoutes(ClusterSharding sharding, Duration askTimeout) {
        this.sharding = sharding;
        this.askTimeout = askTimeout;
    }

    Route routes(Caller caller, EngineClient engine) {
        return pathPrefix("webhooks", () -> {
            if (!caller.is(Role.ADMIN, Role.GATEWAY)) {
                return complete(HttpApi.refusal(Refusal.forbidden("Admin and gateway keys manage webhooks")));
            }
            return concat(
                    pathEnd(() -> post(() -> entity(Unmarshaller.entityToString(), text ->
                            create(caller, engine, Json.parse(text))))),
                    pathPrefix(segment(Requests.ID), id -> concat(
                            pathEnd(() -> concat(
                                    get(() -> answer(ask(caller, id, Webhook.Get::new), WebhookRoutes::subscription)),
                                    delete(() -> answer(ask(caller, id, Webhook.Delete::new),
                                            WebhookRoutes::subscription)))),
                            path("deliveries", () -> get(() -> answer(ask(caller, id, Webhook.Get::new),
                                    WebhookRoutes::deliveries))))));
        });
    }

    private Route create(Caller caller, EngineClient engine, JsonNode body) {
        String url = Requests.requiredString(body, "url", 2000);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("invalid_field", "url is not a URL");
        }
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new BadRequest("invalid_field", "url must be an http or https URL with a host");
        }
        JsonNode events = body.path("events");
        if (!events.isArray() || events.isEmpty() || events.size() > MAX_PATTERNS) {
            throw new BadRequest("invalid_field", "events lists 1 to " + MAX_PATTERNS + " event types, such as"
                    + " interaction.* or agent.state_changed");
        }
        List<String> patterns = new ArrayList<>();
        for (JsonNode pattern : events) {
            if (!pattern.isTextual() || !TYPE.matcher(pattern.asText()).matches()) {
                throw new BadRequest("invalid_field", "Not an event type: " + pattern);
            }
            patterns.add(pattern.asText());
        }
        boolean generated = !body.hasNonNull("secret");
        String secret = generated ? ApiKeys.random(32) : Requests.requiredString(body, "secret", 200);
        if (secret.length() < 16) {
            throw new BadRequest("invalid_field", "secret holds 16 to 200 characters");
        }
        String webhookId = "wh-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        CompletionStage<Reply<Webhook.Subscription>> created = engine.eventPosition().thenCompose(now ->
                ask(caller, webhookId, r -> new Webhook.Create(url, List.copyOf(patterns), secret, now, r)));
        return answer(created, subscription -> {
            ObjectNode node = subscription(subscription);
            if (generated) {
                node.put("secret", secret);
            }
            return node;
        });
    }

    private CompletionStage<Reply<Webhook.Subscription>> ask(Caller caller, String webhookId,
                                                             Function<ActorRef<Reply<Webhook.Subscription>>, Webhook.Command> command) {
        return sharding.entityRefFor(Webhook.TYPE_KEY, new ScopedId(caller.tenant(), webhookId).entityId())
                .ask(command::apply, askTimeout);
    }

    private Route answer(CompletionStage<Reply<Webhook.Subscription>> reply,
                         Function<Webhook.Subscription, ObjectNode> render) {
        return onSuccess(reply, r -> complete(HttpApi.respond(r, s -> Json.write(render.apply(s)))));
    }

    private static ObjectNode subscription(Webhook.Subscription s) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("webhookId", s.webhookId());
        node.put("url", s.url());
        s.patterns().forEach(node.putArray("events")::add);
        Json.time(node, "createdAt", s.createdAt());
        node.put("position", s.position());
        node.put("deleted", s.deleted());
        return node;
    }

    private static ObjectNode deliveries(Webhook.Subscription s) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("webhookId", s.webhookId());
        node.put("position", s.position());
        ArrayNode attempts = node.putArray("deliveries");
        for (Webhook.Attempt a : s.attempts()) {
            ObjectNode item = attempts.addObject();
            item.put("position", a.position());
            item.put("eventId", a.eventId());
            item.put("attempt", a.attempt());
            item.put("status", a.status());
            item.put("error", a.error());
            Json.time(item, "at", a.at());
            item.put("delivered", a.delivered());
        }
        return node;
    }
}
