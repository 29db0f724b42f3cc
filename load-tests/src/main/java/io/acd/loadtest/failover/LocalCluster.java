package io.acd.loadtest.failover;

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

/**
 * Engine nodes on this machine, each in a JVM of its own, forming one cluster on a Cassandra keyspace of the
 * run's own. The first node starts alone and creates the schema: tables created by several nodes at once can
 * end up with conflicting ids on Cassandra (see docs/operations.md).
 */
public final class LocalCluster implements AutoCloseable {

    private final List<NodeProcess> nodes;
    private final Path adminKeyFile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalCluster(List<NodeProcess> nodes, Path adminKeyFile) {
        this.nodes = nodes;
        this.adminKeyFile = adminKeyFile;
    }

    /** Starts {@code size} nodes in {@code dir} (their data and logs) and waits until every one is ready. */
    public static LocalCluster start(int size, String cassandra, String keyspace, Path dir, Duration readyWithin)
            throws IOException, InterruptedException {
        return start(size, cassandra, keyspace, dir, List.of("-Xmx2g"), readyWithin);
    }

    /** As above, each node's JVM with {@code javaOptions}. */
    public static LocalCluster start(int size, String cassandra, String keyspace, Path dir, List<String> javaOptions,
                                     Duration readyWithin) throws IOException, InterruptedException {
        Path config = dir.resolve("keyspace.conf");
        Files.writeString(config, "acd.cassandra.keyspace = " + keyspace + "\n");
        // One admin key for the cluster, as an operator would give every node the same file: the first node
        // creates it, the others read it.
        Path adminKeyFile = dir.resolve("admin.key");
        List<NodeProcess> nodes = new ArrayList<>();
        for (int n = 0; n < size; n++) {
            nodes.add(new NodeProcess(javaOptions, new ArrayList<>(List.of("--journal", "cassandra", "--cassandra",
                    cassandra, "--data-dir", dir.resolve("data-" + n).toString(), "--config", config.toString(),
                    "--admin-key-file", adminKeyFile.toString())),
                    dir.resolve("node-" + n + ".log")));
        }
        LocalCluster cluster = new LocalCluster(nodes, adminKeyFile);
        String seeds = String.join(",", nodes.stream().map(NodeProcess::clusterAddress).toList());
        try {
            nodes.get(0).startWith(List.of("--seed-nodes", seeds));
            cluster.awaitReady(nodes.get(0), readyWithin);
            for (NodeProcess node : nodes.subList(1, size)) {
                node.startWith(List.of("--seed-nodes", seeds));
            }
            for (NodeProcess node : nodes) {
                cluster.awaitReady(node, readyWithin);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The cluster's admin key, which the first node created as it started. */
    public String adminKey() throws IOException {
        return Files.readString(adminKeyFile).trim();
    }

    public List<NodeProcess> nodes() {
        return nodes;
    }

    public List<String> urls() {
        return nodes.stream().map(NodeProcess::url).toList();
    }

    public List<URI> uris() {
        return nodes.stream().map(n -> URI.create(n.url())).toList();
    }

    public boolean ready(NodeProcess node) {
        return node.ready(http);
    }

    /**
     * Every node ready and seeing all the others Up: one cluster of them all. A node can be ready in a cluster of
     * its own (a first seed node that found no other in time forms one), which only the members tell.
     */
    public boolean whole() {
        return nodes.stream().allMatch(n -> n.ready(http) && n.membersUp(http) == nodes.size());
    }

    /** What each node sees, for a message: how many members Up (-1: not answering). */
    public String membership() {
        return String.join(", ", nodes.stream().map(n -> n.url() + " sees " + n.membersUp(http) + " Up").toList());
    }

    public void awaitReady(NodeProcess node, Duration within) throws InterruptedException {
        if (!Poll.until(within, Duration.ofMillis(200), () -> ready(node))) {
            throw new IllegalStateException(node.url() + " not ready within " + within);
        }
    }

    /** Stops every node still running, gracefully (coordinated shutdown), each within a minute. */
    @Override
    public void close() throws InterruptedException {
        for (NodeProcess node : nodes) {
            node.stop();
        }
    }
}
