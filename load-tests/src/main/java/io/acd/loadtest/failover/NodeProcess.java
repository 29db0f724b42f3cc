package io.acd.loadtest.failover;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An engine node in a JVM of its own, started with {@code bin/acd run}'s main class on this JVM's classpath
 * (the load-tests classpath holds the launcher), so that it can be killed with SIGKILL like a real crash.
 */
public final class NodeProcess {

    /** The packaged load tests with their libraries, as bin/acd runs them (set by the build); else this JVM's. */
    private static final String CLASSPATH = System.getProperty("acd.node.classpath", System.getProperty("java.class.path"));

    final int httpPort;
    final int clusterPort;
    final int managementPort;
    private final List<String> command;
    private final Path log;
    private Process process;

    public NodeProcess(List<String> runOptions, Path log) throws IOException {
        this(List.of("-Xmx2g"), runOptions, log);
    }

    public NodeProcess(List<String> javaOptions, List<String> runOptions, Path log) throws IOException {
        this.httpPort = freePort();
        this.clusterPort = freePort();
        this.managementPort = freePort();
        this.log = log;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command = new ArrayList<>(List.of(java));
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", CLASSPATH,
                "io.acd.launcher.Main", "run", "--http-port", Integer.toString(httpPort),
                "--cluster-port", Integer.toString(clusterPort), "--management-port", Integer.toString(managementPort)));
        command.addAll(runOptions);
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String clusterAddress() {
        return "127.0.0.1:" + clusterPort;
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

    /** Whether this node's shard region runs the Router entity, asked of its Pekko Management endpoint. */
    public boolean holdsRouter(HttpClient http) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                    + "/cluster/shards/Router")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
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
