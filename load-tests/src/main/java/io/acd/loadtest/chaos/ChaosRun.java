package io.acd.loadtest.chaos;

import io.acd.loadtest.audit.Audit;
import io.acd.loadtest.audit.AuditReport;
import io.acd.loadtest.audit.AuditResult;
import io.acd.loadtest.audit.JournalLocation;
import io.acd.loadtest.audit.JournalReader;
import io.acd.loadtest.audit.UnreadableJournalException;
import io.acd.loadtest.failover.LocalCluster;
import io.acd.loadtest.failover.Poll;
import io.acd.loadtest.sim.engine.EngineApi;
import io.acd.persistence.journal.Journal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The chaos run: a cluster of engine nodes on Cassandra under steady traffic spread over every node's API,
 * one node killed with SIGKILL at an interval and started again, then a drain and the offline audit of the
 * journal. It passes when no acknowledged contact is lost, nothing was offered to two agents, no agent went over
 * its capacity and every contact ended completed or abandoned.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Kill -9 a random node of a local cluster at an interval under traffic, then audit the journal. "
                + "Exits 0 when the audit finds nothing and every acknowledged contact ended, 1 otherwise.")
public final class ChaosRun implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--cassandra", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9042",
            description = "a running Cassandra (bin/acd cassandra); each run has a keyspace of its own (default: ${DEFAULT-VALUE})")
    String cassandra;

    @Option(names = "--nodes", defaultValue = "3", description = "engine nodes (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--rate", defaultValue = "50", description = "new contacts per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "600",
            description = "seconds of traffic at the full rate with kills, after the warm-up (default: ${DEFAULT-VALUE})")
    int duration;

    @Option(names = "--warm-up", defaultValue = "120",
            description = "seconds of traffic before the first kill, the rate rising from a tenth to the full rate: "
                    + "a cold cluster allocates its shards and compiles its code (default: ${DEFAULT-VALUE})")
    int warmUp;

    @Option(names = "--node-java-options", paramLabel = "OPTIONS", defaultValue = "-Xmx2g",
            description = "JVM options of every node, space separated (default: ${DEFAULT-VALUE})")
    String nodeJavaOptions;

    @Option(names = "--kill-every", defaultValue = "30",
            description = "seconds between kills; 0 kills nothing, for a baseline (default: ${DEFAULT-VALUE})")
    int killEvery;

    @Option(names = "--agents", defaultValue = "300", description = "simulated agents, one voice contact each (default: ${DEFAULT-VALUE})")
    int agents;

    @Option(names = "--handle", defaultValue = "3", description = "mean talk time, seconds, exponential (default: ${DEFAULT-VALUE})")
    double handle;

    @Option(names = "--wrap-up", defaultValue = "0.5", description = "wrap-up time, seconds (default: ${DEFAULT-VALUE})")
    double wrapUp;

    @Option(names = "--patience", defaultValue = "120",
            description = "seconds a customer waits for an answer before hanging up (default: ${DEFAULT-VALUE})")
    double patience;

    @Option(names = "--drain", defaultValue = "300",
            description = "seconds the contacts still open after the traffic may take to end (default: ${DEFAULT-VALUE})")
    int drain;

    @Option(names = "--report", defaultValue = "load-tests/target/chaos", description = "report directory (default: ${DEFAULT-VALUE})")
    Path report;

    @Option(names = "--seed", defaultValue = "1", description = "random seed: arrivals, talk times, victims (default: ${DEFAULT-VALUE})")
    long seed;

    /** The outcome, for a test to check beside the exit code. */
    record Outcome(AuditResult audit, long acknowledged, long unacknowledged, long stillOpen, int kills) {
        boolean passed() {
            return audit != null && audit.exitCode() == 0 && unacknowledged == 0 && stillOpen == 0;
        }
    }

    private final Consumer<String> progress = line -> System.err.println(String.format(Locale.ROOT, "[chaos] %s", line));
    private Outcome outcome;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChaosRun()).execute(args));
    }

    Outcome outcome() {
        return outcome;
    }

    @Override
    public Integer call() throws Exception {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        Files.createDirectories(report);
        Path work = Files.createTempDirectory("acd-chaos");
        String keyspace = "chaos_" + runId;
        progress.accept("starting " + nodes + " nodes on Cassandra " + cassandra + ", keyspace " + keyspace
                + " (logs in " + work + ")");
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "chaos-timer");
            t.setDaemon(true);
            return t;
        });
        AuditResult audit = null;
        Counters counters = new Counters();
        long acknowledged;
        long open;
        int kills;
        Timeline timeline;
        Ledger ledger;
        ChaosReport.Summary summary;
        try (LocalCluster cluster = LocalCluster.start(nodes, cassandra, keyspace, work,
                List.of(nodeJavaOptions.trim().split("\\s+")), Duration.ofMinutes(3))) {
            EngineApi api = new EngineApi(cluster.uris());
            // The agents come first; the timeline starts with the traffic. An agent sees no offer before then.
            timeline = new Timeline();
            ledger = new Ledger(timeline, report.resolve("acknowledged.txt"));
            List<ChaosAgent> floor = startAgents(api, ledger, counters, timers, runId);
            timeline.start();
            Customers customers = new Customers(api, ledger, counters, timers, runId, rate,
                    Duration.ofSeconds(warmUp), patience, seed);
            Killer killer = new Killer(cluster, timeline, Duration.ofSeconds(warmUp),
                    Duration.ofSeconds(Math.max(1, killEvery)), Duration.ofMinutes(3), seed, progress);
            Thread killing = new Thread(killer, "chaos-killer");
            customers.start();
            if (killEvery > 0) {
                killing.start();
            }
            timeline.fault(System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUp), "warm-up over", -1);
            long trafficEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUp + duration);
            AtomicLong lastAcknowledged = new AtomicLong();
            while (System.nanoTime() < trafficEnd) {
                Poll.until(Duration.ofSeconds(5), Duration.ofMillis(200), () -> System.nanoTime() >= trafficEnd);
                progress.accept(line(timeline, ledger, customers, counters, api, killer, lastAcknowledged));
            }
            customers.stop();
            killer.stop();
            killing.join(TimeUnit.MINUTES.toMillis(4));
            long drainStart = System.nanoTime();
            progress.accept("traffic over; waiting for the " + ledger.open() + " open contacts to end");
            // Until every contact ended, or nothing has ended for a minute: what is
            // left then is settled by reading it.
            long[] last = {-1, System.nanoTime()};
            Poll.until(Duration.ofSeconds(drain), Duration.ofSeconds(1), () -> {
                long stillOpen = ledger.open();
                if (stillOpen != last[0]) {
                    last[0] = stillOpen;
                    last[1] = System.nanoTime();
                    progress.accept("draining: " + stillOpen + " open, " + customers.pending() + " creates in flight");
                }
                return stillOpen == 0 && customers.pending() == 0
                        || customers.pending() == 0 && System.nanoTime() - last[1] > TimeUnit.SECONDS.toNanos(60);
            });
            double drained = (System.nanoTime() - drainStart) / 1e9;
            settle(api, ledger, counters);
            for (ChaosAgent agent : floor) {
                agent.stop();
            }
            acknowledged = ledger.acknowledged().size();
            open = ledger.open();
            kills = killer.kills();
            summary = new ChaosReport.Summary(commandLine(), Machine.describe(), nodes, rate, warmUp, duration, killEvery,
                    agents, customers.sent(), acknowledged, open, kills, counters, api.retries(),
                    timeline.allLatencies(), drained);
            ledger.close();
            progress.accept("stopping the nodes");
        }
        progress.accept("auditing the journal (keyspace " + keyspace + ")");
        audit = audit(keyspace, ledger);
        System.out.print(AuditReport.text(audit));
        ChaosReport.write(report, summary, timeline, audit);
        outcome = new Outcome(audit, acknowledged, counters.createsUnacknowledged.get(), open, kills);
        progress.accept(String.format(Locale.ROOT, "%d kills, %,d contacts acknowledged, %d never acknowledged, "
                        + "%d not seen ending; audit: %d violations. Report: %s", kills, acknowledged,
                counters.createsUnacknowledged.get(), open, audit.violations(), report.resolve("summary.md")));
        timers.shutdownNow();
        return outcome.passed() ? 0 : 1;
    }

    private List<ChaosAgent> startAgents(EngineApi api, Ledger ledger, Counters counters,
                                         ScheduledExecutorService timers, String runId) throws InterruptedException {
        SplittableRandom talk = new SplittableRandom(seed + 1);
        List<ChaosAgent> floor = new ArrayList<>();
        List<CompletableFuture<Void>> started = new ArrayList<>();
        Semaphore inFlight = new Semaphore(16);
        for (int i = 0; i < agents; i++) {
            ChaosAgent agent = new ChaosAgent("chaos-" + runId + "-" + i, i, api, ledger, counters, timers,
                    () -> {
                        synchronized (talk) {
                            return -Math.log(1 - talk.nextDouble()) * handle;
                        }
                    }, () -> wrapUp);
            floor.add(agent);
            inFlight.acquire();
            started.add(agent.start().whenComplete((x, e) -> inFlight.release()));
        }
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The agents could not all be started: " + e.getMessage(), e);
        }
        progress.accept(agents + " agents available, each with a desktop socket, spread over the nodes");
        return floor;
    }

    /**
     * Reads every contact the driver has not seen end: an answer lost with its node (an abandon that took effect
     * and then failed to reply, say) leaves the driver unsure where the engine is certain. The engine's word is
     * recorded and counted; the audit checks the journal itself either way.
     */
    private void settle(EngineApi api, Ledger ledger, Counters counters) {
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

    private AuditResult audit(String keyspace, Ledger ledger) throws UnreadableJournalException {
        JournalLocation location = new JournalLocation(Journal.CASSANDRA, report, List.of(cassandra), keyspace);
        HashSet<String> ids = new HashSet<>();
        ledger.acknowledged().forEach(c -> ids.add(c.id));
        Audit audit = Audit.standard(ids, Duration.ofSeconds(5), true);
        try (JournalReader reader = JournalReader.open(location.config(), location.describe())) {
            reader.readAll(audit, progress);
        }
        return new AuditResult(Journal.CASSANDRA.wireName(), location.where(), audit.results());
    }

    private static String line(Timeline timeline, Ledger ledger, Customers customers, Counters counters,
                               EngineApi api, Killer killer, AtomicLong lastAcknowledged) {
        long acknowledged = ledger.acknowledged().size();
        long window = acknowledged - lastAcknowledged.getAndSet(acknowledged);
        return String.format(Locale.ROOT, "%5.0f s  acknowledged %,d (%.0f/s)  open %,d  creates in flight %d  "
                        + "kills %d  retries %d  sockets reopened %d  missed offers %d  repairs %d  errors %d",
                timeline.secondsSince(System.nanoTime()), acknowledged, window / 5.0, ledger.open(), customers.pending(),
                killer.kills(), api.retries(), counters.reconnects.get(), counters.missedOffers.get(),
                counters.repairs.get(), counters.errors.get());
    }

    private String commandLine() {
        return String.format(Locale.ROOT, "bin/acd chaos --cassandra %s --nodes %d --rate %s --warm-up %d --duration %d "
                        + "--kill-every %d --agents %d --handle %s --wrap-up %s --patience %s --node-java-options '%s'",
                cassandra, nodes, strip(rate), warmUp, duration, killEvery, agents, strip(handle), strip(wrapUp),
                strip(patience), nodeJavaOptions);
    }

    private static String strip(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
