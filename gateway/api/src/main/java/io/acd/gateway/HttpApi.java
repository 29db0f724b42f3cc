package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.acd.engine.Reply;
import io.acd.engine.access.DesktopTicket;
import io.acd.engine.access.NodeAccess;
import io.acd.engine.access.Role;
import io.acd.engine.agent.Agent;
import io.acd.engine.agent.AgentState;
import io.acd.engine.client.EngineClient;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.queue.Queue;
import io.acd.engine.routing.QueuePolicy;
import io.acd.gateway.auth.Authenticator;
import io.acd.gateway.channel.Attachments;
import io.acd.gateway.auth.Caller;
import io.acd.gateway.auth.Refusal;
import io.acd.gateway.conversation.Sticky;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.Materializer;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

/**
 * The REST and WebSocket API of API.md, v1. Every /v1 call but the OpenAPI document carries a key; the key's
 * role decides what it may do (docs/api.md, "Roles") and its tenant which entities it reaches, through a
 * client of that tenant only.
 */
public final class HttpApi extends AllDirectives {

    private final EngineClient engine;
    private final NodeAccess access;
    private final Authenticator authenticator;
    private final AdminRoutes admin;
    private final BooleanSupplier ready;
    private final Supplier<CompletionStage<Optional<String>>> readiness;
    private final DesktopSocket desktops;
    private final MessageRoutes messages;
    private final ChannelRoutes channelSettings;
    private final EventRoutes events = new EventRoutes();
    private final WebhookRoutes webhooks;
    private final ConversationRoutes conversations;
    private final CannedReplyRoutes canned = new CannedReplyRoutes();
    private final List<Route> channels;

    /**
     * @param engine    the client of the default tenant; each caller gets its own tenant's
     * @param ready     true once the node takes traffic; until then every /v1 call answers 503
     * @param readiness the node's readiness checks, asked at every /health/ready: empty when all pass, else
     *                  why not
     */
    public HttpApi(EngineClient engine, NodeAccess access, Authenticator authenticator, AdminRoutes admin,
                   Materializer materializer, BooleanSupplier ready,
                   Supplier<CompletionStage<Optional<String>>> readiness, List<Route> channels,
                   WebhookRoutes webhooks, Sticky sticky, Attachments attachments, ChannelRoutes channelSettings) {
        this.channelSettings = channelSettings;
        this.webhooks = webhooks;
        this.conversations = new ConversationRoutes(sticky);
        this.channels = List.copyOf(channels);
        this.engine = engine;
        this.access = access;
        this.authenticator = authenticator;
        this.admin = admin;
        this.ready = ready;
        this.readiness = readiness;
        this.desktops = new DesktopSocket(materializer);
        this.messages = new MessageRoutes(attachments);
    }

