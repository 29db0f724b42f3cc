package io.acd.loadtest.sim.engine;

import io.acd.engine.routing.Channel;
import io.acd.loadtest.scenario.QueueSpec;

/** One simulated customer's contact; written by the HTTP and WebSocket threads, read at the end. */
final class SimulatedContact {

    enum Outcome { COMPLETED, ABANDONED }

    final QueueSpec queue;
    final Channel channel;
    final double createdAt;
    final long sentNanos;
    volatile String id;
    volatile long offeredNanos;
    volatile long connectedNanos;
    volatile long endedNanos;
    volatile double handledSeconds;
    volatile Outcome outcome;
    volatile boolean abandonedAtEnd;
    boolean offerCounted;
    boolean answerCounted;

    SimulatedContact(QueueSpec queue, Channel channel, double createdAt, long sentNanos) {
        this.queue = queue;
        this.channel = channel;
        this.createdAt = createdAt;
        this.sentNanos = sentNanos;
    }
}
