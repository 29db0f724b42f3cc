package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acd.engine.Reply;
import io.acd.engine.access.Role;
import io.acd.engine.canned.CannedReplies;
import io.acd.engine.client.EngineClient;
import io.acd.gateway.auth.Caller;
import io.acd.gateway.auth.Refusal;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

import java.util.Set;
import java.util.regex.Pattern;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

/**
 * A tenant's canned replies, {@code /v1/canned-replies}: supervisors (and admins) write them, every key of the
 * tenant reads them; agents send one with {@code cannedReply} instead of {@code text}.
 */
final class CannedReplyRoutes extends AllDirectives {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    Route routes(Caller caller, EngineClient engine) {
        return pathPrefix("canned-replies", () -> concat(
                pathEnd(() -> get(() -> onSuccess(engine.<CannedReplies.State>askCannedReplies(CannedReplies.List::new),
                        state -> {
                            ObjectNode node = Json.MAPPER.createObjectNode();
                            ObjectNode replies = node.putObject("cannedReplies");
                            state.replies().forEach(replies::put);
                            return complete(HttpApi.response(StatusCodes.OK, Json.write(node)));
                        }))),
                path(segment(), name -> {
                    if (!NAME.matcher(name).matches()) {
                        throw new BadRequest("invalid_field", "A canned reply's name is 1 to 64 lowercase letters,"
                                + " digits, . _ or -, starting with a letter or digit");
                    }
                    return concat(
                            get(() -> onSuccess(engine.<Reply<String>>askCannedReplies(r -> new CannedReplies.Get(name, r)),
                                    reply -> complete(HttpApi.respond(reply, text -> render(name, text))))),
                            put(() -> writer(caller, () -> entity(Unmarshaller.entityToString(), body ->
                                    save(engine, name, Json.parse(body))))),
                            delete(() -> writer(caller, () -> onSuccess(engine.<Reply<String>>askCannedReplies(r ->
                                    new CannedReplies.Remove(name, r)), reply -> complete(HttpApi.respond(reply,
                                    removed -> "{\"name\":\"" + removed + "\",\"deleted\":true}"))))));
                })));
    }

    private Route writer(Caller caller, java.util.function.Supplier<Route> inner) {
        return caller.is(Role.ADMIN, Role.SUPERVISOR) ? inner.get()
                : complete(HttpApi.refusal(Refusal.forbidden("Supervisors write canned replies")));
    }

    private Route save(EngineClient engine, String name, JsonNode body) {
        String text = Requests.requiredString(body, "text", CannedReplies.MAX_TEXT);
        Set<String> unknown = CannedReplies.unknownPlaceholders(text);
        if (!unknown.isEmpty()) {
            throw new BadRequest("unknown_placeholder", "Not a placeholder: " + unknown + "; the placeholders are "
                    + new java.util.TreeSet<>(CannedReplies.PLACEHOLDERS));
        }
        return onSuccess(engine.<Reply<String>>askCannedReplies(r -> new CannedReplies.Put(name, text, r)),
                reply -> complete(HttpApi.respond(reply, saved -> render(name, saved))));
    }

    private static String render(String name, String text) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", name);
        node.put("text", text);
        return Json.write(node);
    }
}
