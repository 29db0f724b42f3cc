package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.acd.engine.Reply;
import io.acd.engine.agent.Agent;
import io.acd.engine.agent.AgentState;
import io.acd.engine.client.EngineClient;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.queue.Queue;
import io.acd.engine.routing.QueuePolicy;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.Materializer;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

/** The REST and WebSocket API of API.md, v1. */
public final class HttpApi extends AllDirectives {

    private final EngineClient engine;
    private final BooleanSupplier ready;
    private final Supplier<CompletionStage<Optional<String>>> readiness;
    private final DesktopSocket desktops;

    /**
     * @param ready     true once the node takes traffic; until then every /v1 call answers 503
     * @param readiness the node's readiness checks, asked at every /health/ready: empty when all pass, else
     *                  why not
     */
    public HttpApi(EngineClient engine, Materializer materializer, BooleanSupplier ready,
                   Supplier<CompletionStage<Optional<String>>> readiness) {
        this.engine = engine;
        this.ready = ready;
        this.readiness = readiness;
        this.desktops = new DesktopSocket(engine, materializer);
    }

    public Route routes() {
        return handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> concat(
                path(segment("health").slash("ready"), () -> get(this::health)),
                path(segment("health").slash("alive"), () -> get(() -> json(StatusCodes.OK, "{\"status\":\"alive\"}"))),
                pathPrefix("v1", () -> concat(
                        path("openapi.json", () -> get(() -> getFromResource("openapi.json", ContentTypes.APPLICATION_JSON))),
                        whenReady(() -> concat(
                                path("routing", () -> get(this::routingStats)),
                                pathPrefix("queues", this::queueRoutes),
                                pathPrefix("agents", this::agentRoutes),
                                pathPrefix("interactions", this::interactionRoutes))))))));
    }

    private Route health() {
        if (!ready.getAsBoolean()) {
            return error(StatusCodes.SERVICE_UNAVAILABLE, "not_ready", "The engine is starting");
        }
        return onSuccess(readiness.get(), failure -> failure
                .map(reason -> error(StatusCodes.SERVICE_UNAVAILABLE, "not_ready", reason))
                .orElseGet(() -> json(StatusCodes.OK, "{\"status\":\"ready\"}")));
    }

    /** Decided per request: the node becomes ready after the routes were built. */
    private Route whenReady(Supplier<Route> inner) {
        return extractRequestContext(ctx -> ready.getAsBoolean()
                ? inner.get()
                : error(StatusCodes.SERVICE_UNAVAILABLE, "not_ready", "The engine is starting; retry shortly"));
    }

    private Route agentRoutes() {
        return pathPrefix(segment(Requests.ID), agentId -> concat(
                pathEnd(() -> concat(
                        put(() -> body(json -> {
                            Requests.AgentProfile p = Requests.agentProfile(json);
                            return agentReply(engine.askAgent(agentId,
                                    r -> new Agent.UpsertProfile(p.name(), p.skills(), p.capacity(), p.groups(), r)));
                        })),
                        get(() -> agentReply(engine.askAgent(agentId, Agent.Get::new))))),
                path("state", () -> post(() -> body(json -> {
                    Requests.StateChange change = Requests.stateChange(json);
                    return agentReply(engine.askAgent(agentId,
                            r -> new Agent.ChangeStatus(change.status(), change.reason(), r)));
                }))),
                path("desktop", () -> get(() -> desktops.route(agentId)))));
    }

    private Route interactionRoutes() {
        return concat(
                pathEnd(() -> post(() -> optionalHeaderValueByName("Idempotency-Key", key -> body(json -> {
                    Requests.NewInteraction n = Requests.newInteraction(json);
                    String id = interactionId(key);
                    return interactionReply(engine.askInteraction(id, r -> new Interaction.Create(n.channel(),
                            n.queue(), n.priority(), n.skills(), n.customerId(), n.fingerprint(), n.wishes(), r)));
                })))),
                pathPrefix(segment(Requests.ID), id -> concat(
                        pathEnd(() -> get(() -> interactionReply(engine.askInteraction(id, Interaction.Get::new)))),
                        action(id, "accept", json -> {
                            String agentId = Requests.agentIdOf(json);
                            return engine.askInteraction(id, r -> new Interaction.Accept(agentId, r));
                        }),
                        action(id, "reject", json -> {
                            String agentId = Requests.agentIdOf(json);
                            return engine.askInteraction(id, r -> new Interaction.Reject(agentId, r));
                        }),
                        action(id, "complete", json -> {
                            String agentId = Requests.agentIdOf(json);
                            return engine.askInteraction(id, r -> new Interaction.Complete(agentId, r));
                        }),
                        action(id, "wrap-up", json -> {
                            Requests.WrapUp w = Requests.wrapUp(json);
                            return engine.askInteraction(id,
                                    r -> new Interaction.WrapUp(w.agentId(), w.disposition(), w.notes(), r));
                        }),
                        path("abandon", () -> post(() -> entity(Unmarshaller.entityToString(), text -> {
                            if (!text.isBlank()) {
                                Json.parse(text);
                            }
                            return interactionReply(engine.askInteraction(id, Interaction.Abandon::new));
                        }))))));
    }

    private Route queueRoutes() {
        return path(segment(Requests.ID), name -> concat(
                get(() -> queueReply(engine.askQueue(name, Queue.Get::new))),
                put(() -> body(json -> {
                    QueuePolicy policy = Requests.queuePolicy(name, json);
                    return queueReply(engine.askQueue(name, r -> new Queue.Put(policy, r)));
                }))));
    }

    private Route queueReply(CompletionStage<Reply<Queue.State>> reply) {
        return completeWithFuture(reply.handle((r, failure) -> failure != null
                ? unavailable(failure)
                : respond(r, state -> Json.write(Json.queue(state)))));
    }

    /** What the router of the domain holds right now: for operators and load tests. */
    private Route routingStats() {
        return completeWithFuture(engine.routerStats().handle((stats, failure) -> {
            if (failure != null) {
                return unavailable(failure);
            }
            var node = Json.MAPPER.createObjectNode();
            node.put("domain", engine.routingDomain());
            node.put("waiting", stats.waiting());
            node.put("availableAgents", stats.availableAgents());
            node.put("inFlight", stats.inFlight());
            node.put("matched", stats.matched());
            return response(StatusCodes.OK, Json.write(node));
        }));
    }

    private Route action(String id, String name,
                         Function<JsonNode, CompletionStage<Reply<InteractionState.Existing>>> call) {
        return path(name, () -> post(() -> body(json -> interactionReply(call.apply(json)))));
    }

    /** The same key always maps to the same interaction id, so a retried create finds what it created. */
    static String interactionId(Optional<String> idempotencyKey) {
        if (idempotencyKey.isEmpty()) {
            return UUID.randomUUID().toString();
        }
        String key = idempotencyKey.get();
        if (key.isBlank() || key.length() > 200) {
            throw new BadRequest("invalid_field", "Idempotency-Key must be 1 to 200 characters");
        }
        return UUID.nameUUIDFromBytes(("idempotency-key:" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private Route body(Function<JsonNode, Route> inner) {
        return entity(Unmarshaller.entityToString(), text -> inner.apply(Json.parse(text)));
    }

    private Route interactionReply(CompletionStage<Reply<InteractionState.Existing>> reply) {
        return completeWithFuture(reply.handle((r, failure) -> failure != null
                ? unavailable(failure)
                : respond(r, state -> Json.write(Json.interaction(state)))));
    }

    private Route agentReply(CompletionStage<Reply<AgentState.Registered>> reply) {
        return completeWithFuture(reply.handle((r, failure) -> failure != null
                ? unavailable(failure)
                : respond(r, state -> Json.write(Json.agent(state)))));
    }

    private static <T> HttpResponse respond(Reply<T> reply, Function<T, String> render) {
        if (reply instanceof Reply.Ok<T> ok) {
            return response(ok.created() ? StatusCodes.CREATED : StatusCodes.OK, render.apply(ok.value()));
        } else if (reply instanceof Reply.Rejected<T> rejected) {
            return response(StatusCodes.CONFLICT, Json.error(rejected.code(), rejected.message()));
        } else {
            return response(StatusCodes.NOT_FOUND, Json.error("not_found", ((Reply.NotFound<T>) reply).message()));
        }
    }

    private static HttpResponse unavailable(Throwable failure) {
        return response(StatusCodes.SERVICE_UNAVAILABLE, Json.error("unavailable",
                "The engine did not answer in time; the request may or may not have taken effect. Retry with"
                        + " the same Idempotency-Key to be safe."));
    }

    static HttpResponse response(StatusCode status, String json) {
        return HttpResponse.create().withStatus(status)
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json));
    }

    private Route json(StatusCode status, String json) {
        return complete(response(status, json));
    }

    private Route error(StatusCode status, String code, String message) {
        return complete(response(status, Json.error(code, message)));
    }

    private ExceptionHandler exceptions() {
        // A directive that waits for the engine (the desktop's check that its agent exists) fails with the ask's
        // timeout: the engine is busy or failing over, which is a 503 to retry, not a 500.
        return ExceptionHandler.newBuilder()
                .match(BadRequest.class, e -> error(StatusCodes.BAD_REQUEST, e.code(), e.getMessage()))
                .match(TimeoutException.class, e -> complete(unavailable(e)))
                .match(CompletionException.class, e -> e.getCause() instanceof TimeoutException,
                        e -> complete(unavailable(e)))
                .build();
    }

    /** Pekko's own rejections (unknown path, wrong method, not a WebSocket …) with our JSON body. */
    private RejectionHandler rejections() {
        return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
            if (response.entity() instanceof HttpEntity.Strict strict
                    && !strict.getContentType().equals(ContentTypes.APPLICATION_JSON)) {
                String text = strict.getData().utf8String();
                int status = response.status().intValue();
                String code = switch (status) {
                    case 404 -> "not_found";
                    case 405 -> "method_not_allowed";
                    case 413 -> "too_large";
                    case 415 -> "unsupported_media_type";
                    default -> "bad_request";
                };
                return response.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.error(code, text)));
            }
            return response;
        });
    }
}
