package io.acd.loadtest.failover;

import io.acd.loadtest.network.Host;
import io.acd.loadtest.network.NamespaceNetwork;
import io.acd.loadtest.network.NetworkException;
import io.acd.loadtest.network.NetworkPlan;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A network partition of a three-node cluster on Cassandra: one node is cut off from the other two (but not
 * from Cassandra) while traffic flows; the split brain resolver must down it, its JVM must exit, and the
 * other two must go on as a cluster of two. Then the cut is healed, the node is started again, and it must
 * rejoin and serve. Every node runs in a network namespace of its own ({@link NamespaceNetwork}), so the cut
 * is a real one: packets between it and the others are dropped. Needs root, iproute2 and nftables.
 *
 * <pre>
 * CP='load-tests/target/acd-load-tests.jar:load-tests/target/lib/*'
 * java -cp "$CP" io.acd.loadtest.failover.PartitionRun network-up     # the bridge (10.201.0.1) first
 * bin/acd cassandra --listen-address 10.201.0.1 --port 9142 --data-dir cassandra-partition &amp;
 * java -cp "$CP" io.acd.loadtest.failover.PartitionRun run --cassandra 10.201.0.1:9142
 * java -cp "$CP" io.acd.loadtest.failover.PartitionRun network-down   # after Cassandra is stopped
 * </pre>
 * {@code load-tests/bin/partition} does all four. A traffic driver plugs in through {@link PartitionTraffic}.
 */
public final class PartitionRun {

    static final String CUT = "cut off from the other two";
    static final String OTHERS_SEE_IT_UNREACHABLE = "the other two see it unreachable";
    static final String IT_SEES_OTHERS_UNREACHABLE = "it sees the other two unreachable";
    static final String IT_DOWNED_ITSELF = "it sees itself downed";
    static final String MAJORITY_DOWNED_IT = "the other two downed it";
    static final String TWO_UP = "the other two show 2 members Up";
    static final String EXITED = "its JVM exited";
    static final String HEALED = "healed";
    static final String RESTARTED = "restarted";
    static final String THREE_UP = "3 members Up on every node";
    static final String READY = "it is ready (/health/ready)";
    static final String REJOINED = "every node serves GET /v1/routing";

    private static final int NODES = 3;
    /**
     * What a JVM that the cluster downed exits with: Pekko's coordinated shutdown gives the downing reason
     * exit code -1 (pekko.coordinated-shutdown.reason-overrides), which the OS reports as 255.
     */
    static final int DOWNED_EXIT_CODE = 255;
    private static final Duration POLL = Duration.ofMillis(100);
    /** A reachable host answers a connect at once; a dropped one is given this long. */
    private static final Duration PROBE = Duration.ofSeconds(2);

    private final PartitionOptions options;
    private final PartitionTraffic traffic;
    private final NetworkPlan plan = NetworkPlan.standard(NODES);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Timeline timeline = new Timeline(CUT);
    private final List<String> failures = new ArrayList<>();
    private final List<NodeProcess> nodes = new ArrayList<>();
    private NamespaceNetwork network;
    private int exitCode;
    private boolean cleanedUp;

