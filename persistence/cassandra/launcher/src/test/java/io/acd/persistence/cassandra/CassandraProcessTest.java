package io.acd.persistence.cassandra;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real Cassandra, from the server module's jars (the build passes acd.cassandra.lib). */
class CassandraProcessTest {

    private CassandraProcess node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.stop();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static CassandraSettings settings(Path dataDir) throws IOException {
        return CassandraSettings.defaults().withDataDir(dataDir).withCqlPort(freePort())
                .withStoragePort(freePort());
    }

    @Test
    void aStartedNodeAnswersCqlOnItsListenAddressAndIsGoneAfterStop() throws IOException {
        Path dir = Path.of("target", "cassandra-process-test"); // kept after the test, for its logs
        SharedCassandra.empty(dir);
        // Not the default address, as --listen-address gives it: on Linux all of 127/8 is the loopback's.
        CassandraSettings settings = settings(dir).withListenAddress("127.0.0.2");
        node = CassandraProcess.start(settings, CassandraProcess.Console.FILE)
                .awaitCql(CassandraProcess.DEFAULT_START_TIMEOUT);
        long pid = node.pid();

        assertTrue(CqlProbe.answers("127.0.0.2", settings.cqlPort(), Duration.ofSeconds(2)));
        assertEquals(CqlProbe.Answer.NOTHING, CqlProbe.probe("127.0.0.1", settings.cqlPort(), Duration.ofSeconds(2)),
                "CQL listens on the listen address only");
        assertEquals("127.0.0.2:" + settings.cqlPort(), node.address());
        assertTrue(Files.readString(settings.systemLog()).contains("Starting listening for CQL clients"));
        // What the tests of other modules would get on this port: the same node, not a second one.
        SharedCassandra.Node shared = SharedCassandra.startOrReuse(settings, Duration.ofSeconds(5));
        assertTrue(shared.reused());
        assertEquals(new InetSocketAddress("127.0.0.2", settings.cqlPort()), shared.contactPoint());

        node.stop();

        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the JVM is still running");
        assertTrue(Files.readString(settings.systemLog()).contains("Cassandra shutdown complete"),
                "a SIGTERM drains the node");
        await().atMost(Duration.ofSeconds(10)).until(
                () -> CqlProbe.probe("127.0.0.2", settings.cqlPort(), Duration.ofSeconds(1))
                        == CqlProbe.Answer.NOTHING);
    }

    @Test
    void aTakenPortFailsAtOnceWithWhatToDo(@TempDir Path dir) throws IOException {
        CassandraSettings settings = settings(dir);
        try (ServerSocket taken = new ServerSocket(settings.cqlPort(), 1, InetAddress.getLoopbackAddress())) {
            CassandraException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(
                    CassandraException.class, () -> CassandraProcess.start(settings, CassandraProcess.Console.FILE)));
            assertTrue(e.getMessage().contains("CQL port " + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertTrue(e.getMessage().contains("--port"), e.getMessage());
        }
        try (ServerSocket taken = new ServerSocket(settings.storagePort(), 1, InetAddress.getLoopbackAddress())) {
            CassandraException e = assertThrows(CassandraException.class,
                    () -> CassandraProcess.start(settings, CassandraProcess.Console.FILE));
            assertTrue(e.getMessage().contains("storage port " + taken.getLocalPort()), e.getMessage());
        }
    }

    @Test
    void aJvmThatDiesBeforeCqlFailsTheWaitAtOnceWithItsOutput(@TempDir Path dir) throws IOException {
        // A lib with a cassandra-all jar that holds no Cassandra: the JVM starts and dies at once.
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.createFile(lib.resolve("cassandra-all-0.0.jar"));
        CassandraSettings settings = settings(dir.resolve("data"));
        node = CassandraProcess.start(settings, CassandraProcess.Console.FILE, lib);

        CassandraException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(
                CassandraException.class, () -> node.awaitCql(CassandraProcess.DEFAULT_START_TIMEOUT)));
        assertTrue(e.getMessage().contains("exited with code"), e.getMessage());
        assertTrue(e.getMessage().contains("CassandraDaemon"), "the tail of its console: " + e.getMessage());
    }

    @Test
    void missingJarsNameTheBuildCommand(@TempDir Path dir) {
        CassandraException e = assertThrows(CassandraException.class, () -> CassandraClasspath.check(dir));
        assertTrue(e.getMessage().contains(CassandraClasspath.BUILD), e.getMessage());
    }
}
