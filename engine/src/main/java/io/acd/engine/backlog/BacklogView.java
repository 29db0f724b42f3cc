package io.acd.engine.backlog;

import io.acd.engine.routing.WaitingContact;
import io.acd.persistence.KryoMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live interactions of one slice, as their events say: plain Java, changed only by {@link #apply}, which
 * takes a change any number of times with the same result, since a feed that restarts reads the events after
 * its stored offset again (Cassandra's may repeat some at the same instant).
 */
public final class BacklogView {

    /**
     * @param queued whether it is waiting in the queue (else offered, connected or in wrap-up)
     * @param since  when it entered the queue or left it last
     */
    public record Live(WaitingContact contact, boolean queued, Instant since) implements KryoMessage {
    }

    private final Map<String, Live> live = new HashMap<>();

    public BacklogView() {
    }

    public BacklogView(List<Live> stored) {
        for (Live l : stored) {
            live.put(l.contact().interactionId(), l);
        }
    }

    public void apply(Backlog.Change change) {
        String id = change.interactionId();
        switch (change.kind()) {
            case CREATED -> live.putIfAbsent(id, new Live(change.contact(), true, change.at()));
            case OFFERED -> live.computeIfPresent(id, (k, l) -> new Live(l.contact(), false, change.at()));
            case REQUEUED -> live.computeIfPresent(id, (k, l) -> new Live(l.contact(), true, change.at()));
            case ENDED -> live.remove(id);
        }
    }

    /** The contact if it is waiting in the queue, else null. */
    public WaitingContact queuedContact(String interactionId) {
        Live l = live.get(interactionId);
        return l != null && l.queued() ? l.contact() : null;
    }

    /** Waiting in the queue, the longest waiting first, each with its original queue time. */
    public List<WaitingContact> queued() {
        return queuedSince(Instant.MAX);
    }

    /** Waiting in the queue since before {@code before} (entered it, or came back to it). */
    public List<WaitingContact> queuedSince(Instant before) {
        List<WaitingContact> queued = new ArrayList<>();
        for (Live l : live.values()) {
            if (l.queued() && l.since().isBefore(before)) {
                queued.add(l.contact());
            }
        }
        queued.sort(Comparator.comparing(WaitingContact::queuedAt).thenComparing(WaitingContact::interactionId));
        return queued;
    }

    public int size() {
        return live.size();
    }

    /** A copy, for a snapshot: the view goes on changing while the snapshot is written. */
    public List<Live> copy() {
        return List.copyOf(live.values());
    }
}
