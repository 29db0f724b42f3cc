package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.acd.engine.Reply;
import io.acd.engine.agent.Agent;
import io.acd.engine.agent.AgentState;
import io.acd.engine.client.EngineClient;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.routing.Channel;
import io.acd.gateway.conversation.Conversations;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent desktop over WebSocket: the engine pushes offers and changes, the desktop answers with
 * accept, reject, complete and wrap_up. Messages are documented in docs/api.md.
 */
final class DesktopSocket extends AllDirectives {

    /** Pushes beyond this many unread frames drop the oldest; a desktop that slow is reloading anyway. */
    private static final int BUFFER = 256;
    /** An attach unanswered this long went to an entity that was dying; sharding has its successor by then. */
    private static final Duration ATTACH_ANSWER_WITHIN = Duration.ofSeconds(5);

    /** Names the sessions; system actors need unique names. */
    private static final AtomicLong sessions = new AtomicLong();
    private final Materializer materializer;

    DesktopSocket(Materializer materializer) {
        this.materializer = materializer;
    }

    /** @param engine the client of the agent's tenant */
    Route route(EngineClient engine, String agentId) {
        // Refuse an unknown agent before upgrading, so the desktop gets a plain 404 it can show.
        return onSuccess(engine.askAgent(agentId, Agent.Get::new), reply -> {
            if (reply instanceof Reply.NotFound<AgentState.Registered> notFound) {
                return complete(HttpApi.response(StatusCodes.NOT_FOUND, Json.error("not_found", notFound.message())));
            }
            return handleWebSocketMessages(flow(engine, agentId));
        });
    }

    private Flow<Message, Message, NotUsed> flow(EngineClient engine, String agentId) {
        Pair<ActorRef<Agent.DesktopEvent>, Source<Agent.DesktopEvent, NotUsed>> pushes = ActorSource
                .<Agent.DesktopEvent>actorRef(event -> false, event -> Optional.empty(), BUFFER,
                        OverflowStrategy.dropHead())
                .preMaterialize(materializer);
        ActorRef<Agent.DesktopEvent> desktop = pushes.first();
        // A typed system spawns only under its guardian or as a system actor, and the socket has no guardian.
        Adapter.toTyped(materializer.system()).systemActorOf(DesktopSession.create(desktop,
                session -> engine.tellAgent(agentId, new Agent.AttachDesktop(session)), ATTACH_ANSWER_WITHIN),
                "desktop-" + sessions.incrementAndGet(), Props.empty());

        Sink<Message, ?> commands = Flow.<Message>create()
                .mapAsync(1, message -> text(message))
                .to(Sink.foreach(text -> handle(engine, agentId, text, desktop)));
        Source<Message, NotUsed> frames = pushes.second()
                .mapAsync(1, event -> withTranscript(engine, event))
                .mapConcat(events -> events)
                .map(event -> TextMessage.create(Json.desktop(event)));
        return Flow.fromSinkAndSourceCoupled(commands, frames);
    }

    /**
     * An interaction the agent is now connected to (just accepted, or held when the desktop opened again) comes
     * with its transcript, so the desktop shows what the customer wrote while waiting. A call has none, and is
     * not asked: an accept of a call stays one ask, with no transcript entity started for it.
     */
    private static CompletionStage<List<Agent.DesktopEvent>> withTranscript(EngineClient engine,
                                                                          Agent.DesktopEvent event) {
        if (!(event instanceof Agent.InteractionConnected connected) || connected.channel() == Channel.VOICE) {
            return CompletableFuture.completedFuture(List.of(event));
        }
        return engine.<Transcript.Page>askTranscript(connected.interactionId(),
                        r -> new Transcript.Read(0, Transcript.MAX_MESSAGES, r))
                .<List<Agent.DesktopEvent>>thenApply(page -> List.of(event, new Agent.TranscriptPushed(
                        connected.interactionId(), page.messages(), page.total())))
                .exceptionally(failure -> List.of(event));
    }