    public PartitionRun(PartitionOptions options, PartitionTraffic traffic) {
        this.options = options;
        this.traffic = traffic;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = execute(args);
        } catch (PartitionOptions.UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(PartitionOptions.USAGE);
            code = 2;
        } catch (NetworkException | IllegalStateException e) {
            // A machine that cannot build the network, or a cluster that never formed: the reason is enough.
            System.err.println("FAILED: " + e.getMessage());
            code = 1;
        } catch (Exception e) {
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    static int execute(String[] args) throws Exception {
        PartitionOptions options = PartitionOptions.parse(args);
        NetworkPlan plan = NetworkPlan.standard(NODES);
        switch (options.command()) {
            case "network-up" -> {
                NamespaceNetwork.up(plan);
                System.out.println("Network up: bridge " + plan.bridge() + " on " + plan.bridgeAddress()
                        + ", namespaces " + String.join(", ", plan.hosts().stream().map(h -> h.namespace() + " ("
                        + h.address() + ")").toList()) + ". Start Cassandra on the bridge address:");
                System.out.println("  bin/acd cassandra --listen-address " + plan.bridgeAddress()
                        + " --port 9142 --data-dir DIR");
                return 0;
            }
            case "network-down" -> {
                NamespaceNetwork.down(plan);
                System.out.println("Network down: " + plan.bridge() + " and the " + plan.prefix() + "* namespaces"
                        + " are gone.");
                return 0;
            }
            default -> {
                PartitionRun run = new PartitionRun(options, options.traffic());
                Runtime.getRuntime().addShutdownHook(new Thread(run::cleanUp, "acd-partition-cleanup"));
                return run.run() ? 0 : 1;
            }
        }
    }

    /** The whole run; whether every check passed. Leaves nothing running (the network with --keep-network). */
    public boolean run() throws Exception {
        try {
            String cassandraHost = options.cassandraHost();
            if (!plan.contains(cassandraHost)) {
                throw new PartitionOptions.UsageException("The nodes in the namespaces reach only "
                        + plan.subnet() + ".0/24: --cassandra must be on it, e.g. " + plan.bridgeAddress() + ":9142"
                        + " for a Cassandra started with --listen-address " + plan.bridgeAddress());
            }
            network = NamespaceNetwork.up(plan);
            preflight();
            startCluster();
            Host cut = plan.host(chooseCut());
            NodeProcess cutNode = nodes.get(cut.node() - 1);
            traffic.start(new PartitionTraffic.Cluster(nodes.stream().map(NodeProcess::url).toList(), cut.node(),
                    options.cassandra(), options.keyspace(), options.workDir(), timeline, adminKey()));
            PartitionTraffic.Result result;
            try {
                cutAndAwaitDowning(cut, cutNode);
                healAndAwaitRejoin(cut, cutNode);
            } finally {
                result = traffic.stop();
            }
            if (!result.passed()) {
                failures.add("the traffic's checks failed");
            }
            report(cut, result);
            return failures.isEmpty();
        } finally {
            cleanUp();
        }
    }

    /** What would make every later failure a puzzle: Cassandra out of reach, or a bridge that forwards nothing. */
    private void preflight() {
        for (Host host : plan.hosts()) {
            NamespaceNetwork.Reach reach = network.probe(host, options.cassandraHost(), options.cassandraPort(), PROBE);
            if (reach != NamespaceNetwork.Reach.CONNECTED) {
                throw new NetworkException("Cassandra does not answer at " + options.cassandra() + " from namespace "
                        + host.namespace() + " (" + reach + "). The bridge comes first (PartitionRun network-up),"
                        + " then a Cassandra on its address (bin/acd cassandra --listen-address "
                        + plan.bridgeAddress() + " --port " + options.cassandraPort() + "), then the run;"
                        + " load-tests/bin/partition does all three.");
            }
        }
        // A refused connection proves the packets crossed the bridge both ways; nothing needs to listen.
        if (!network.probe(plan.host(1), plan.host(2).address(), 9, PROBE).reached()) {
            throw new NetworkException("Packets between the namespaces do not cross the bridge " + plan.bridge()
                    + ": a firewall in the root namespace drops forwarded traffic (with br_netfilter loaded,"
                    + " Docker's iptables FORWARD policy DROP does). Allow forwarding on " + plan.bridge() + ".");
        }
    }

    /**
     * Node 1 alone first, until it is ready: it creates the keyspace and tables, which several nodes creating
     * at once can leave with conflicting ids (docs/operations.md); then the other two, until all three are Up.
     */
    private void startCluster() throws Exception {
        Path keyspaceConfig = options.workDir().resolve("keyspace.conf");
        Files.writeString(keyspaceConfig, "acd.cassandra.keyspace = " + options.keyspace() + "\n");
        String seeds = String.join(",", plan.hosts().stream().map(h -> h.address() + ":25520").toList());
        for (Host host : plan.hosts()) {
            nodes.add(NodeProcess.inNamespace(network, host, List.of("--journal", "cassandra",
                    "--cassandra", options.cassandra(), "--config", keyspaceConfig.toString(),
                    "--data-dir", options.workDir().resolve("data-" + host.node()).toString(),
                    "--admin-key-file", adminKeyFile().toString(), "--seed-nodes", seeds), options.workDir().resolve("node-" + host.node() + ".log")));
        }
        progress("starting node 1 alone (it creates keyspace " + options.keyspace() + "); logs in "
                + options.workDir());
        nodes.get(0).start();
        awaitReady(nodes.get(0), options.startWithin());
        for (NodeProcess node : nodes.subList(1, NODES)) {
            node.start();
        }
        for (NodeProcess node : nodes) {
            awaitReady(node, options.startWithin());
        }
        List<String> all = plan.hosts().stream().map(Host::address).toList();
        if (!poll(options.startWithin(), () -> nodes.stream().allMatch(n -> view(n)
                .map(v -> v.settledWith(all)).orElse(false)))) {
            throw new IllegalStateException("the three nodes did not all show 3 members Up within "
                    + options.startWithin().toSeconds() + " s");
        }
        progress("3 nodes Up: " + String.join(", ", nodes.stream().map(NodeProcess::url).toList()));
    }

    /**
     * {@code --cut N}, else a node that is not the oldest: the oldest runs the cluster singletons (the shard
     * coordinators), whose move is another test ({@code --cut} with the oldest's number). Among the others,
     * the one running the Router, if one does: its cut moves the routing too, where a router on each side
     * would offer a contact twice.
     */
    private int chooseCut() {
        if (options.cut().isPresent()) {
            progress("cutting node " + options.cut().get() + " (--cut)");
            return options.cut().get();
        }
        String oldest = view(nodes.get(0)).flatMap(ClusterView::oldest)
                .orElseThrow(() -> new IllegalStateException("node 1 names no oldest member"));
        List<Host> candidates = plan.hosts().stream().filter(h -> !h.address().equals(oldest)).toList();
        Optional<Host> routing = candidates.stream().filter(h -> nodes.get(h.node() - 1).holdsRouter(http))
                .findFirst();
        Host chosen = routing.orElse(candidates.get(candidates.size() - 1));
        progress("the oldest is " + oldest + "; cutting node " + chosen.node() + " (" + chosen.address() + ")"
                + (routing.isPresent() ? ", which runs the Router" : " (the Router runs on neither of the others)"));
        return chosen.node();
    }

    private void cutAndAwaitDowning(Host cut, NodeProcess cutNode) throws Exception {
        List<NodeProcess> majority = nodes.stream().filter(n -> n != cutNode).toList();
        List<String> majorityHosts = majority.stream().map(n -> n.host).toList();
        network.partition(cut);
        timeline.mark(CUT);
        progress("node " + cut.node() + " cut off; waiting up to " + options.downWithin().toSeconds()
                + " s for the split brain resolver");
        boolean settled = poll(options.downWithin(), () -> {
            for (NodeProcess node : majority) {
                view(node).ifPresent(v -> {
                    if (v.unreachable().contains(cut.address())) {
                        timeline.mark(OTHERS_SEE_IT_UNREACHABLE);
                    }
                    String status = v.status().get(cut.address());
                    if (status == null || status.equals("Down")) {
                        timeline.mark(MAJORITY_DOWNED_IT);
                    }
                    if (v.settledWith(majorityHosts)) {
                        timeline.mark(TWO_UP);
                    }
                });
            }
            if (cutNode.isAlive()) {
                view(cutNode).ifPresent(v -> {
                    if (v.unreachable().containsAll(majorityHosts)) {
                        timeline.mark(IT_SEES_OTHERS_UNREACHABLE);
                    }
                    String self = v.status().get(cut.address());
                    if (self == null || !self.equals("Up")) {
                        timeline.mark(IT_DOWNED_ITSELF);
                    }
                });
            } else if (!timeline.has(EXITED)) {
                exitCode = cutNode.exitValue();
                timeline.mark(EXITED);
            }
            return timeline.has(EXITED) && majorityViewsSettled(majority, majorityHosts);
        });
        if (timeline.has(EXITED) && exitCode != DOWNED_EXIT_CODE) {
            failures.add("the cut node's JVM exited with code " + exitCode + ", not " + DOWNED_EXIT_CODE
                    + ": something else than its downing ended it (see its log)");
        }
        if (!settled) {
            failures.add("within " + options.downWithin().toSeconds() + " s: "
                    + (timeline.has(EXITED) ? "" : "the cut node's JVM did not exit; ")
                    + (timeline.has(TWO_UP) ? "" : "the other two did not settle as 2 members Up"));
        }
        for (NodeProcess node : majority) {
            if (!node.isAlive()) {
                failures.add(node.host + " of the majority exited (code " + node.exitValue()
                        + "): the split brain resolver downed the wrong side");
            }
        }
        if (!options.hold().isZero()) {
            progress("holding the cut " + options.hold().toSeconds() + " s more");
            poll(options.hold(), () -> false);
        }
    }

    /** Both majority nodes agree: exactly the two of them, Up. */
    private boolean majorityViewsSettled(List<NodeProcess> majority, List<String> hosts) {
        return majority.stream().allMatch(n -> view(n).map(v -> v.settledWith(hosts)).orElse(false));
    }

    private void healAndAwaitRejoin(Host cut, NodeProcess cutNode) throws Exception {
        if (cutNode.isAlive()) {
            // It was not downed in time (already a failure): stop it, so that the rest is still measured.
            cutNode.stop();
        }
        network.heal(cut);
        timeline.mark(HEALED);
        cutNode.start();
        timeline.mark(RESTARTED);
        progress("healed and restarted node " + cut.node() + "; waiting up to " + options.rejoinWithin().toSeconds()
                + " s for it to rejoin");
        List<String> all = plan.hosts().stream().map(Host::address).toList();
        boolean rejoined = poll(options.rejoinWithin(), () -> {
            if (!timeline.has(THREE_UP) && nodes.stream().allMatch(n -> view(n).map(v -> v.settledWith(all))
                    .orElse(false))) {
                timeline.mark(THREE_UP);
            }
            if (!timeline.has(READY) && answers(cutNode.url() + "/health/ready")) {
                timeline.mark(READY);
            }
            if (timeline.has(THREE_UP) && timeline.has(READY)
                    && nodes.stream().allMatch(n -> answers(n.url() + "/v1/routing"))) {
                timeline.mark(REJOINED);
            }
            return timeline.has(REJOINED) || !cutNode.isAlive();
        });
        if (!rejoined || !timeline.has(REJOINED)) {
            failures.add(cutNode.isAlive() ? "the restarted node did not rejoin and serve within "
                    + options.rejoinWithin().toSeconds() + " s"
                    : "the restarted node exited (code " + cutNode.exitValue() + ")");
        }
    }

    private void report(Host cut, PartitionTraffic.Result result) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Partition of node %d (%s) from the other two, seconds from the cut:%n",
                cut.node(), cut.address());
        timeline.lines().forEach(line -> System.out.println("  " + line));
        if (timeline.has(EXITED)) {
            System.out.println("the cut node's JVM exited with code " + exitCode
                    + (exitCode == DOWNED_EXIT_CODE ? " (downed by the cluster)" : ""));
        }
        result.lines().forEach(line -> System.out.println("traffic: " + line));
        System.out.println("logs: " + options.workDir() + "; audit: ACD_CASSANDRA_KEYSPACE=" + options.keyspace()
                + " bin/acd audit --journal cassandra --cassandra " + options.cassandra());
        System.out.println(failures.isEmpty() ? "PASSED" : "FAILED: " + String.join("; ", failures));
    }

    /** Stops every node and removes the namespaces; once, from the end of the run or from Ctrl-C. */
    private synchronized void cleanUp() {
        if (cleanedUp) {
            return;
        }
        cleanedUp = true;
        for (NodeProcess node : nodes) {
            try {
                node.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (network != null && !options.keepNetwork()) {
            network.close();
        }
    }

    private void awaitReady(NodeProcess node, Duration within) throws InterruptedException {
        if (!poll(within, () -> answers(node.url() + "/health/ready") || !node.isAlive())) {
            throw new IllegalStateException(node.url() + " not ready within " + within.toSeconds() + " s");
        }
        if (!node.isAlive()) {
            throw new IllegalStateException(node.url() + " exited with code " + node.exitValue()
                    + " before it was ready");
        }
    }

    private Optional<ClusterView> view(NodeProcess node) {
        return ClusterView.of(http, node.managementUrl());
    }

    /** One admin key for the three nodes, which node 1 creates. */
    private Path adminKeyFile() {
        return options.workDir().resolve("admin.key");
    }

    private String adminKey() throws IOException {
        return Files.readString(adminKeyFile()).trim();
    }

    private boolean answers(String url) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2));
            if (Files.exists(adminKeyFile())) {
                request.header("Authorization", "Bearer " + adminKey());
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notThere) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean poll(Duration within, java.util.function.BooleanSupplier done) throws InterruptedException {
        return Poll.until(within, POLL, done);
    }

    private static void progress(String line) {
        System.err.println("partition: " + line);
    }
}
