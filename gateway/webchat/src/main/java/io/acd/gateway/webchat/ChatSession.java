package io.acd.gateway.webchat;

import com.fasterxml.jackson.databind.JsonNode;
import io.acd.engine.Reply;
import io.acd.engine.agent.Agent;
import io.acd.engine.agent.AgentState;
import io.acd.engine.client.EngineClient;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.interaction.InteractionStatus;
import io.acd.gateway.auth.RateLimiter;
import io.acd.gateway.conversation.Conversations;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.util.HashSet;
import java.util.Set;

/**
 * One customer socket of a web chat: it follows the interaction (queued, the agent connected, the end) and its
 * transcript (each message as it is added or delivered) and turns both into the socket's frames; it turns the
 * customer's frames into messages, delivery receipts and leaving. Both entities keep their followers in memory,
 * so when either is started again elsewhere the session follows it again. A socket is one browser tab; a
 * reloaded page opens a new socket, and with it a new session that sends the transcript back.
 */
final class ChatSession extends AbstractBehavior<Object> {

    /** A text frame from the customer. */
    record Inbound(String text) {
    }

    private record MessageStored(String clientId, Reply<Transcript.Message> reply, Throwable failure) {
    }

    private record AgentNamed(String agentId, String name) {
    }

    private record Moved(String action, Reply<InteractionState.Existing> reply, Throwable failure) {
    }

    private final EngineClient engine;
    private final String interactionId;
    private final String tokenHash;
    private final ActorRef<String> socket;
    private final WebChatSettings settings;
    private final RateLimiter messages;
    private final Runnable onStop;
    /** Outbound messages this session marked sent, so a message is marked once however often it is pushed. */
    private final Set<String> markedSent = new HashSet<>();
    private ActorRef<Interaction.Command> interaction;
    private ActorRef<Transcript.Command> transcript;
    private InteractionState.Existing state;
    private String agentId;
    private String agentName;

    static Behavior<Object> create(EngineClient engine, String interactionId, String tokenHash,
                                   ActorRef<String> socket, WebChatSettings settings, Runnable onStop) {
        return Behaviors.setup(context -> new ChatSession(context, engine, interactionId, tokenHash, socket,
                settings, onStop));
    }

    private ChatSession(ActorContext<Object> context, EngineClient engine, String interactionId, String tokenHash,
                        ActorRef<String> socket, WebChatSettings settings, Runnable onStop) {
        super(context);
        this.engine = engine;
        this.interactionId = interactionId;
        this.tokenHash = tokenHash;
        this.socket = socket;
        this.settings = settings;
        this.messages = new RateLimiter(settings.messagesPerSecond(), settings.messagesBurst(), System::nanoTime);
        this.onStop = onStop;
        context.watch(socket);
        followInteraction();
        followTranscript();
    }

    private void followInteraction() {
        engine.tellInteraction(interactionId, new Interaction.Follow(getContext().getSelf().narrow()));
    }

    private void followTranscript() {
        engine.tellTranscript(interactionId, new Transcript.Follow(tokenHash, getContext().getSelf().narrow()));
    }

    @Override
    public Receive<Object> createReceive() {
        return newReceiveBuilder()
                .onMessage(Interaction.Followed.class, this::onInteractionFollowed)
                .onMessage(Interaction.Changed.class, changed -> onState(changed.state()))
                .onMessage(Transcript.Followed.class, this::onTranscriptFollowed)
                .onMessage(Transcript.MessageChanged.class, changed -> onMessage(changed.message()))
                .onMessage(Inbound.class, this::onInbound)
                .onMessage(MessageStored.class, this::onStored)
                .onMessage(AgentNamed.class, this::onAgentNamed)
                .onMessage(Moved.class, this::onMoved)
                .onSignal(Terminated.class, this::onTerminated)
                .onSignal(PostStop.class, stop -> {
                    onStop.run();
                    return this;
                })
                .build();
    }

    private Behavior<Object> onInteractionFollowed(Interaction.Followed followed) {
        if (followed.state() == null) {
            socket.tell(ChatFrames.error("unknown_session", "No such chat"));
            return Behaviors.stopped();
        }
        watch(interaction, followed.interaction());
        interaction = followed.interaction();
        return onState(followed.state());
    }

    private Behavior<Object> onTranscriptFollowed(Transcript.Followed followed) {
        if (followed.page() == null) {
            socket.tell(ChatFrames.error("unknown_session", "This chat belongs to another session"));
            return Behaviors.stopped();
        }
        watch(transcript, followed.transcript());
        transcript = followed.transcript();
        socket.tell(ChatFrames.transcript(followed.page().messages()));
        followed.page().messages().forEach(this::markSent);
        return this;
    }

    private void watch(ActorRef<?> old, ActorRef<?> now) {
        if (!now.equals(old)) {
            if (old != null) {
                getContext().unwatch(old);
            }
            getContext().watch(now);
        }
    }

    private Behavior<Object> onState(InteractionState.Existing now) {
        state = now;
        if (now.status() == InteractionStatus.CONNECTED && !now.agentId().equals(agentId)) {
            agentId = now.agentId();
            agentName = null;
            String asked = agentId;
            getContext().pipeToSelf(engine.askAgent(asked, Agent.Get::new), (reply, failure) ->
                    new AgentNamed(asked, reply instanceof Reply.Ok<AgentState.Registered> ok
                            ? ok.value().profile().name() : asked));
            return this;
        }
        socket.tell(ChatFrames.state(now, agentName));
        return this;
    }

