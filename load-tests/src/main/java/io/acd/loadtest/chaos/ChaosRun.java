package io.acd.loadtest.chaos;

import io.acd.loadtest.audit.AuditReport;
import io.acd.loadtest.audit.AuditResult;
import io.acd.loadtest.failover.LocalCluster;
import io.acd.loadtest.failover.Poll;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
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
        Traffic.Settings settings = new Traffic.Settings(agents, rate, Duration.ofSeconds(warmUp), handle, wrapUp,
                patience, seed);
        ChaosReport.Summary summary;
        Traffic traffic;
        int kills;
        try (LocalCluster cluster = LocalCluster.start(nodes, cassandra, keyspace, work,
                List.of(nodeJavaOptions.trim().split("\\s+")), Duration.ofMinutes(3))) {
            traffic = new Traffic(cluster.uris(), cluster.adminKey(), settings, report.resolve("acknowledged.txt"), progress);
            traffic.start();
            Timeline timeline = traffic.timeline();
            Killer killer = new Killer(cluster, timeline, Duration.ofSeconds(warmUp),
                    Duration.ofSeconds(Math.max(1, killEvery)), Duration.ofMinutes(3), seed, progress);
            Thread killing = new Thread(killer, "chaos-killer");
            if (killEvery > 0) {
                killing.start();
            }
            timeline.fault(System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUp), "warm-up over", -1);
            long trafficEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUp + duration);
            Duration every = Duration.ofSeconds(5);
            while (System.nanoTime() < trafficEnd) {
                Poll.until(every, Duration.ofMillis(200), () -> System.nanoTime() >= trafficEnd);
                progress.accept(traffic.progressLine(every, killer.kills()));
            }
            killer.stop();
            killing.join(TimeUnit.MINUTES.toMillis(4));
            double drained = traffic.drain(Duration.ofSeconds(drain));
            kills = killer.kills();
            summary = new ChaosReport.Summary(commandLine(), Machine.describe(), nodes, rate, warmUp, duration, killEvery,
                    agents, traffic.sent(), traffic.acknowledged(), traffic.open(), kills, traffic.counters(),
                    traffic.retries(), timeline.allLatencies(), drained);
            progress.accept("stopping the nodes");
        }
        progress.accept("auditing the journal (keyspace " + keyspace + ")");
        AuditResult audit = traffic.audit(cassandra, keyspace, report);
        traffic.close();
        System.out.print(AuditReport.text(audit));
        ChaosReport.write(report, summary, traffic.timeline(), audit);
        outcome = new Outcome(audit, summary.acknowledged(), traffic.counters().createsUnacknowledged.get(),
                summary.stillOpen(), kills);
        progress.accept(String.format(Locale.ROOT, "%d kills, %,d contacts acknowledged, %d never acknowledged, "
                        + "%d not seen ending; audit: %d violations. Report: %s", kills, summary.acknowledged(),
                outcome.unacknowledged(), outcome.stillOpen(), audit.violations(), report.resolve("summary.md")));
        return outcome.passed() ? 0 : 1;
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
