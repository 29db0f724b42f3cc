package io.acd.loadtest.chaos;

import io.acd.loadtest.sim.engine.EngineApi;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Customers arriving at a steady rate (Poisson: exponential gaps), each creating one voice contact over any
 * node with an Idempotency-Key of its own, so that a create retried on another node after its node died is
 * the same contact. A customer whose contact is not answered within its patience hangs up.
 */
final class Customers {

    private final EngineApi api;
    private final Ledger ledger;
    private final Counters counters;
    private final ScheduledExecutorService timers;
    private final String runId;
    private final double perSecond;
    private final long rampNanos;
    private long startNanos;
    private final double patienceSeconds;
    private final SplittableRandom random;
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean stopped;
    private final AtomicLong pending = new AtomicLong();

    Customers(EngineApi api, Ledger ledger, Counters counters, ScheduledExecutorService timers, String runId,
              double perSecond, Duration ramp, double patienceSeconds, long seed) {
        this.api = api;
        this.ledger = ledger;
        this.counters = counters;
        this.timers = timers;
        this.runId = runId;
        this.perSecond = perSecond;
        this.rampNanos = ramp.toNanos();
        this.patienceSeconds = patienceSeconds;
        this.random = new SplittableRandom(seed);
    }

    void start() {
        startNanos = System.nanoTime();
        next(startNanos);
    }

    /**
     * The rate at a moment: rising linearly from a tenth to the full rate over the ramp. A cold cluster allocates
     * every shard on its first message and compiles its code as it runs; the full rate at once buries it in
     * retries before it is warm, which no running contact center does to it.
     */
    private double rateAt(long nanos) {
        if (rampNanos <= 0 || nanos - startNanos >= rampNanos) {
            return perSecond;
        }
        double share = (nanos - startNanos) / (double) rampNanos;
        return perSecond * (0.1 + 0.9 * share);
    }

    /** No more arrivals; contacts already created go on. */
    void stop() {
        stopped = true;
    }

    long sent() {
        return sent.get();
    }

    /** Creates sent and not answered yet (being retried, most of them, while a node is down). */
    long pending() {
        return pending.get();
    }

    /** Schedules the next arrival from the previous one's due time, so that a late timer does not slow the rate. */
    private void next(long dueNanos) {
        if (stopped) {
            return;
        }
        double gap;
        synchronized (random) {
            gap = -Math.log(1 - random.nextDouble()) / rateAt(dueNanos);
        }
        long due = dueNanos + (long) (gap * 1e9);
        timers.schedule(() -> {
            arrive();
            next(due);
        }, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void arrive() {
        if (stopped) {
            return;
        }
        long n = sent.incrementAndGet();
        long sentNanos = System.nanoTime();
        pending.incrementAndGet();
        String body = "{\"channel\":\"voice\",\"queue\":\"chaos\",\"priority\":0,\"skills\":{},"
                + "\"customer\":{\"id\":\"chaos-customer-" + n + "\"}}";
        api.call("POST", "/v1/interactions", body, "chaos-" + runId + "-" + n).whenComplete((reply, failure) -> {
            pending.decrementAndGet();
            if (failure != null || !reply.ok()) {
                counters.createsUnacknowledged.incrementAndGet();
                counters.error("create " + n + " not acknowledged: "
                        + (failure != null ? failure : reply.status() + " " + reply.body()));
                return;
            }
            Ledger.Contact contact = ledger.acknowledged(reply.body().path("interactionId").asText(), sentNanos);
            long patience = (long) (patienceSeconds * 1e9) - (System.nanoTime() - sentNanos);
            timers.schedule(() -> hangUpIfWaiting(contact), Math.max(0, patience), TimeUnit.NANOSECONDS);
        });
    }

    /**
     * Hangs up unless an agent answered. A 409 means an agent accepted meanwhile, or that this abandon was
     * retried after its first attempt took effect on a node that then died: the interaction tells which.
     */
    private void hangUpIfWaiting(Ledger.Contact contact) {
        if (contact.connectedNanos != 0 || contact.endedNanos != 0) {
            return;
        }
        api.callRepeatable("POST", "/v1/interactions/" + contact.id + "/abandon", "{}")
                .thenCompose(reply -> reply.status() != 409 ? java.util.concurrent.CompletableFuture.completedFuture(reply)
                        : api.call("GET", "/v1/interactions/" + contact.id, null, null).thenApply(now ->
                        now.ok() && "abandoned".equals(now.body().path("status").asText()) ? now : reply))
                .whenComplete((reply, failure) -> {
                    if (failure != null) {
                        counters.error("abandon of " + contact.id + " failed: " + failure);
                    } else if (reply.ok()) {
                        counters.abandons.incrementAndGet();
                        ledger.abandoned(contact.id);
                    } else if (reply.status() != 409) {
                        counters.error("abandon of " + contact.id + ": " + reply.status() + " " + reply.body());
                    }
                });
    }
}
