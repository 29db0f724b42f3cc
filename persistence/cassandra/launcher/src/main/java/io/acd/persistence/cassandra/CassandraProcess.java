package io.acd.persistence.cassandra;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Cassandra node in a JVM of its own: started from its settings, awaited until CQL answers, stopped. Its
 * classpath is only Cassandra's jars, so nothing of Cassandra meets the engine's or Pekko's classes.
 */
public final class CassandraProcess implements AutoCloseable {

    /** Where the node's console goes. */
    public enum Console {
        /** To this JVM's terminal: bin/acd cassandra in the foreground. */
        INHERIT,
        /** To logs/console.log in the data directory: tests, whose own output it would drown. */
        FILE
    }

    /** A start takes about 9 s on two idle cores and up to 30 s on busy ones; two minutes means trouble. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
    /** A drain at stop (flushing memtables, announcing the shutdown to gossip) takes a few seconds. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final int TAIL_LINES = 40;

    private final CassandraSettings settings;
    private final Console console;
    private final Process process;
    private final long startedNanos;

    private CassandraProcess(CassandraSettings settings, Console console, Process process, long startedNanos) {
        this.settings = settings;
        this.console = console;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /** Starts a node on the jars that {@link CassandraClasspath#locate()} finds; does not wait for CQL. */
    public static CassandraProcess start(CassandraSettings settings, Console console) {
        return start(settings, console, CassandraClasspath.locate());
    }

    /**
     * Starts a node on the given jars. Fails at once, with no process started, when either port is taken:
     * Cassandra itself finds out only when it binds the port, near the end of its start, and says so in a
     * stack trace among its log lines.
     */
    public static CassandraProcess start(CassandraSettings settings, Console console, Path lib) {
        requireFree(settings, settings.cqlPort(), "CQL", "--port");
        requireFree(settings, settings.storagePort(), "storage", "--storage-port");
        CassandraConfig.write(settings);
        ProcessBuilder builder = new ProcessBuilder(CassandraJvm.command(settings, CassandraClasspath.check(lib)))
                .directory(settings.dataDir().toFile());
        if (console == Console.INHERIT) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        } else {
            builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.consoleLog().toFile()));
        }
        // Standard input stays a pipe from this JVM: its end tells Cassandra that we are gone (ExitWithParent).
        long started = System.nanoTime();
        try {
            return new CassandraProcess(settings, console, builder.start(), started);
        } catch (IOException e) {
            throw new CassandraException("Cannot start Cassandra's JVM: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until CQL answers; fails as soon as the JVM exits, or when the timeout passes (then the node is
     * stopped), with the end of its logs in the message.
     */
    public CassandraProcess awaitCql(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (CqlProbe.probe(settings.listenAddress(), settings.cqlPort(), PROBE_TIMEOUT) != CqlProbe.Answer.CQL) {
            if (!process.isAlive()) {
                throw new CassandraException("Cassandra exited with code " + process.exitValue()
                        + " before CQL answered." + tails());
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new CassandraException("CQL did not answer on " + address() + " within "
                        + timeout.toSeconds() + " s; Cassandra was stopped." + tails());
            }
            waitFor(POLL);
        }
        return this;
    }

    /**
     * SIGTERM, so that Cassandra drains and flushes; SIGKILL if it is not gone within a minute. Idempotent.
     * Through the process handle: {@link Process#destroy()} would also close the standard input at once, and
     * ExitWithParent would take that for our end.
     */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.toHandle().destroy();
        if (!waitFor(STOP_TIMEOUT)) {
            process.toHandle().destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Blocks until the JVM exits, and gives its exit code. */
    public int waitForExit() throws InterruptedException {
        return process.waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Seconds since the JVM was started. */
    public double uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    public CassandraSettings settings() {
        return settings;
    }

    public String address() {
        return settings.listenAddress() + ":" + settings.cqlPort();
    }

    private boolean waitFor(Duration time) {
        try {
            return process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CassandraException("Interrupted while waiting for Cassandra on " + address(), e);
        }
    }

    private static void requireFree(CassandraSettings settings, int port, String name, String option) {
        InetSocketAddress address = new InetSocketAddress(settings.listenAddress(), port);
        if (address.isUnresolved()) {
            throw new CassandraException("Cannot start Cassandra: the listen address " + settings.listenAddress()
                    + " does not resolve. Give --listen-address an address of this machine.");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(address);
        } catch (IOException e) {
            // Linux says "Cannot assign", macOS "Can't assign": the address is on no interface here.
            if (String.valueOf(e.getMessage()).contains("assign requested address")) {
                throw new CassandraException("Cannot start Cassandra: no interface of this machine has the"
                        + " address " + settings.listenAddress() + ". Give --listen-address one it has (ip addr"
                        + " lists them), or add the address first.");
            }
            String what = name.equals("CQL") && CqlProbe.answers(settings.listenAddress(), port, PROBE_TIMEOUT)
                    ? "a CQL server (a Cassandra already running?) answers there"
                    : "it is in use";
            throw new CassandraException("Cannot start Cassandra: the " + name + " port " + port + " on "
                    + settings.listenAddress() + " is not free, " + what + ". Stop what listens there or choose"
                    + " another " + option + ".");
        }
    }

    /** The end of what the node wrote: its console (when in a file) and its system.log. */
    private String tails() {
        StringBuilder text = new StringBuilder();
        List<Path> logs = console == Console.FILE ? List.of(settings.consoleLog(), settings.systemLog())
                : List.of(settings.systemLog());
        for (Path log : logs) {
            String tail = tail(log, TAIL_LINES);
            if (!tail.isEmpty()) {
                text.append(System.lineSeparator()).append("--- last lines of ").append(log).append(" ---")
                        .append(System.lineSeparator()).append(tail);
            }
        }
        return text.toString();
    }

    /** The last lines of a file, from its last 16 KiB only: a log of a long-lived node can be large. */
    static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(0, in.length() - 16 * 1024);
            byte[] bytes = new byte[(int) (in.length() - from)];
            in.seek(from);
            in.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\\R");
            return String.join(System.lineSeparator(),
                    Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
