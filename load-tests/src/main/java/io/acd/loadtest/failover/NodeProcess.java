package io.acd.loadtest.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acd.loadtest.network.Host;
import io.acd.loadtest.network.NamespaceNetwork;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An engine node in a JVM of its own, started with {@code bin/acd run}'s main class on this JVM's classpath
 * (the load-tests classpath holds the launcher), so that it can be killed with SIGKILL like a real crash.
 * Either on loopback with ports of its own, or alone in a network namespace of a {@link NamespaceNetwork},
 * at the namespace's address with the default ports, as a node on a host of its own would be.
 */
public final class NodeProcess {

    /** The packaged load tests with their libraries, as bin/acd runs them (set by the build); else this JVM's. */
    private static final String CLASSPATH = System.getProperty("acd.node.classpath", System.getProperty("java.class.path"));

    private static final String LOOPBACK = "127.0.0.1";
    private static final int DEFAULT_HTTP_PORT = 8080;
    private static final int DEFAULT_CLUSTER_PORT = 25520;
    private static final int DEFAULT_MANAGEMENT_PORT = 7626;

    private static final ObjectMapper MEMBERS = new ObjectMapper();

    final String host;
    final int httpPort;
    final int clusterPort;
    final int managementPort;
    private final List<String> command;
    private final Path log;
    private Process process;

    /** On loopback, with free ports. */
    public NodeProcess(List<String> runOptions, Path log) throws IOException {
        this(List.of("-Xmx2g"), runOptions, log);
    }

    /** On loopback, with free ports, the JVM with {@code javaOptions}. */
    public NodeProcess(List<String> javaOptions, List<String> runOptions, Path log) throws IOException {
        this(LOOPBACK, freePort(), freePort(), freePort(), List.of(), javaOptions, runOptions, log);
    }

    private NodeProcess(String host, int httpPort, int clusterPort, int managementPort, List<String> wrapper,
                        List<String> javaOptions, List<String> runOptions, Path log) {
        this.host = host;
        this.httpPort = httpPort;
        this.clusterPort = clusterPort;
        this.managementPort = managementPort;
        this.log = log;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jvm = new ArrayList<>(List.of(java));
        jvm.addAll(javaOptions);
        jvm.addAll(List.of("-cp", CLASSPATH,
                "io.acd.launcher.Main", "run", "--http-port", Integer.toString(httpPort),
                "--cluster-port", Integer.toString(clusterPort), "--management-port", Integer.toString(managementPort)));
        if (!host.equals(LOOPBACK)) {
            jvm.addAll(List.of("--cluster-host", host));
        }
        jvm.addAll(runOptions);
        // ip netns exec execs the JVM in place: the process started here is the JVM, which kill() kills.
        command = new ArrayList<>(wrapper);
        command.addAll(jvm);
    }

    /** In the host's namespace, at its address: the namespace has the ports to itself. */
    static NodeProcess inNamespace(NamespaceNetwork network, Host host, List<String> runOptions, Path log) {
        return new NodeProcess(host.address(), DEFAULT_HTTP_PORT, DEFAULT_CLUSTER_PORT, DEFAULT_MANAGEMENT_PORT,
                network.inside(host, List.of()), List.of("-Xmx2g"), runOptions, log);
    }

    public String url() {
        return "http://" + host + ":" + httpPort;
    }

    /** Pekko Management: /cluster/members, /ready; it listens on the cluster host only. */
    String managementUrl() {
        return "http://" + host + ":" + managementPort;
    }

    public String clusterAddress() {
        return host + ":" + clusterPort;
    }

    /** Starts the JVM; the same ports again after a kill, as a node restarted in place would. */
    public void start() throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    public void startWith(List<String> extraOptions) throws IOException {
        command.addAll(extraOptions);
        start();
    }

    /** kill -9: no shutdown hook runs, nothing is flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Whether the node answers {@code /health/ready} with 200: booted, a cluster member, its journal answering. */
    public boolean ready(HttpClient http) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + "/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListening) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * How many members this node sees Up and reachable (Pekko Management's /cluster/members), or -1 when it does
     * not answer. A node that formed a cluster of its own sees only itself.
     */
    public long membersUp(HttpClient http) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/cluster/members"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return -1;
            }
            // By full address: on loopback every node has the same host and a port of its own.
            JsonNode root = MEMBERS.readTree(r.body());
            Set<String> unreachable = new HashSet<>();
            root.path("unreachable").forEach(u -> unreachable.add(u.path("node").asText()));
            long up = 0;
            for (JsonNode m : root.path("members")) {
                if (m.path("status").asText().equals("Up") && !unreachable.contains(m.path("node").asText())) {
                    up++;
                }
            }
            return up;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The exit code of the JVM last started, once it ended. */
    int exitValue() {
        return process.exitValue();
    }

    /** Whether this node's shard region runs the Router entity, asked of its Pekko Management endpoint. */
    public boolean holdsRouter(HttpClient http) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/cluster/shards/Router"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"numEntities\":1");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
