package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acd.engine.Reply;
import io.acd.engine.access.AccessView;
import io.acd.engine.access.ApiKeys;
import io.acd.engine.access.Directory;
import io.acd.engine.access.Directory.KeyRecord;
import io.acd.engine.access.Role;
import io.acd.engine.tenant.ScopedId;
import io.acd.gateway.auth.Caller;
import io.acd.gateway.auth.Refusal;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

/** What only an admin key does: tenants, keys and the security log ({@code /v1/tenants}, {@code /v1/keys}). */
public final class AdminRoutes extends AllDirectives {

    private static final int MAX_NAME = 100;
    private static final int MAX_LOG = 1000;

    private final RecipientRef<Directory.Command> directory;
    private final AccessView access;
    private final Duration askTimeout;
    private final Scheduler scheduler;

    public AdminRoutes(RecipientRef<Directory.Command> directory, AccessView access, Duration askTimeout,
                       Scheduler scheduler) {
        this.directory = directory;
        this.access = access;
        this.askTimeout = askTimeout;
        this.scheduler = scheduler;
    }

    Route routes(Caller caller) {
        return concat(
                pathPrefix("tenants", () -> adminOnly(caller, () -> concat(
                        pathEnd(() -> get(this::listTenants)),
                        path(segment(), this::putTenant)))),
                pathPrefix("keys", () -> adminOnly(caller, () -> concat(
                        pathEnd(() -> concat(
                                post(() -> entity(Unmarshaller.entityToString(),
                                        text -> createKey(caller, Json.parse(text)))),
                                get(this::listKeys))),
                        path(segment(), keyId -> delete(() -> revoke(keyId)))))),
                path(segment("security").slash("events"), () -> adminOnly(caller, () -> get(() ->
                        parameterOptional("limit", limit -> securityEvents(limit.map(AdminRoutes::limit).orElse(100)))))));
    }

    private Route adminOnly(Caller caller, Supplier<Route> inner) {
        return caller.is(Role.ADMIN) ? inner.get()
                : complete(HttpApi.refusal(Refusal.forbidden("Only an admin key manages tenants and keys")));
    }

    private Route putTenant(String tenant) {
        return put(() -> {
            if (!ScopedId.isTenantName(tenant)) {
                throw new BadRequest("invalid_field", "A tenant name is lower case letters, digits and dashes,"
                        + " at most 40, starting with a letter or digit");
            }
            return onSuccess(ask(r -> new Directory.PutTenant(tenant, r)), (Reply<String> reply) -> {
                ObjectNode node = Json.MAPPER.createObjectNode().put("tenant", tenant);
                boolean created = reply instanceof Reply.Ok<String> ok && ok.created();
                return onSuccess(access.refresh(), refreshed ->
                        complete(HttpApi.response(created ? StatusCodes.CREATED : StatusCodes.OK, Json.write(node))));
            });
        });
    }

    private Route listTenants() {
        return onSuccess(AskPattern.<Directory.Command, Directory.ViewReply>ask(directory,
                r -> new Directory.GetView(-1, r), askTimeout, scheduler), reply -> {
            ArrayNode tenants = Json.MAPPER.createArrayNode();
            ((Directory.View) reply).tenants().stream().sorted().forEach(tenants::add);
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.set("tenants", tenants);
            return complete(HttpApi.response(StatusCodes.OK, Json.write(node)));
        });
    }

