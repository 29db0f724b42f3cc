package io.acd.loadtest.chaos;

import io.acd.loadtest.audit.AuditReport;
import io.acd.loadtest.audit.AuditResult;
import io.acd.loadtest.failover.PartitionTraffic;
import io.acd.loadtest.failover.Poll;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chaos run's traffic for a partition ({@code load-tests/bin/partition --traffic
 * io.acd.loadtest.chaos.PartitionChaos}): agents and customers over the three nodes, warmed up before the cut,
 * drained after the rejoin, then the audit of the run's keyspace (no contact offered twice, none lost, every one
 * ended). System properties {@code acd.partition.rate} (20 contacts/s), {@code acd.partition.agents} (150) and
 * {@code acd.partition.warm-up} (60 s) size it.
 */
public final class PartitionChaos implements PartitionTraffic {

    private Traffic traffic;
    private Cluster cluster;

    @Override
    public void start(Cluster cluster) throws Exception {
        this.cluster = cluster;
        double rate = Double.parseDouble(System.getProperty("acd.partition.rate", "20"));
        int agents = Integer.parseInt(System.getProperty("acd.partition.agents", "150"));
        Duration warmUp = Duration.ofSeconds(Long.parseLong(System.getProperty("acd.partition.warm-up", "60")));
        List<URI> urls = cluster.urls().stream().map(URI::create).toList();
        traffic = new Traffic(urls, cluster.adminKey(), new Traffic.Settings(agents, rate, warmUp, 3, 0.5, 120, 1),
                cluster.workDir().resolve("acknowledged.txt"), line -> System.err.println("[traffic] " + line));
        traffic.start();
        // Cut a warm cluster: the rate has risen to its full value by the time start returns.
        long end = System.nanoTime() + warmUp.toNanos();
        Poll.until(warmUp.plusSeconds(5), Duration.ofSeconds(5), () -> {
            System.err.println("[traffic] " + traffic.progressLine(Duration.ofSeconds(5), 0));
            return System.nanoTime() >= end;
        });
    }

    @Override
    public Result stop() throws Exception {
        if (traffic == null) {
            return new Result(false, List.of("the traffic never started"));
        }
        double drained = traffic.drain(Duration.ofMinutes(5));
        AuditResult audit = traffic.audit(cluster.cassandra(), cluster.keyspace(), cluster.workDir());
        traffic.close();
        Counters c = traffic.counters();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%,d creates sent, %,d acknowledged, %d never acknowledged, %d not seen "
                        + "ending after a drain of %.0f s; %d calls retried, %d sockets reopened, %d offers missed, "
                        + "%d customers hung up", traffic.sent(), traffic.acknowledged(), c.createsUnacknowledged.get(),
                traffic.open(), drained, traffic.retries(), c.reconnects.get(), c.missedOffers.get(), c.abandons.get()));
        AuditReport.text(audit).lines().forEach(lines::add);
        boolean passed = audit.exitCode() == 0 && c.createsUnacknowledged.get() == 0 && traffic.open() == 0;
        return new Result(passed, lines);
    }
}
