package io.acd.loadtest.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.acd.loadtest.sim.engine.DesktopFrames;
import io.acd.loadtest.sim.engine.EngineApi;

import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * A simulated agent that outlives the nodes it talks to. Offers arrive on its desktop socket; it answers over
 * REST, which any node serves, so a move is retried on another node when one dies. A socket that closes is
 * opened again on the next node; on connect the engine pushes the agent's state and pending offers again.
 * Like a desktop refreshing its view, the agent also reads its own record now and then and carries on with
 * any work the record shows and it has lost track of (an answer lost with its node); each such repair is
 * counted, so that pushes the engine failed to send show in the report.
 */
final class ChaosAgent implements WebSocket.Listener {

    /** Where a held interaction stands as the agent sees it. */
    private enum Step { ACCEPTING, TALKING, COMPLETING, WRAPPING_UP }

    private final String agentId;
    private final EngineApi api;
    private final Ledger ledger;
    private final Counters counters;
    private final ScheduledExecutorService timers;
    private final DoubleSupplier handleSeconds;
    private final DoubleSupplier wrapUpSeconds;
    private final Map<String, Step> held = new ConcurrentHashMap<>();
    private final DesktopFrames frames;
    private volatile int node;
    private volatile boolean stopped;
    private volatile WebSocket socket;

    ChaosAgent(String agentId, int node, EngineApi api, Ledger ledger, Counters counters,
               ScheduledExecutorService timers, DoubleSupplier handleSeconds, DoubleSupplier wrapUpSeconds) {
        this.agentId = agentId;
        this.node = node;
        this.api = api;
        this.ledger = ledger;
        this.counters = counters;
        this.frames = new DesktopFrames(this::push,
                (text, e) -> counters.error("desktop " + agentId + " could not handle " + text + ": " + e));
        this.timers = timers;
        this.handleSeconds = handleSeconds;
        this.wrapUpSeconds = wrapUpSeconds;
    }

    String id() {
        return agentId;
    }

    /** Registers the profile (one voice contact at a time), opens the desktop and goes available. */
    CompletableFuture<Void> start() {
        String profile = "{\"name\":\"Chaos " + agentId + "\",\"skills\":{},\"capacity\":{\"voice\":1}}";
        return api.call("PUT", "/v1/agents/" + agentId, profile, null)
                .thenCompose(reply -> {
                    if (!reply.ok()) {
                        throw new IllegalStateException("Cannot register " + agentId + ": " + reply.status() + " "
                                + reply.body());
                    }
                    return api.desktop(agentId, this, node);
                })
                .thenCompose(ws -> {
                    socket = ws;
                    return api.call("POST", "/v1/agents/" + agentId + "/state", "{\"state\":\"available\"}", null);
                })
                .thenAccept(reply -> {
                    if (!reply.ok()) {
                        throw new IllegalStateException("Cannot make " + agentId + " available: " + reply.body());
                    }
                    scheduleRefresh();
                });
    }

    /** Stops taking work: not ready, so that the drain ends; what the agent holds it still finishes. */
    CompletableFuture<?> stopTaking() {
        return api.call("POST", "/v1/agents/" + agentId + "/state",
                "{\"state\":\"not_ready\",\"reason\":\"end_of_run\"}", null);
    }

    boolean idle() {
        return held.isEmpty();
    }

    void stop() {
        stopped = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    // ---- the desktop ---------------------------------------------------------------------------------------

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        return frames.onText(ws, data, last);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        reconnect();
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        reconnect();
    }

    /** The node went away (or never answered): the next one, after a pause that keeps a dead node cheap. */
    private void reconnect() {
        if (stopped) {
            return;
        }
        socket = null;
        node++;
        counters.reconnects.incrementAndGet();
        timers.schedule(() -> api.desktop(agentId, this, node).whenComplete((ws, e) -> {
            if (e != null) {
                reconnect();
            } else {
                socket = ws;
            }
        }), 500, TimeUnit.MILLISECONDS);
    }

