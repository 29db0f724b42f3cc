package io.acd.gateway.webchat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acd.engine.Reply;
import io.acd.engine.access.ApiKeys;
import io.acd.engine.client.EngineClient;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.routing.Channel;
import io.acd.gateway.channel.ChannelAdapter;
import io.acd.gateway.conversation.Conversations;
import io.acd.gateway.conversation.Sticky;
import io.acd.engine.customer.Customer;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

/**
 * The web chat: a page (and the widget script it is made of) where a customer starts a chat on one of the
 * configured queues, and the customer's socket behind it. The customer holds a session token, stored in the
 * page's session storage, whose hash the transcript keeps: a reloaded page opens the socket again with it and
 * gets the transcript back. The agent's side is the desktop socket.
 */
final class WebChat extends AllDirectives implements ChannelAdapter {

    private static final String WEB = "io/acd/gateway/webchat/web";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern VISITOR = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    /** Pushes beyond this many unread frames drop the oldest; the transcript comes back on reconnect. */
    private static final int BUFFER = 256;
    private static final AtomicLong sessions = new AtomicLong();
    /** A customer's web chats are one thread of theirs: a new chat goes to the agent of the last one first. */
    private static final String THREAD = "webchat";

    private final ActorSystem<?> system;
    private final EngineClient engine;
    private final WebChatSettings settings;
    private final AddressLimits limits;
    private final Materializer materializer;
    private final Sticky sticky;

    WebChat(ActorSystem<?> system, EngineClient engine, WebChatSettings settings) {
        this.system = system;
        this.engine = engine;
        this.settings = settings;
        this.limits = new AddressLimits(settings);
        this.materializer = Materializer.matFromSystem(system);
        this.sticky = Sticky.from(system.settings().config(), java.time.Clock.systemUTC());
    }

    @Override
    public Route routes() {
        return pathPrefix("chat", () -> concat(
                pathEnd(() -> redirect(org.apache.pekko.http.javadsl.model.Uri.create("/chat/"),
                        StatusCodes.PERMANENT_REDIRECT)),
                pathSingleSlash(() -> get(() -> getFromResource(WEB + "/index.html", ContentTypes.TEXT_HTML_UTF8))),
                pathPrefix("v1", () -> concat(
                        path("config", () -> get(this::config)),
                        path("sessions", () -> post(() -> clientAddress(address ->
                                entity(Unmarshaller.entityToString(), body -> start(address, body))))),
                        path(segment("sessions").slash(segment(ID)).slash("socket"), id -> get(() ->
                                clientAddress(address -> parameterOptional("token", token ->
                                        socket(address, id, token.orElse("")))))))),
                get(() -> getFromResourceDirectory(WEB))));
    }

    private Route clientAddress(java.util.function.Function<String, Route> inner) {
        return extractClientIP(ip -> inner.apply(ip.getAddress().map(java.net.InetAddress::getHostAddress)
                .orElse("unknown")));
    }

    private Route config() {
        ObjectNode node = ChatFrames.MAPPER.createObjectNode();
        node.put("title", settings.title());
        settings.queues().forEach(node.putArray("queues")::add);
        node.put("maxMessageLength", settings.maxMessageLength());
        return complete(json(StatusCodes.OK, ChatFrames.write(node)));
    }

