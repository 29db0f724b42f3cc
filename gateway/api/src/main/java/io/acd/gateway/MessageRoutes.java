package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acd.engine.Reply;
import io.acd.engine.access.Role;
import io.acd.engine.client.EngineClient;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.conversation.Transcript.Direction;
import io.acd.engine.conversation.Transcript.Message;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.gateway.auth.Caller;
import io.acd.gateway.auth.Refusal;
import io.acd.gateway.conversation.Conversations;
import io.acd.gateway.channel.Attachments;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

/**
 * An interaction's transcript over REST, {@code /v1/interactions/{id}/messages}: the customer's messages as a
 * gateway posts them, the agent's replies, notes; read oldest first, in pages. Who may post what follows the
 * interaction as it is now: the customer while it is not yet over, the agent only while connected to it.
 */
final class MessageRoutes extends AllDirectives {

    private static final int MAX_PAGE = 500;

    private final Attachments attachments;

    MessageRoutes(Attachments attachments) {
        this.attachments = attachments;
    }

    Route routes(Caller caller, EngineClient engine, String interactionId) {
        return concat(path(segment("attachments").slash(segment()), sha -> get(() ->
                attachment(caller, engine, interactionId, sha))), path("messages", () -> concat(
                post(() -> entity(Unmarshaller.entityToString(), text -> post(caller, engine, interactionId,
                        Json.parse(text)))),
                get(() -> parameterOptional("skip", skip -> parameterOptional("limit", limit ->
                        read(caller, engine, interactionId, number(skip.orElse("0"), "skip", Integer.MAX_VALUE),
                                number(limit.orElse("100"), "limit", MAX_PAGE))))))));
    }

    private Route post(Caller caller, EngineClient engine, String interactionId, JsonNode body) {
        Direction direction = direction(Requests.requiredString(body, "direction", 10));
        String canned = body.hasNonNull("cannedReply") ? Requests.requiredString(body, "cannedReply", 64) : null;
        if (canned != null && direction != Direction.OUT) {
            throw new BadRequest("invalid_field", "A canned reply is an agent's: direction out");
        }
        String text = canned != null ? null : Requests.requiredString(body, "text", Transcript.MAX_TEXT);
        String externalId = body.hasNonNull("externalId") ? Requests.requiredString(body, "externalId", 200) : null;
        String agentId = body.hasNonNull("agentId") ? Requests.requiredString(body, "agentId", 128) : null;
        boolean allowed = switch (direction) {
            case IN -> caller.is(Role.ADMIN, Role.GATEWAY);
            case OUT -> caller.is(Role.ADMIN) || (caller.role() == Role.AGENT && caller.agentId().equals(agentId));
            case NOTE -> caller.is(Role.ADMIN, Role.SUPERVISOR);
        };
        if (!allowed) {
            return complete(HttpApi.refusal(Refusal.forbidden(switch (direction) {
                case IN -> "Gateways post the customer's messages";
                case OUT -> "An agent key posts its own agent's replies only";
                case NOTE -> "Supervisors post notes";
            })));
        }
        if (direction == Direction.OUT && agentId == null) {
            throw new BadRequest("invalid_field", "An outbound message needs the agentId of the agent who sends it");
        }
        CompletionStage<Reply<Message>> added = canned == null
                ? Conversations.add(engine, interactionId, direction, agentId, text, externalId)
                : Conversations.canned(engine, interactionId, agentId, canned).thenCompose(rendered ->
                rendered instanceof Reply.Ok<String> ok
                        ? Conversations.add(engine, interactionId, direction, agentId, ok.value(), externalId)
                        : CompletableFuture.completedFuture(rendered instanceof Reply.NotFound<String> missing
                        ? Reply.<Message>notFound(missing.message()) : Reply.<Message>notFound("No canned reply")));
        return onSuccess(added, reply -> complete(HttpApi.respond(reply, message -> Json.write(message(message)))));
    }

