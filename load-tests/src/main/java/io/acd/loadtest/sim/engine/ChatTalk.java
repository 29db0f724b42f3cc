package io.acd.loadtest.sim.engine;

import io.acd.loadtest.scenario.QueueSpec;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Chat conversations in engine mode: once an agent takes a chat, its customer writes a few messages over the
 * handle time (posted as a gateway would), and the agent answers each from the desktop. It measures what a chat
 * user feels: how long a customer's message takes to reach the agent's desktop.
 */
public final class ChatTalk {

    /** Customer messages carry this, then their number: the agent's desktop finds the send time by it. */
    static final String TOKEN = "sim-message-";

    /**
     * @param sent     customer messages the engine stored
     * @param received customer messages the agent's desktop got (each counted once)
     * @param replies  agent replies the engine stored
     * @param late     customer messages refused because the chat had ended meanwhile
     * @param lateReplies agent replies refused because the agent had completed the chat meanwhile
     * @param latency  customer send → desktop receive, microseconds
     */
    public record Figures(long sent, long received, long replies, long late, long lateReplies, Histogram latency) {

        public double latencyMillis(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final EngineApi customer;
    private final int messagesEach;
    private final BiConsumer<Double, Runnable> after;
    private final Consumer<String> error;
    private final AtomicLong numbers = new AtomicLong();
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong lateReplies = new AtomicLong();
    private final Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);

    /**
     * @param customer     the API as the channel's gateway uses it
     * @param messagesEach how many messages a customer writes in each chat (0: none)
     * @param after        runs a task this many scenario seconds from now
     */
    ChatTalk(EngineApi customer, int messagesEach, BiConsumer<Double, Runnable> after, Consumer<String> error) {
        this.customer = customer;
        this.messagesEach = messagesEach;
        this.after = after;
        this.error = error;
    }

    boolean on() {
        return messagesEach > 0;
    }

    /** An agent took a chat: its customer writes, spread evenly over the queue's mean handle time. */
    void connected(String interactionId, QueueSpec queue) {
        if (!on()) {
            return;
        }
        double gap = queue.handleTime().mean() / (messagesEach + 1);
        for (int i = 1; i <= messagesEach; i++) {
            after.accept(gap * i, () -> write(interactionId));
        }
    }

    private void write(String interactionId) {
        String token = TOKEN + numbers.incrementAndGet();
        sentAt.put(token, System.nanoTime());
        customer.call("POST", "/v1/interactions/" + interactionId + "/messages", "{\"direction\":\"in\",\"text\":\""
                + token + "\",\"externalId\":\"" + token + "\"}", null).whenComplete((reply, failure) -> {
            if (failure == null && reply.status() == 201) {
                sent.incrementAndGet();
            } else if (failure == null && reply.status() == 409) {
                sentAt.remove(token);
                late.incrementAndGet();
            } else {
                sentAt.remove(token);
                error.accept("customer message to " + interactionId + " failed: "
                        + (failure != null ? failure : reply.status() + " " + reply.body()));
            }
        });
    }

    /** A desktop got a customer's message; true when it is one of ours, which the agent then answers. */
    boolean received(String text, long nanos) {
        Long at = text.startsWith(TOKEN) ? sentAt.remove(text) : null;
        if (at == null) {
            return false;
        }
        received.incrementAndGet();
        synchronized (latency) {
            latency.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos - at)));
        }
        return true;
    }

    void replied(boolean stored) {
        (stored ? replies : lateReplies).incrementAndGet();
    }

    Figures figures() {
        synchronized (latency) {
            return new Figures(sent.get(), received.get(), replies.get(), late.get(), lateReplies.get(), latency.copy());
        }
    }
}