    private Behavior<Object> onAgentNamed(AgentNamed named) {
        if (named.agentId().equals(agentId)) {
            agentName = named.name();
            socket.tell(ChatFrames.state(state, agentName));
        }
        return this;
    }

    private Behavior<Object> onMessage(Transcript.Message message) {
        if (ChatFrames.shown(message)) {
            socket.tell(ChatFrames.message(message));
            markSent(message);
        }
        return this;
    }

    /** An outbound message is sent once it is on its way to the customer's browser; the browser's receipt delivers it. */
    private void markSent(Transcript.Message message) {
        if (message.delivery() == Transcript.Delivery.QUEUED && markedSent.add(message.messageId())) {
            engine.tellTranscript(interactionId, new Transcript.UpdateDelivery(message.messageId(),
                    Transcript.Delivery.SENT, getContext().getSystem().ignoreRef()));
        }
    }

    private Behavior<Object> onInbound(Inbound inbound) {
        JsonNode frame = ChatFrames.parse(inbound.text());
        String type = frame == null ? "" : frame.path("type").asText("");
        switch (type) {
            case "ping" -> socket.tell(ChatFrames.pong());
            case "message" -> send(frame);
            case "received" -> received(frame.path("messageId").asText(""));
            case "leave" -> leave();
            default -> socket.tell(ChatFrames.error("malformed_message",
                    "A frame is JSON with type message, received, leave or ping"));
        }
        return this;
    }

    private void send(JsonNode frame) {
        String text = frame.path("text").asText("").strip();
        String clientId = frame.path("clientId").asText(null);
        if (text.isEmpty()) {
            socket.tell(ChatFrames.error("invalid_field", "A message needs text"));
        } else if (text.length() > settings.maxMessageLength()) {
            socket.tell(ChatFrames.error("message_too_long", "A message holds at most "
                    + settings.maxMessageLength() + " characters; this one has " + text.length()));
        } else if (clientId != null && (clientId.length() > 64 || clientId.isBlank())) {
            socket.tell(ChatFrames.error("invalid_field", "clientId holds 1 to 64 characters"));
        } else if (messages.take("customer") > 0) {
            socket.tell(ChatFrames.error("rate_limited", "Too many messages at once; wait a moment"));
        } else {
            // The page's own id of the message makes its retry after a reconnect store one message.
            String externalId = ChatFrames.externalId(clientId);
            getContext().pipeToSelf(Conversations.add(engine, interactionId, Transcript.Direction.IN, null, text,
                    externalId), (reply, failure) -> new MessageStored(clientId, reply, failure));
        }
    }

    private Behavior<Object> onStored(MessageStored stored) {
        if (stored.reply() instanceof Reply.Ok<Transcript.Message> ok) {
            // The transcript pushes it too, unless it was stored before (a retry): either way the page has it.
            socket.tell(ChatFrames.message(ok.value()));
        } else if (stored.reply() instanceof Reply.Rejected<Transcript.Message> rejected) {
            socket.tell(ChatFrames.error(rejected.code(), rejected.message()));
        } else {
            socket.tell(ChatFrames.error("unavailable", "The message was not stored; send it again"));
        }
        return this;
    }

    private void received(String messageId) {
        if (!messageId.isEmpty() && messageId.length() <= 64) {
            engine.tellTranscript(interactionId, new Transcript.UpdateDelivery(messageId,
                    Transcript.Delivery.DELIVERED, getContext().getSystem().ignoreRef()));
        }
    }

    /** The customer ends the chat: before an agent took it, it is abandoned; once talking, it is complete. */
    private void leave() {
        if (state == null) {
            return;
        }
        if (state.status() == InteractionStatus.CONNECTED) {
            String holder = state.agentId();
            getContext().pipeToSelf(engine.askInteraction(interactionId, r -> new Interaction.Complete(holder, r)),
                    (reply, failure) -> new Moved("leave", reply, failure));
        } else if (state.status() == InteractionStatus.QUEUED || state.status() == InteractionStatus.OFFERED) {
            getContext().pipeToSelf(engine.askInteraction(interactionId, Interaction.Abandon::new),
                    (reply, failure) -> new Moved("leave", reply, failure));
        }
    }

    private Behavior<Object> onMoved(Moved moved) {
        if (moved.failure() != null) {
            socket.tell(ChatFrames.error("unavailable", "The chat could not be ended; try again"));
        }
        // Success shows as the interaction's next state, which the session follows.
        return this;
    }

    private Behavior<Object> onTerminated(Terminated terminated) {
        if (terminated.getRef().equals(socket)) {
            return Behaviors.stopped();
        }
        boolean over = state != null && !CUSTOMER_SIDE_OPEN.contains(state.status());
        if (terminated.getRef().equals(interaction)) {
            interaction = null;
            if (!over) {
                followInteraction();
            }
        } else if (terminated.getRef().equals(transcript)) {
            transcript = null;
            if (!over) {
                followTranscript();
            }
        }
        return this;
    }

    private static final Set<InteractionStatus> CUSTOMER_SIDE_OPEN = Set.of(InteractionStatus.QUEUED,
            InteractionStatus.OFFERED, InteractionStatus.CONNECTED);
}