    /** Who reads a transcript reads its attachments: the same checks, then the file if a message names it. */
    private Route attachment(Caller caller, EngineClient engine, String interactionId, String sha) {
        return readable(caller, engine, interactionId, () -> onSuccess(engine.<Transcript.Page>askTranscript(
                interactionId, r -> new Transcript.Read(0, Transcript.MAX_MESSAGES, r)), page -> {
            Optional<Transcript.Attachment> named = page.messages().stream()
                    .filter(m -> m.content() != null && m.content().attachments() != null)
                    .flatMap(m -> m.content().attachments().stream()).filter(a -> a.sha256().equals(sha)).findFirst();
            Optional<java.nio.file.Path> file = named.flatMap(a -> attachments.find(sha));
            if (file.isEmpty()) {
                return complete(HttpApi.response(StatusCodes.NOT_FOUND, Json.error("not_found",
                        "No attachment " + sha + " on interaction " + interactionId)));
            }
            ContentType type = contentType(named.get().contentType());
            return respondWithHeader(ContentDisposition.create(ContentDispositionTypes.ATTACHMENT,
                    Map.of("filename", named.get().name())), () -> getFromFile(file.get().toFile(), type));
        }));
    }

    private static ContentType contentType(String name) {
        try {
            return ContentTypes.parse(name);
        } catch (RuntimeException e) {
            return ContentTypes.APPLICATION_OCTET_STREAM; // an unparsable content type is served as bytes
        }
    }

    private Route readable(Caller caller, EngineClient engine, String interactionId,
                           java.util.function.Supplier<Route> inner) {
        if (!caller.is(Role.ADMIN, Role.SUPERVISOR, Role.GATEWAY, Role.AGENT)) {
            return complete(HttpApi.refusal(Refusal.forbidden("This key does not read transcripts")));
        }
        return onSuccess(engine.askInteraction(interactionId, Interaction.Get::new), reply -> {
            if (!(reply instanceof Reply.Ok<InteractionState.Existing> ok)) {
                return complete(HttpApi.respond(reply, state -> ""));
            }
            if (caller.role() == Role.AGENT && !caller.agentId().equals(ok.value().agentId())) {
                return complete(HttpApi.refusal(Refusal.forbidden("An agent key reads the transcripts of the"
                        + " interactions its agent holds only")));
            }
            return inner.get();
        });
    }

    private Route read(Caller caller, EngineClient engine, String interactionId, int skip, int limit) {
        return readable(caller, engine, interactionId, () -> onSuccess(engine.<Transcript.Page>askTranscript(
                interactionId, r -> new Transcript.Read(skip, limit, r)), page -> {
            ObjectNode node = Json.MAPPER.createObjectNode();
            ArrayNode messages = node.putArray("messages");
            page.messages().forEach(message -> messages.add(message(message)));
            node.put("total", page.total());
            return complete(HttpApi.response(StatusCodes.OK, Json.write(node)));
        }));
    }

    static ObjectNode message(Message message) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("messageId", message.messageId());
        node.put("direction", message.direction().wireName());
        node.put("author", message.author());
        node.put("text", message.text());
        node.put("externalId", message.externalId());
        Json.time(node, "sentAt", message.sentAt());
        node.put("status", message.delivery() == null ? null : message.delivery().wireName());
        Transcript.Content content = message.content();
        if (content != null) {
            node.put("subject", content.subject());
            node.put("html", content.html());
            ArrayNode files = node.putArray("attachments");
            for (Transcript.Attachment a : content.attachments() == null ? List.<Transcript.Attachment>of()
                    : content.attachments()) {
                files.addObject().put("name", a.name()).put("contentType", a.contentType()).put("size", a.size())
                        .put("sha256", a.sha256());
            }
        }
        return node;
    }

    private static Direction direction(String name) {
        return Arrays.stream(Direction.values()).filter(d -> d.wireName().equals(name)).findFirst()
                .orElseThrow(() -> new BadRequest("invalid_field", "direction must be one of in, out, note"));
    }

    private static int number(String text, String field, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequest("invalid_field", field + " must be 0 to " + max);
    }
}