    public Route routes() {
        return handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> concat(
                path(segment("health").slash("ready"), () -> get(this::health)),
                path(segment("health").slash("alive"), () -> get(() -> json(StatusCodes.OK, "{\"status\":\"alive\"}"))),
                channelRoutes(),
                pathPrefix("v1", () -> concat(
                        path("openapi.json", () -> get(() -> getFromResource("openapi.json", ContentTypes.APPLICATION_JSON))),
                        whenReady(() -> concat(ticketDesktop(), authenticated(caller -> {
                            EngineClient tenant = engine.inTenant(caller.tenant());
                            return concat(
                                    path("routing", () -> get(() -> allowed(caller.is(Role.ADMIN, Role.SUPERVISOR),
                                            "Only admin and supervisor keys read the router",
                                            () -> routingStats(tenant)))),
                                    admin.routes(caller),
                                    pathPrefix("queues", () -> queueRoutes(caller, tenant)),
                                    pathPrefix("agents", () -> agentRoutes(caller, tenant)),
                                    pathPrefix("interactions", () -> interactionRoutes(caller, tenant)),
                                    events.routes(caller, tenant),
                                    webhooks.routes(caller, tenant),
                                    conversations.routes(caller, tenant),
                                    canned.routes(caller, tenant),
                                    channelSettings.routes(caller));
                        }))))))));
    }

    /**
     * The channel adapters' own routes, such as the web chat's page and customer socket; taken only once the
     * node is ready (decided per request, as in {@link #whenReady}), so a starting node never half-serves them.
     */
    private Route channelRoutes() {
        if (channels.isEmpty()) {
            return reject();
        }
        Route all = concat(channels.get(0), channels.subList(1, channels.size()).toArray(Route[]::new));
        return extractRequestContext(ctx -> ready.getAsBoolean() ? all : reject());
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

    /**
     * A browser's desktop socket, {@code ?ticket=} instead of a key: the ticket names the tenant and the agent,
     * and opens that agent's desktop once. Without a ticket the request is left to the routes with a key.
     */
    private Route ticketDesktop() {
        return path(segment("agents").slash(segment(Requests.ID)).slash("desktop"), agentId ->
                parameterOptional("ticket", ticket -> ticket.isEmpty() ? reject() : get(() ->
                        clientAddress(source -> {
                            if (!DesktopTicket.FORMAT.matcher(ticket.get()).matches()) {
                                return complete(refusal(authenticator.badTicket(source)));
                            }
                            return onSuccess(access.redeemTicket(ticket.get()), redeemed ->
                                    redeemed.granted() && redeemed.agentId().equals(agentId)
                                            ? desktops.route(engine.inTenant(redeemed.tenant()), agentId)
                                            : complete(refusal(authenticator.badTicket(source))));
                        }))));
    }

    private Route issueTicket(EngineClient engine, String agentId) {
        return onSuccess(engine.askAgent(agentId, Agent.Get::new), reply -> {
            if (reply instanceof Reply.NotFound<AgentState.Registered> notFound) {
                return complete(response(StatusCodes.NOT_FOUND, Json.error("not_found", notFound.message())));
            }
            return onSuccess(access.issueTicket(engine.tenant(), agentId), ticket -> {
                var node = Json.MAPPER.createObjectNode();
                node.put("ticket", ticket);
                node.put("agentId", agentId);
                node.put("expiresInMs", access.ticketTtl().toMillis());
                return complete(response(StatusCodes.CREATED, Json.write(node)));
            });
        });
    }

    /** The caller of a request with a valid key; a refusal (401, 403, 404, 429) otherwise, before anything runs. */
    private Route authenticated(Function<Caller, Route> inner) {
        return optionalHeaderValueByName("Authorization", authorization ->
                optionalHeaderValueByName("Acd-Tenant", tenant ->
                        clientAddress(source -> onSuccess(authenticator.authenticate(authorization, tenant, source),
                                outcome -> outcome.caller() != null
                                        ? inner.apply(outcome.caller())
                                        : complete(refusal(outcome.refusal()))))));
    }

    /** The client's address, for the security log. */
    private Route clientAddress(Function<String, Route> inner) {
        return extractClientIP(ip -> inner.apply(ip.getAddress().map(InetAddress::getHostAddress).orElse("unknown")));
    }

    static HttpResponse refusal(Refusal refusal) {
        HttpResponse response = response(StatusCodes.get(refusal.status()), Json.error(refusal.code(), refusal.message()));
        if (refusal.status() == 401) {
            response = response.addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"acd\""));
        } else if (refusal.retryAfterSeconds() > 0) {
            response = response.addHeader(RawHeader.create("Retry-After", Long.toString(refusal.retryAfterSeconds())));
        }
        return response;
    }

    /** 403 unless {@code permitted}: a role that may not, told why. */
    private Route allowed(boolean permitted, String why, Supplier<Route> inner) {
        return permitted ? inner.get() : complete(refusal(Refusal.forbidden(why)));
    }

    private Route agentRoutes(Caller caller, EngineClient engine) {
        return pathPrefix(segment(Requests.ID), agentId -> {
            boolean staff = caller.is(Role.ADMIN, Role.SUPERVISOR);
            boolean self = staff || caller.isAgent(agentId);
            String notYours = caller.role() == Role.AGENT
                    ? "An agent key reaches its own agent, " + caller.agentId() + ", only"
                    : "A " + caller.role().wireName() + " key does not manage agents";
            return concat(
                    pathEnd(() -> concat(
                            put(() -> allowed(staff, caller.role() == Role.AGENT
                                    ? "Supervisors set agents' profiles; an agent key cannot" : notYours,
                                    () -> body(json -> {
                                        Requests.AgentProfile p = Requests.agentProfile(json);
                                        return agentReply(engine.askAgent(agentId, r -> new Agent.UpsertProfile(
                                                p.name(), p.skills(), p.capacity(), p.groups(), r)));
                                    }))),
                            get(() -> allowed(self, notYours, () -> agentReply(engine.askAgent(agentId, Agent.Get::new)))))),
                    path("state", () -> post(() -> allowed(self, notYours, () -> body(json -> {
                        Requests.StateChange change = Requests.stateChange(json);
                        return agentReply(engine.askAgent(agentId,
                                r -> new Agent.ChangeStatus(change.status(), change.reason(), r)));
                    })))),
                    path("desktop", () -> get(() -> allowed(caller.is(Role.ADMIN) || caller.isAgent(agentId),
                            "Only the agent's own key (or an admin key) opens its desktop",
                            () -> desktops.route(engine, agentId)))),
                    path("desktop-ticket", () -> post(() -> allowed(caller.is(Role.ADMIN) || caller.isAgent(agentId),
                            "Only the agent's own key (or an admin key) asks for its desktop's ticket",
                            () -> issueTicket(engine, agentId)))));
        });
    }

    private Route interactionRoutes(Caller caller, EngineClient engine) {
        return concat(
                pathEnd(() -> post(() -> allowed(caller.is(Role.ADMIN, Role.GATEWAY),
                        "Gateways create interactions; a " + caller.role().wireName() + " key cannot",
                        () -> optionalHeaderValueByName("Idempotency-Key", key -> body(json -> {
                            Requests.NewInteraction n = Requests.newInteraction(json);
                            String id = interactionId(key);
                            return interactionReply(engine.askInteraction(id, r -> new Interaction.Create(n.channel(),
                                    n.queue(), n.priority(), n.skills(), n.customerId(), n.fingerprint(), n.wishes(), r)));
                        }))))),
                pathPrefix(segment(Requests.ID), id -> concat(
                        messages.routes(caller, engine, id),
                        pathEnd(() -> get(() -> caller.role() == Role.AGENT
                                ? heldInteraction(caller, engine.askInteraction(id, Interaction.Get::new))
                                : interactionReply(engine.askInteraction(id, Interaction.Get::new)))),
                        agentMove(caller, "accept", json -> {
                            String agentId = Requests.agentIdOf(json);
                            return engine.askInteraction(id, r -> new Interaction.Accept(agentId, r));
                        }),
                        agentMove(caller, "reject", json -> {
                            String agentId = Requests.agentIdOf(json);
                            return engine.askInteraction(id, r -> new Interaction.Reject(agentId, r));
                        }),
                        agentMove(caller, "complete", json -> {
                            String agentId = Requests.agentIdOf(json);
                            return engine.askInteraction(id, r -> new Interaction.Complete(agentId, r));
                        }),
                        agentMove(caller, "wrap-up", json -> {
                            Requests.WrapUp w = Requests.wrapUp(json);
                            return engine.askInteraction(id,
                                    r -> new Interaction.WrapUp(w.agentId(), w.disposition(), w.notes(), r));
                        }),
                        path("abandon", () -> post(() -> allowed(caller.is(Role.ADMIN, Role.GATEWAY),
                                "Gateways say when the customer left; a " + caller.role().wireName() + " key cannot",
                                () -> entity(Unmarshaller.entityToString(), text -> {
                                    if (!text.isBlank()) {
                                        Json.parse(text);
                                    }
                                    return interactionReply(engine.askInteraction(id, Interaction.Abandon::new));
                                })))))));
    }

    /** An agent reads an interaction only while it is offered to or held by that agent. */
    private Route heldInteraction(Caller caller, CompletionStage<Reply<InteractionState.Existing>> reply) {
        return onSuccess(reply, r -> r instanceof Reply.Ok<InteractionState.Existing> ok
                && !caller.agentId().equals(ok.value().agentId())
                ? complete(refusal(Refusal.forbidden("An agent key reads only the interactions offered to or held"
                + " by its agent, " + caller.agentId())))
                : complete(respond(r, state -> Json.write(Json.interaction(state)))));
    }

    /**
     * A move an agent makes on an interaction: an agent key only as itself (the body's agentId), an admin key
     * as any agent; no other role.
     */
    private Route agentMove(Caller caller, String name,
                            Function<JsonNode, CompletionStage<Reply<InteractionState.Existing>>> call) {
        return path(name, () -> post(() -> allowed(caller.is(Role.ADMIN, Role.AGENT),
                "Agents " + name + " interactions; a " + caller.role().wireName() + " key cannot",
                () -> body(json -> {
                    String as = json.path("agentId").asText(null);
                    if (caller.role() == Role.AGENT && as != null && !as.equals(caller.agentId())) {
                        return complete(refusal(Refusal.forbidden("An agent key acts as its own agent, "
                                + caller.agentId() + ", only")));
                    }
                    return interactionReply(call.apply(json));
                }))));
    }

    private Route queueRoutes(Caller caller, EngineClient engine) {
        return path(segment(Requests.ID), name -> allowed(caller.is(Role.ADMIN, Role.SUPERVISOR),
                "Only admin and supervisor keys read and set queues", () -> concat(
                        get(() -> queueReply(engine.askQueue(name, Queue.Get::new))),
                        put(() -> body(json -> {
                            QueuePolicy policy = Requests.queuePolicy(name, json);
                            return queueReply(engine.askQueue(name, r -> new Queue.Put(policy, r)));
                        })))));
    }

    private Route queueReply(CompletionStage<Reply<Queue.State>> reply) {
        return completeWithFuture(reply.handle((r, failure) -> failure != null
                ? unavailable(failure)
                : respond(r, state -> Json.write(Json.queue(state)))));
    }

    /** What the router of the domain holds right now: for operators and load tests. */
    private Route routingStats(EngineClient engine) {
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

    Route body(Function<JsonNode, Route> inner) {
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

    static <T> HttpResponse respond(Reply<T> reply, Function<T, String> render) {
        if (reply instanceof Reply.Ok<T> ok) {
            return response(ok.created() ? StatusCodes.CREATED : StatusCodes.OK, render.apply(ok.value()));
        } else if (reply instanceof Reply.Rejected<T> rejected) {
            return response(StatusCodes.CONFLICT, Json.error(rejected.code(), rejected.message()));
        } else {
            return response(StatusCodes.NOT_FOUND, Json.error("not_found", ((Reply.NotFound<T>) reply).message()));
        }
    }

    static HttpResponse unavailable(Throwable failure) {
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
                .match(EntityStreamSizeException.class, e -> tooLarge(e.limit()))
                .match(CompletionException.class, e -> e.getCause() instanceof EntityStreamSizeException,
                        e -> tooLarge(((EntityStreamSizeException) e.getCause()).limit()))
                .match(TimeoutException.class, e -> complete(unavailable(e)))
                .match(CompletionException.class, e -> e.getCause() instanceof TimeoutException,
                        e -> complete(unavailable(e)))
                .build();
    }

    private Route tooLarge(long limit) {
        return error(StatusCodes.PAYLOAD_TOO_LARGE, "too_large", "The body is larger than " + limit
                + " bytes, the most the API reads (pekko.http.server.parsing.max-content-length)");
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
