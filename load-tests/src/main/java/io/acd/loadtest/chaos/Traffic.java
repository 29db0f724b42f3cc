package io.acd.loadtest.chaos;

import io.acd.loadtest.audit.Audit;
import io.acd.loadtest.audit.AuditResult;
import io.acd.loadtest.audit.JournalLocation;
import io.acd.loadtest.audit.JournalReader;
import io.acd.loadtest.audit.UnreadableJournalException;
import io.acd.loadtest.failover.Poll;
import io.acd.loadtest.sim.engine.EngineApi;
import io.acd.persistence.journal.Journal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Steady contact-center traffic over every node of a cluster, for as long as a fault run needs it: agents with
 * desktop sockets, customers at a Poisson rate, the ledger of what was acknowledged, the drain at the end and
 * the audit of the journal. The fault (kills, a partition) is the caller's.
 */
final class Traffic implements AutoCloseable {

    /**
     * @param ramp        the rate rises from a tenth to the full rate over it (a warm-up)
     * @param handle      mean talk time, seconds, exponential
     * @param wrapUp      wrap-up time, seconds
     * @param patience    seconds a customer waits for an answer before hanging up
     */
    record Settings(int agents, double rate, Duration ramp, double handle, double wrapUp, double patience, long seed) {
    }

    private final Settings settings;
    private final Consumer<String> progress;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "traffic-timer");
        t.setDaemon(true);
        return t;
    });
    private final EngineApi api;
    private final Timeline timeline = new Timeline();
    private final Counters counters = new Counters();
    private final Ledger ledger;
    private final Customers customers;
    private final List<ChaosAgent> floor = new ArrayList<>();
    private final AtomicLong lastAcknowledged = new AtomicLong();

    /** @param key the cluster's admin key: the driver sets up agents, then acts as them and as their customers */
    Traffic(List<URI> nodes, String key, Settings settings, Path acknowledgedFile, Consumer<String> progress)
            throws IOException {
        this.settings = settings;
        this.progress = progress;
        this.api = new EngineApi(nodes, key);
        this.ledger = new Ledger(timeline, acknowledgedFile);
        this.customers = new Customers(api, ledger, counters, timers, runId, settings.rate(), settings.ramp(),
                settings.patience(), settings.seed());
    }

    /** Registers the agents and makes them available, then starts the customers; second 0 is then. */
    void start() throws InterruptedException {
        SplittableRandom talk = new SplittableRandom(settings.seed() + 1);
        List<CompletableFuture<Void>> started = new ArrayList<>();
        Semaphore inFlight = new Semaphore(16);
        for (int i = 0; i < settings.agents(); i++) {
            ChaosAgent agent = new ChaosAgent("chaos-" + runId + "-" + i, i, api, ledger, counters, timers, () -> {
                synchronized (talk) {
                    return -Math.log(1 - talk.nextDouble()) * settings.handle();
                }
            }, settings::wrapUp);
            floor.add(agent);
            inFlight.acquire();
            started.add(agent.start().whenComplete((x, e) -> inFlight.release()));
        }
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The agents could not all be started: " + e.getMessage(), e);
        }
        progress.accept(settings.agents() + " agents available, each with a desktop socket, spread over the nodes");
        timeline.start();
        customers.start();
    }

    Timeline timeline() {
        return timeline;
    }

    Counters counters() {
        return counters;
    }

    long retries() {
        return api.retries();
    }

    long sent() {
        return customers.sent();
    }

    long acknowledged() {
        return ledger.acknowledged().size();
    }

    long open() {
        return ledger.open();
    }

    /** One line of progress, with the creates acknowledged since the previous line over {@code window}. */
    String progressLine(Duration window, int kills) {
        long acknowledged = acknowledged();
        long since = acknowledged - lastAcknowledged.getAndSet(acknowledged);
        return String.format(Locale.ROOT, "%5.0f s  acknowledged %,d (%.0f/s)  open %,d  creates in flight %d  "
                        + "kills %d  retries %d  sockets reopened %d  missed offers %d  repairs %d  errors %d",
                timeline.secondsSince(System.nanoTime()), acknowledged, since / (window.toMillis() / 1000.0),
                ledger.open(), customers.pending(), kills, api.retries(), counters.reconnects.get(),
                counters.missedOffers.get(), counters.repairs.get(), counters.errors.get());
    }

    /**
     * Stops the arrivals and waits until every contact ended, or nothing ended for a minute, within {@code bound};
     * then reads what the driver did not see end, and stops the agents. Returns the seconds it took.
     */
    double drain(Duration bound) throws InterruptedException {
        customers.stop();
        long start = System.nanoTime();
        progress.accept("traffic over; waiting for the " + ledger.open() + " open contacts to end");
        long[] last = {-1, System.nanoTime()};
        Poll.until(bound, Duration.ofSeconds(1), () -> {
            long stillOpen = ledger.open();
            if (stillOpen != last[0]) {
                last[0] = stillOpen;
                last[1] = System.nanoTime();
                progress.accept("draining: " + stillOpen + " open, " + customers.pending() + " creates in flight");
            }
            return customers.pending() == 0
                    && (stillOpen == 0 || System.nanoTime() - last[1] > TimeUnit.SECONDS.toNanos(60));
        });
        double drained = (System.nanoTime() - start) / 1e9;
        settle();
        for (ChaosAgent agent : floor) {
            agent.stop();
        }
        return drained;
    }

    /**
     * Reads every contact the driver has not seen end: an answer lost with its node (an abandon that took effect
     * and then failed to reply, say) leaves the driver unsure where the engine is certain. The engine's word is
     * recorded and counted; the audit checks the journal itself either way.
     */
    private void settle() {
        List<CompletableFuture<?>> reads = new ArrayList<>();
        for (Ledger.Contact c : ledger.acknowledged()) {
            if (c.endedNanos != 0) {
                continue;
            }
            reads.add(api.call("GET", "/v1/interactions/" + c.id, null, null).thenAccept(reply -> {
                String status = reply.ok() ? reply.body().path("status").asText() : "http " + reply.status();
                if (status.equals("completed")) {
                    counters.endingsRead.incrementAndGet();
                    ledger.completed(c.id);
                } else if (status.equals("abandoned")) {
                    counters.endingsRead.incrementAndGet();
                    ledger.abandoned(c.id);
                } else {
                    counters.error("still " + status + " after the drain: " + c.id);
                }
            }));
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        if (!reads.isEmpty()) {
            progress.accept(reads.size() + " contacts the driver had not seen end were read from the API; "
                    + ledger.open() + " are still open");
        }
    }

    /**
     * The offline audit of the run's keyspace against the acknowledged ids, every contact required to have
     * ended; {@code where} is only for the plugin's settings of the embedded journal, which this is not.
     */
    AuditResult audit(String cassandra, String keyspace, Path where) throws UnreadableJournalException {
        JournalLocation location = new JournalLocation(Journal.CASSANDRA, where, List.of(cassandra), keyspace);
        HashSet<String> ids = new HashSet<>();
        ledger.acknowledged().forEach(c -> ids.add(c.id));
        Audit audit = Audit.standard(ids, Duration.ofSeconds(5), true);
        try (JournalReader reader = JournalReader.open(location.config(), location.describe())) {
            reader.readAll(audit, progress);
        }
        return new AuditResult(Journal.CASSANDRA.wireName(), location.where(), audit.results());
    }

    @Override
    public void close() throws IOException {
        ledger.close();
        timers.shutdownNow();
    }
}
