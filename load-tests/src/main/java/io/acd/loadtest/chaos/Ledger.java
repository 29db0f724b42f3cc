package io.acd.loadtest.chaos;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every contact the API acknowledged, what the driver saw happen to it, and the file of acknowledged ids the
 * audit checks against: an id is written (and flushed) as soon as its 201 or 200 arrives, before anything
 * else may happen to it, so that a driver killed mid-run still leaves a true list.
 */
final class Ledger implements AutoCloseable {

    /**
     * A contact as the driver saw it; the timestamps are {@code System.nanoTime()}, 0 until seen. A desktop's
     * push can overtake the create's reply, so a contact may be seen offered (even ended) before it is
     * acknowledged.
     */
    static final class Contact {
        final String id;
        volatile long sentNanos;
        volatile boolean acknowledged;
        volatile long offeredNanos;
        volatile long connectedNanos;
        volatile long endedNanos;
        volatile boolean abandoned;

        Contact(String id) {
            this.id = id;
        }
    }

    private final Map<String, Contact> contacts = new ConcurrentHashMap<>();
    private final Timeline timeline;
    private final BufferedWriter acknowledged;

    Ledger(Timeline timeline, Path acknowledgedFile) throws IOException {
        this.timeline = timeline;
        this.acknowledged = Files.newBufferedWriter(acknowledgedFile);
    }

    /** The create of {@code id}, sent at {@code sentNanos}, was acknowledged; once per id however often retried. */
    Contact acknowledged(String id, long sentNanos) {
        Contact c = contact(id);
        long offered;
        synchronized (c) {
            if (c.acknowledged) {
                return c;
            }
            c.acknowledged = true;
            c.sentNanos = sentNanos;
            offered = c.offeredNanos;
        }
        synchronized (acknowledged) {
            try {
                acknowledged.write(id);
                acknowledged.newLine();
                acknowledged.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        timeline.acknowledged(System.nanoTime());
        if (offered != 0) {
            timeline.offered(sentNanos, offered);
        }
        if (c.endedNanos != 0) {
            ended(c);
        }
        return c;
    }

    /** An offer of {@code id} reached a desktop; the first one of each contact is timed. */
    void offered(String id) {
        Contact c = contact(id);
        long now = System.nanoTime();
        boolean timed;
        synchronized (c) {
            if (c.offeredNanos != 0) {
                return;
            }
            c.offeredNanos = now;
            timed = c.acknowledged;
        }
        if (timed) {
            timeline.offered(c.sentNanos, now);
        }
    }

    void connected(String id) {
        Contact c = contact(id);
        synchronized (c) {
            if (c.connectedNanos == 0) {
                c.connectedNanos = System.nanoTime();
            }
        }
    }

    void completed(String id) {
        end(id, false);
    }

    void abandoned(String id) {
        end(id, true);
    }

    private void end(String id, boolean abandon) {
        Contact c = contact(id);
        boolean counted;
        synchronized (c) {
            if (c.endedNanos != 0) {
                return;
            }
            c.endedNanos = System.nanoTime();
            c.abandoned = abandon;
            counted = c.acknowledged;
        }
        if (counted) {
            ended(c);
        }
    }

    private void ended(Contact c) {
        if (c.abandoned) {
            timeline.abandoned(c.endedNanos);
        } else {
            timeline.completed(c.endedNanos);
        }
    }

    private Contact contact(String id) {
        return contacts.computeIfAbsent(id, Contact::new);
    }

    /** The acknowledged contacts. */
    List<Contact> acknowledged() {
        return contacts.values().stream().filter(c -> c.acknowledged).toList();
    }

    /** Acknowledged contacts the driver has not seen end. */
    long open() {
        return contacts.values().stream().filter(c -> c.acknowledged && c.endedNanos == 0).count();
    }

    @Override
    public void close() throws IOException {
        synchronized (acknowledged) {
            acknowledged.close();
        }
    }
}
