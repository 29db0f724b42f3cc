package io.acd.loadtest.sim.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acd.loadtest.scenario.AgentGroupSpec;
import io.acd.loadtest.scenario.Distribution;
import io.acd.loadtest.scenario.QueueSpec;

import java.net.http.WebSocket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** A simulated agent: its profile, its shifts and its desktop. */
final class SimulatedAgent implements WebSocket.Listener {

    /** What a desktop tells the simulation, and what it asks of it. */
    interface Floor {
        QueueSpec queue(String name);

        void offered(String interactionId, long nanos);

        void connected(String interactionId);

        void completed(String interactionId);

        /** The customer hung up as the agent accepted. */
        void raced();

        void error(String message);

        /** Runs the task this many scenario seconds from now. */
        void after(double scenarioSeconds, Runnable task);

        double sample(Distribution distribution);
    }


    final String agentId;
    final AgentGroupSpec group;
    /** The admin's until the agent has a key of its own, then the agent's: it acts as itself only. */
    private volatile EngineApi api;
    private final Floor floor;
    /** The run's chat conversations: this desktop tells it what its customers wrote and answers them. */
    private final ChatTalk chat;
    private final DesktopFrames frames;
    private final Map<String, QueueSpec> holding = new ConcurrentHashMap<>();
    private final Set<String> chats = ConcurrentHashMap.newKeySet();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private volatile WebSocket socket;
    private volatile boolean onShift;
    /** Sends go one after another: the JDK's WebSocket refuses a send while another is outstanding. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    SimulatedAgent(String agentId, AgentGroupSpec group, ChatTalk chat, EngineApi api, Floor floor) {
        this.chat = chat;
        this.agentId = agentId;
        this.group = group;
        this.api = api;
        this.floor = floor;
        this.frames = new DesktopFrames(this::handle,
                (text, e) -> floor.error("desktop " + agentId + " could not handle " + text + ": " + e));
    }

    CompletableFuture<?> register() {
        ObjectNode profile = EngineApi.JSON.createObjectNode();
        profile.put("name", group.name() + " " + agentId.substring(agentId.lastIndexOf('-') + 1));
        ObjectNode skills = profile.putObject("skills");
        group.skills().forEach(skills::put);
        ObjectNode capacity = profile.putObject("capacity");
        group.capacity().forEach((channel, n) -> capacity.put(channel.wireName(), n));
        return api.call("PUT", "/v1/agents/" + agentId, profile.toString(), null)
                .thenCompose(reply -> {
                    if (!reply.ok()) {
                        throw new IllegalStateException("Cannot register " + agentId + ": " + reply.status()
                                + " " + reply.body());
                    }
                    return api.call("POST", "/v1/keys", "{\"role\":\"agent\",\"agentId\":\"" + agentId
                            + "\",\"name\":\"simulator\"}", null);
                })
                .thenCompose(reply -> {
                    if (reply.status() != 201) {
                        throw new IllegalStateException("Cannot create the key of " + agentId + ": " + reply.status()
                                + " " + reply.body());
                    }
                    api = api.withKey(reply.body().path("key").asText());
                    return api.desktop(agentId, this);
                })
                .thenAccept(ws -> socket = ws);
    }

    void shiftStarts() {
        onShift = true;
        state("{\"state\":\"available\"}");
    }

    void shiftEnds() {
        onShift = false;
        state("{\"state\":\"not_ready\",\"reason\":\"end_of_shift\"}");
    }

    CompletableFuture<?> logOut() {
        onShift = false;
        return api.call("POST", "/v1/agents/" + agentId + "/state", "{\"state\":\"logged_out\"}", null)
                .whenComplete((reply, failure) -> {
                    WebSocket ws = socket;
                    if (ws != null) {
                        ws.sendClose(WebSocket.NORMAL_CLOSURE, "simulation over");
                    }
                });
    }

    private void state(String body) {
        api.call("POST", "/v1/agents/" + agentId + "/state", body, null).whenComplete((reply, failure) -> {
            if (failure != null || (!reply.ok() && reply.status() != 409)) {
                floor.error("state change of " + agentId + " failed: "
                        + (failure != null ? failure : reply.body()));
            }
        });
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        return frames.onText(ws, data, last);
    }

    private void handle(JsonNode message) {
        String id = message.path("interactionId").asText();
        switch (message.path("type").asText()) {
            case "offer" -> {
                floor.offered(id, System.nanoTime());
                QueueSpec queue = floor.queue(message.path("queue").asText());
                if (queue == null) {
                    floor.error("offer from a queue the scenario does not have: " + message);
                    send("{\"type\":\"reject\",\"interactionId\":\"" + id + "\"}");
                    return;
                }
                holding.put(id, queue);
                if ("chat".equals(message.path("channel").asText())) {
                    chats.add(id);
                }
                send("{\"type\":\"accept\",\"interactionId\":\"" + id + "\"}");
            }
            case "message" -> {
                if ("in".equals(message.path("direction").asText())
                        && chat.received(message.path("text").asText(), System.nanoTime())) {
                    send("{\"type\":\"send_message\",\"interactionId\":\"" + id + "\",\"text\":\"Thank you, "
                            + "let me check.\"}");
                }
            }
            case "ack" -> {
                if ("send_message".equals(message.path("action").asText())) {
                    chat.replied(true);
                    return;
                }
                QueueSpec queue = holding.get(id);
                switch (message.path("status").asText()) {
                    case "connected" -> {
                        if (queue != null && accepted.add(id)) {
                            floor.connected(id);
                            if (chats.contains(id)) {
                                chat.connected(id, queue);
                            }
                            floor.after(floor.sample(queue.handleTime()), () ->
                                    send("{\"type\":\"complete\",\"interactionId\":\"" + id + "\"}"));
                        }
                    }
                    case "wrap_up" -> {
                        if (queue != null) {
                            floor.after(floor.sample(queue.wrapUp()), () -> send(
                                    "{\"type\":\"wrap_up\",\"interactionId\":\"" + id
                                            + "\",\"disposition\":\"simulated\"}"));
                        }
                    }
                    case "completed" -> {
                        chats.remove(id);
                        if (holding.remove(id) != null) {
                            accepted.remove(id);
                            floor.completed(id);
                        }
                    }
                    default -> {
                    }
                }
            }
            case "interaction_ended" -> {
                if (!"completed".equals(message.path("status").asText())) {
                    holding.remove(id);
                }
            }
            case "offer_rescinded" -> {
                holding.remove(id);
                // A missed offer makes the agent not ready; the simulated agent comes back as a real one would.
                if ("missed_offer".equals(message.path("reason").asText()) && onShift) {
                    floor.error("offer to " + agentId + " timed out before the accept arrived");
                    state("{\"state\":\"available\"}");
                }
            }
            case "error" -> {
                if ("send_message".equals(message.path("action").asText())
                        && "not_your_interaction".equals(message.path("error").asText())) {
                    // The chat ended (the agent completed it) while the reply was on its way.
                    chat.replied(false);
                } else if ("accept".equals(message.path("action").asText())
                        && "invalid_transition".equals(message.path("error").asText())) {
                    // The customer hung up as the agent accepted.
                    holding.remove(id);
                    floor.raced();
                } else {
                    floor.error("desktop " + agentId + " got " + message);
                }
            }
            default -> {
            }
        }
    }

    private void send(String json) {
        synchronized (this) {
            sending = sending.handle((x, e) -> null).thenCompose(x -> socket.sendText(json, true))
                    .whenComplete((x, e) -> {
                        if (e != null) {
                            floor.error("desktop " + agentId + " could not send: " + e);
                        }
                    });
        }
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        floor.error("desktop " + agentId + " failed: " + error);
    }
}