    private void push(JsonNode message) {
        String id = message.path("interactionId").asText();
        switch (message.path("type").asText()) {
            case "offer" -> {
                ledger.offered(id);
                accept(id);
            }
            case "agent_state" -> {
                if ("not_ready".equals(message.path("state").asText())
                        && "missed_offer".equals(message.path("reason").asText()) && !stopped) {
                    counters.missedOffers.incrementAndGet();
                    available();
                }
            }
            case "interaction_ended" -> {
                if ("abandoned".equals(message.path("status").asText())) {
                    held.remove(id);
                }
            }
            case "offer_rescinded" -> held.remove(id, Step.ACCEPTING);
            default -> {
            }
        }
    }

    // ---- the work ------------------------------------------------------------------------------------------

    private void accept(String id) {
        if (held.putIfAbsent(id, Step.ACCEPTING) != null) {
            return;
        }
        move(id, "accept", "{\"agentId\":\"" + agentId + "\"}", "connected").thenAccept(connected -> {
            if (connected) {
                ledger.connected(id);
                held.put(id, Step.TALKING);
                timers.schedule(() -> complete(id), millis(handleSeconds), TimeUnit.MILLISECONDS);
            } else {
                held.remove(id);
            }
        });
    }

    private void complete(String id) {
        held.put(id, Step.COMPLETING);
        move(id, "complete", "{\"agentId\":\"" + agentId + "\"}", "wrap_up").thenAccept(wrapping -> {
            if (wrapping) {
                held.put(id, Step.WRAPPING_UP);
                timers.schedule(() -> wrapUp(id), millis(wrapUpSeconds), TimeUnit.MILLISECONDS);
            } else {
                held.remove(id);
            }
        });
    }

    private void wrapUp(String id) {
        move(id, "wrap-up", "{\"agentId\":\"" + agentId + "\",\"disposition\":\"chaos\"}", "completed")
                .thenAccept(done -> {
                    held.remove(id);
                    if (done) {
                        ledger.completed(id);
                    }
                });
    }

    /**
     * One move, over any node. A 409 after a retry may mean the first attempt took effect before its node died:
     * the interaction then already stands where the move leads, which a read tells. Whether it stands there.
     */
    private CompletableFuture<Boolean> move(String id, String action, String body, String leadsTo) {
        return api.callRepeatable("POST", "/v1/interactions/" + id + "/" + action, body)
                .thenCompose(reply -> {
                    if (reply.ok()) {
                        return CompletableFuture.completedFuture(true);
                    }
                    if (reply.status() != 409) {
                        counters.error(action + " of " + id + " by " + agentId + ": " + reply.status() + " " + reply.body());
                        return CompletableFuture.completedFuture(false);
                    }
                    return api.call("GET", "/v1/interactions/" + id, null, null).thenApply(now -> now.ok()
                            && leadsTo.equals(now.body().path("status").asText())
                            && agentId.equals(now.body().path("agentId").asText()));
                })
                .exceptionally(failure -> {
                    counters.error(action + " of " + id + " by " + agentId + " failed: " + failure);
                    return false;
                });
    }

    private void available() {
        api.callRepeatable("POST", "/v1/agents/" + agentId + "/state", "{\"state\":\"available\"}");
    }

    // ---- the refresh ---------------------------------------------------------------------------------------

    private void scheduleRefresh() {
        if (!stopped) {
            timers.schedule(this::refresh, 10 + (long) (Math.random() * 10), TimeUnit.SECONDS);
        }
    }

    /** Reads the agent's record and resumes what it holds that this agent lost track of. */
    private void refresh() {
        api.call("GET", "/v1/agents/" + agentId, null, null).whenComplete((reply, failure) -> {
            try {
                if (failure == null && reply.ok()) {
                    for (JsonNode h : reply.body().path("interactions")) {
                        resume(h.path("interactionId").asText(), h.path("phase").asText());
                    }
                }
            } finally {
                scheduleRefresh();
            }
        });
    }

    private void resume(String id, String phase) {
        if (held.containsKey(id)) {
            return;
        }
        switch (phase) {
            case "offered" -> {
                counters.repairs.incrementAndGet();
                accept(id);
            }
            case "connected" -> {
                counters.repairs.incrementAndGet();
                ledger.connected(id);
                complete(id);
            }
            case "wrap_up" -> {
                counters.repairs.incrementAndGet();
                held.put(id, Step.WRAPPING_UP);
                wrapUp(id);
            }
            default -> {
            }
        }
    }

    private static long millis(DoubleSupplier seconds) {
        return Math.max(0, Math.round(seconds.getAsDouble() * 1000));
    }
}
