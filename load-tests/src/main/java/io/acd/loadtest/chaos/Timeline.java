package io.acd.loadtest.chaos;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What happened second by second of a chaos run: contacts acknowledged, offered and completed, the
 * create→offer latency of the contacts created in that second, and the faults. Seconds count from the start
 * of the traffic. Written by many threads; every method locks the whole timeline, which at a few hundred
 * events a second costs nothing.
 */
final class Timeline {

    /** One second of the run. */
    record Second(int at, long acknowledged, long offered, long completed, long abandoned, double p50Millis,
                  double p99Millis) {
    }

    /** A fault and when it happened, seconds from the start; {@code node} is its index, from 0. */
    record Fault(double at, String what, int node) {
    }

    private volatile long startNanos = System.nanoTime();
    private final List<long[]> counts = new ArrayList<>();
    private final List<Histogram> latencies = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();

    private static final int ACKNOWLEDGED = 0;
    private static final int OFFERED = 1;
    private static final int COMPLETED = 2;
    private static final int ABANDONED = 3;

    /** Second 0 starts now; anything counted before belongs to it. */
    void start() {
        startNanos = System.nanoTime();
    }

    double secondsSince(long nanos) {
        return (nanos - startNanos) / 1e9;
    }

    void acknowledged(long nanos) {
        count(nanos, ACKNOWLEDGED);
    }

    void completed(long nanos) {
        count(nanos, COMPLETED);
    }

    void abandoned(long nanos) {
        count(nanos, ABANDONED);
    }

    /** The first offer of a contact sent at {@code sentNanos}; the latency is filed under its creation second. */
    synchronized void offered(long sentNanos, long offeredNanos) {
        count(offeredNanos, OFFERED);
        latency(second(sentNanos)).recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(offeredNanos - sentNanos)));
    }

    synchronized void fault(long nanos, String what, int node) {
        faults.add(new Fault(secondsSince(nanos), what, node));
    }

    synchronized List<Fault> faults() {
        return List.copyOf(faults);
    }

    /** Every second up to the last one anything happened in. */
    synchronized List<Second> seconds() {
        List<Second> seconds = new ArrayList<>();
        for (int s = 0; s < counts.size(); s++) {
            long[] c = counts.get(s);
            Histogram h = s < latencies.size() ? latencies.get(s) : null;
            boolean none = h == null || h.getTotalCount() == 0;
            seconds.add(new Second(s, c[ACKNOWLEDGED], c[OFFERED], c[COMPLETED], c[ABANDONED],
                    none ? Double.NaN : h.getValueAtPercentile(50) / 1000.0,
                    none ? Double.NaN : h.getValueAtPercentile(99) / 1000.0));
        }
        return seconds;
    }

    /** Every create→offer latency of the run, in microseconds. */
    synchronized Histogram allLatencies() {
        Histogram all = newHistogram();
        latencies.forEach(all::add);
        return all;
    }

    private synchronized void count(long nanos, int what) {
        int s = second(nanos);
        while (counts.size() <= s) {
            counts.add(new long[4]);
        }
        counts.get(s)[what]++;
    }

    private Histogram latency(int second) {
        while (latencies.size() <= second) {
            latencies.add(newHistogram());
        }
        while (counts.size() <= second) {
            counts.add(new long[4]);
        }
        return latencies.get(second);
    }

    private int second(long nanos) {
        return (int) Math.max(0, (nanos - startNanos) / 1_000_000_000L);
    }

    private static Histogram newHistogram() {
        return new Histogram(TimeUnit.MINUTES.toMicros(30), 3);
    }
}
