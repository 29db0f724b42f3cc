package io.acd.launcher;

import io.acd.gateway.Client;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** The engine as a user runs it: {@code bin/acd run} in a JVM of its own, which a test may kill -9. */
final class EngineProcess {

    /** The packaged launcher, as bin/acd runs it (set by the build); the test's own classpath otherwise. */
    private static final String CLASSPATH = System.getProperty("acd.launcher.classpath",
            System.getProperty("java.class.path"));

    private final Process process;
    final int httpPort;
    /** With the admin key from the data directory, once the engine is ready (it creates the key). */
    Client api;

    private EngineProcess(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.api = new Client(httpPort, null);
    }

    static EngineProcess start(Path dataDir, Path config, Path log) throws IOException {
        int httpPort = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m",
                "-cp", CLASSPATH, "io.acd.launcher.Main", "run",
                "--http-port", Integer.toString(httpPort), "--cluster-port", Integer.toString(freePort()),
                "--management-port", Integer.toString(freePort()),
                "--data-dir", dataDir.toString(), "--config", config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        EngineProcess engine = new EngineProcess(builder.start(), httpPort);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .failFast("The engine exited; see " + log, () -> !engine.process.isAlive())
                .until(() -> engine.api.get("/health/ready").status() == 200);
        String key = Files.readString(dataDir.resolve("admin.key")).trim();
        engine.api = engine.api.withKey(key);
        // Secure by default: the console names the key's file, and never shows the key.
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("Admin key"));
        String console = Files.readString(log);
        if (!console.contains(dataDir.resolve("admin.key").toString()) || console.contains(key)) {
            throw new AssertionError("The console must name the admin key's file and not show the key: " + log);
        }
        return engine;
    }

    /** SIGKILL: no shutdown hook, no flush, nothing graceful. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("The engine did not die");
        }
    }

    void stop() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