    private CompletionStage<String> text(Message message) {
        if (message.isText()) {
            return message.asTextMessage().toStrict(5_000, materializer).thenApply(TextMessage::getStrictText);
        }
        message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer);
        return CompletableFuture.completedFuture("");
    }

    private void handle(EngineClient engine, String agentId, String text, ActorRef<Agent.DesktopEvent> desktop) {
        String type = null;
        String interactionId = null;
        try {
            JsonNode json = Json.parse(text);
            type = json.path("type").asText(null);
            interactionId = json.path("interactionId").asText(null);
            if (interactionId == null || !Requests.ID.matcher(interactionId).matches()) {
                throw new BadRequest("malformed_message", "interactionId is required");
            }
            CompletionStage<Reply<InteractionState.Existing>> reply = switch (type == null ? "" : type) {
                case "accept" -> engine.askInteraction(interactionId, r -> new Interaction.Accept(agentId, r));
                case "reject" -> engine.askInteraction(interactionId, r -> new Interaction.Reject(agentId, r));
                case "complete" -> engine.askInteraction(interactionId, r -> new Interaction.Complete(agentId, r));
                case "send_message" -> {
                    sendMessage(engine, agentId, interactionId, json, desktop);
                    yield null;
                }
                case "wrap_up" -> {
                    Requests.WrapUp w = Requests.wrapUp(agentId, json);
                    yield engine.askInteraction(interactionId,
                            r -> new Interaction.WrapUp(agentId, w.disposition(), w.notes(), r));
                }
                default -> throw new BadRequest("malformed_message",
                        "type must be one of accept, reject, complete, wrap_up, send_message");
            };
            if (reply == null) {
                return;
            }
            String action = type;
            String id = interactionId;
            reply.whenComplete((r, failure) -> desktop.tell(answer(action, id, r, failure)));
        } catch (BadRequest e) {
            String code = "malformed_json".equals(e.code()) ? "malformed_message" : e.code();
            desktop.tell(new Agent.DesktopError(type, interactionId, code, e.getMessage()));
        }
    }

    private static void sendMessage(EngineClient engine, String agentId, String interactionId, JsonNode json,
                                    ActorRef<Agent.DesktopEvent> desktop) {
        String canned = json.hasNonNull("cannedReply") ? Requests.requiredString(json, "cannedReply", 64) : null;
        String text = canned != null ? null : Requests.requiredString(json, "text", Transcript.MAX_TEXT);
        String clientId = json.hasNonNull("clientId") ? Requests.requiredString(json, "clientId", 200) : null;
        CompletionStage<Reply<String>> body = canned == null ? CompletableFuture.completedFuture(Reply.ok(text))
                : Conversations.canned(engine, interactionId, agentId, canned);
        body.thenCompose(rendered -> rendered instanceof Reply.Ok<String> ok
                        ? Conversations.add(engine, interactionId, Transcript.Direction.OUT, agentId, ok.value(), null)
                        : CompletableFuture.completedFuture(Reply.<Transcript.Message>notFound("No canned reply "
                        + canned)))
                .whenComplete((reply, failure) -> {
                    if (reply instanceof Reply.Ok<Transcript.Message> ok) {
                        desktop.tell(new Agent.MessageSent(interactionId, ok.value().messageId(), clientId));
                    } else if (reply instanceof Reply.Rejected<Transcript.Message> rejected) {
                        desktop.tell(new Agent.DesktopError("send_message", interactionId, rejected.code(),
                                rejected.message()));
                    } else {
                        desktop.tell(new Agent.DesktopError("send_message", interactionId,
                                failure == null ? "not_found" : "unavailable",
                                failure == null ? "No interaction " + interactionId
                                        : "The engine did not answer in time"));
                    }
                });
    }

    private static Agent.DesktopEvent answer(String action, String interactionId,
                                             Reply<InteractionState.Existing> reply, Throwable failure) {
        if (failure != null) {
            return new Agent.DesktopError(action, interactionId, "unavailable", "The engine did not answer in time");
        }
        if (reply instanceof Reply.Ok<InteractionState.Existing> ok) {
            return new Agent.DesktopAck(action, interactionId, ok.value().status());
        } else if (reply instanceof Reply.Rejected<InteractionState.Existing> rejected) {
            return new Agent.DesktopError(action, interactionId, rejected.code(), rejected.message());
        }
        return new Agent.DesktopError(action, interactionId, "not_found", "No interaction " + interactionId);
    }
}