    /** Starts a chat: the customer's token first, so that no interaction exists that its customer cannot reach. */
    private Route start(String address, String body) {
        JsonNode json = ChatFrames.parse(body);
        if (json == null || !json.isObject()) {
            return error(StatusCodes.BAD_REQUEST, "malformed_json", "The body must be a JSON object");
        }
        String queue = json.path("queue").asText(settings.queues().get(0));
        if (!settings.queues().contains(queue)) {
            return error(StatusCodes.BAD_REQUEST, "unknown_queue", "A chat starts on one of " + settings.queues());
        }
        String name = json.path("name").asText("").strip();
        String email = json.path("email").asText("").strip().toLowerCase(java.util.Locale.ROOT);
        String visitor = json.path("visitorId").asText("");
        String text = json.path("text").asText("").strip();
        if (name.length() > 100 || email.length() > 200 || (!email.isEmpty() && !email.contains("@"))) {
            return error(StatusCodes.BAD_REQUEST, "invalid_field", "name holds at most 100 characters, email is"
                    + " an address of at most 200");
        }
        if (!visitor.isEmpty() && !VISITOR.matcher(visitor).matches()) {
            return error(StatusCodes.BAD_REQUEST, "invalid_field", "visitorId is 8 to 64 letters, digits, _ or -");
        }
        if (text.length() > settings.maxMessageLength()) {
            return error(StatusCodes.BAD_REQUEST, "message_too_long", "A message holds at most "
                    + settings.maxMessageLength() + " characters");
        }
        long wait = limits.start(address);
        if (wait > 0) {
            return complete(json(StatusCodes.TOO_MANY_REQUESTS, ChatFrames.errorBody("rate_limited",
                    "Too many chats started from this address; try again later"))
                    .addHeader(RawHeader.create("Retry-After", Long.toString(wait))));
        }
        String interactionId = UUID.randomUUID().toString();
        String token = ApiKeys.random(32);
        // The engine knows the customer by what the page says of them: the e-mail address when given, else the
        // browser's own visitor id, so that their next chat is theirs too.
        String customerId = !email.isEmpty() ? "email:" + email
                : "visitor:" + (visitor.isEmpty() ? ApiKeys.random(12) : visitor);
        String who = (name.isEmpty() ? "A visitor" : name) + (email.isEmpty() ? "" : " <" + email + ">");
        CompletionStage<Reply<InteractionState.Existing>> started = engine
                .<Reply<Boolean>>askTranscript(interactionId, r -> new Transcript.SetCustomerToken(
                        ApiKeys.hash(token), r))
                .thenCompose(set -> sticky.wishes(engine, customerId))
                .thenCompose(wishes -> engine.askInteraction(interactionId, r -> new Interaction.Create(Channel.CHAT,
                        queue, settings.priority(), settings.skills(), customerId, "webchat", wishes, r)))
                .thenCompose(created -> !(created instanceof Reply.Ok<InteractionState.Existing> ok)
                        ? CompletableFuture.completedFuture(created)
                        : engine.<org.apache.pekko.Done>askCustomer(customerId, r -> new Customer.OpenThread(THREAD,
                                new Customer.Visit(interactionId, Channel.CHAT, queue, THREAD,
                                        ok.value().contact().queuedAt()), r)).thenApply(recorded -> created))
                .thenCompose(created -> name.isEmpty() || !(created instanceof Reply.Ok)
                        ? CompletableFuture.completedFuture(created)
                        : engine.<org.apache.pekko.Done>askCustomer(customerId, r -> new Customer.SetName(name, r))
                        .thenApply(named -> created))
                .thenCompose(created -> !(created instanceof Reply.Ok)
                        ? CompletableFuture.completedFuture(created)
                        : Conversations.add(engine, interactionId, Transcript.Direction.NOTE, null,
                                who + " started a chat on the web page", null)
                        .thenCompose(noted -> text.isEmpty() ? CompletableFuture.completedFuture(noted)
                                : Conversations.add(engine, interactionId, Transcript.Direction.IN, null, text,
                                ChatFrames.externalId("first")))
                        .thenApply(added -> created));
        return onComplete(started, result -> {
            if (result.isFailure() || !(result.get() instanceof Reply.Ok<InteractionState.Existing>)) {
                return error(StatusCodes.SERVICE_UNAVAILABLE, "unavailable", "The chat could not be started;"
                        + " try again");
            }
            ObjectNode node = ChatFrames.MAPPER.createObjectNode();
            node.put("sessionId", interactionId);
            node.put("token", token);
            node.put("queue", queue);
            return complete(json(StatusCodes.CREATED, ChatFrames.write(node)));
        });
    }

    private Route socket(String address, String interactionId, String token) {
        if (!ApiKeys.isWellFormed("acd_" + token)) {
            return error(StatusCodes.NOT_FOUND, "unknown_session", "No chat with this id and token");
        }
        String tokenHash = ApiKeys.hash(token);
        // Checked before the socket opens, so a stale page gets a plain 404 to start over on.
        return onSuccess(engine.<Boolean>askTranscript(interactionId,
                r -> new Transcript.CheckCustomerToken(tokenHash, r)), known -> {
            if (!known) {
                return error(StatusCodes.NOT_FOUND, "unknown_session", "No chat with this id and token");
            }
            return extractWebSocketUpgrade(upgrade -> {
                if (!limits.open(address)) {
                    return error(StatusCodes.TOO_MANY_REQUESTS, "too_many_sessions", "This address has "
                            + settings.sessionsPerAddress() + " chats open, the most it may");
                }
                return complete(upgrade.handleMessagesWith(flow(address, interactionId, tokenHash)));
            });
        });
    }

    private Flow<Message, Message, NotUsed> flow(String address, String interactionId, String tokenHash) {
        Pair<ActorRef<String>, Source<String, NotUsed>> frames = ActorSource
                .<String>actorRef(frame -> false, frame -> Optional.empty(), BUFFER, OverflowStrategy.dropHead())
                .preMaterialize(materializer);
        ActorRef<Object> session = system.systemActorOf(ChatSession.create(engine, interactionId, tokenHash,
                        frames.first(), settings, () -> limits.closed(address)),
                "webchat-" + sessions.incrementAndGet(), Props.empty());
        Sink<Message, ?> inbound = Flow.<Message>create()
                .mapAsync(1, this::text)
                .filter(text -> !text.isEmpty())
                .to(Sink.foreach(text -> session.tell(new ChatSession.Inbound(text))));
        return Flow.fromSinkAndSourceCoupled(inbound, frames.second().map(TextMessage::create));
    }

    private CompletionStage<String> text(Message message) {
        if (message.isText()) {
            return message.asTextMessage().toStrict(5_000, materializer).thenApply(TextMessage::getStrictText);
        }
        message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer);
        return CompletableFuture.completedFuture("");
    }

    private Route error(StatusCode status, String code, String message) {
        return complete(json(status, ChatFrames.errorBody(code, message)));
    }

    private static HttpResponse json(StatusCode status, String body) {
        return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
                body));
    }
}