    private Route createKey(Caller caller, JsonNode body) {
        String roleName = Requests.requiredString(body, "role", 20);
        Role role = Role.fromWire(roleName).orElseThrow(() -> new BadRequest("invalid_field",
                "role must be one of admin, supervisor, gateway, agent"));
        String tenant = body.hasNonNull("tenant") ? Requests.requiredString(body, "tenant", 40) : caller.tenant();
        if (!ScopedId.isTenantName(tenant)) {
            throw new BadRequest("invalid_field", "tenant must be a tenant name");
        }
        String agentId = body.hasNonNull("agentId") ? Requests.requiredString(body, "agentId", 128) : null;
        if (role == Role.AGENT && (agentId == null || !Requests.ID.matcher(agentId).matches())) {
            throw new BadRequest("invalid_field", "An agent key needs the agentId it speaks for");
        }
        if (role != Role.AGENT && agentId != null) {
            throw new BadRequest("invalid_field", "Only an agent key has an agentId");
        }
        if (role == Role.ADMIN && !tenant.equals(ScopedId.DEFAULT_TENANT)) {
            throw new BadRequest("invalid_field", "An admin key reaches every tenant; create it without a tenant");
        }
        String name = body.hasNonNull("name") ? Requests.requiredString(body, "name", MAX_NAME) : "";
        String key = ApiKeys.generate();
        return onSuccess(ask(r -> new Directory.CreateKey(ApiKeys.hash(key), role, tenant, agentId, name, r)),
                (Reply<KeyRecord> reply) -> {
                    if (reply instanceof Reply.Ok<KeyRecord> ok) {
                        ObjectNode node = key(ok.value());
                        node.put("key", key);
                        return onSuccess(access.refresh(), refreshed ->
                                complete(HttpApi.response(StatusCodes.CREATED, Json.write(node))));
                    }
                    Reply.Rejected<KeyRecord> rejected = (Reply.Rejected<KeyRecord>) reply;
                    return complete(HttpApi.response(rejected.reason() == Directory.Refusal.UNKNOWN_TENANT
                            ? StatusCodes.BAD_REQUEST : StatusCodes.CONFLICT,
                            Json.error(rejected.code(), rejected.message())));
                });
    }

    private Route listKeys() {
        return onSuccess(AskPattern.<Directory.Command, List<KeyRecord>>ask(directory, Directory.ListKeys::new,
                askTimeout, scheduler), keys -> {
            ArrayNode list = Json.MAPPER.createArrayNode();
            keys.forEach(key -> list.add(key(key)));
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.set("keys", list);
            return complete(HttpApi.response(StatusCodes.OK, Json.write(node)));
        });
    }

    private Route revoke(String keyId) {
        return onSuccess(ask(r -> new Directory.RevokeKey(keyId, r)), (Reply<KeyRecord> reply) ->
                // This node refuses the key before the answer leaves; the others within their refresh interval.
                onSuccess(access.refresh(), refreshed ->
                        complete(HttpApi.respond(reply, key -> Json.write(key(key))))));
    }

    private Route securityEvents(int limit) {
        return onSuccess(AskPattern.<Directory.Command, List<Directory.Event>>ask(directory,
                r -> new Directory.GetLog(limit, r), askTimeout, scheduler), events -> {
            ArrayNode list = Json.MAPPER.createArrayNode();
            events.forEach(event -> list.add(securityEvent(event)));
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.set("events", list);
            return complete(HttpApi.response(StatusCodes.OK, Json.write(node)));
        });
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LOG) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequest("invalid_field", "limit must be 1 to " + MAX_LOG);
    }

    private <T> CompletionStage<Reply<T>> ask(Function<ActorRef<Reply<T>>, Directory.Command> command) {
        return AskPattern.ask(directory, command::apply, askTimeout, scheduler);
    }

    /** A key as the API shows it: never its hash. */
    private static ObjectNode key(KeyRecord key) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("keyId", key.keyId());
        node.put("role", key.role().wireName());
        node.put("tenant", key.tenant());
        if (key.agentId() != null) {
            node.put("agentId", key.agentId());
        }
        node.put("name", key.name());
        Json.time(node, "createdAt", key.createdAt());
        Json.time(node, "revokedAt", key.revokedAt());
        return node;
    }

    private static ObjectNode securityEvent(Directory.Event event) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (event instanceof Directory.TenantCreated created) {
            node.put("type", "tenant_created").put("tenant", created.tenant());
        } else if (event instanceof Directory.KeyCreated created) {
            node.put("type", "key_created").put("keyId", created.key().keyId())
                    .put("role", created.key().role().wireName()).put("tenant", created.key().tenant());
            if (created.key().agentId() != null) {
                node.put("agentId", created.key().agentId());
            }
        } else if (event instanceof Directory.KeyRevoked revoked) {
            node.put("type", "key_revoked").put("keyId", revoked.keyId());
        } else if (event instanceof Directory.AuthenticationFailed failed) {
            node.put("type", "authentication_failed").put("source", failed.source()).put("node", failed.node())
                    .put("failures", failed.failures());
            Json.time(node, "since", failed.since());
        }
        Json.time(node, "at", event.at());
        return node;
    }
}
