package io.acd.loadtest.failover;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What happened when, in seconds from one reference event (the cut). Each event counts once, at the first
 * time it was seen; a traffic driver may add its own from its threads.
 */
public final class Timeline {

    private final Map<String, Long> seen = new LinkedHashMap<>();
    private final String reference;

    public Timeline(String reference) {
        this.reference = reference;
    }

    /** Records the event now, unless it was already seen. */
    public synchronized void mark(String event) {
        seen.putIfAbsent(event, System.nanoTime());
    }

    public synchronized boolean has(String event) {
        return seen.containsKey(event);
    }

    /** Seconds from the reference to the event; NaN while either is not seen. */
    public synchronized double secondsAt(String event) {
        Long zero = seen.get(reference);
        Long at = seen.get(event);
        return zero == null || at == null ? Double.NaN : (at - zero) / 1e9;
    }

    /** One line per event in the order seen, each with its seconds from the reference. */
    public synchronized List<String> lines() {
        List<String> lines = new ArrayList<>();
        Long zero = seen.get(reference);
        List<Map.Entry<String, Long>> ordered = new ArrayList<>(seen.entrySet());
        ordered.sort(Map.Entry.comparingByValue());
        for (Map.Entry<String, Long> e : ordered) {
            String at = zero == null ? "      " : String.format(Locale.ROOT, "%+6.1f", (e.getValue() - zero) / 1e9);
            lines.add(at + " s  " + e.getKey());
        }
        return lines;
    }
}
