package io.acd.persistence.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One Cassandra for all the tests of a test JVM, for other modules' tests: the first call starts it (about
 * 10 s), every later call gets the same one, and a shutdown hook stops it when the test JVM exits (were the
 * test JVM killed, the node stops by itself: {@link ExitWithParent}). In a JUnit 5 test:
 * <pre>{@code
 * @BeforeAll
 * static void cassandra() {
 *     contactPoint = SharedCassandra.contactPoint();
 * }
 * }</pre>
 * <p>The port is {@value #PORT_PROPERTY} (default 9042). <b>Reuse:</b> when CQL already answers on that port,
 * that Cassandra is used as it is, and left running at the end: a {@code bin/acd cassandra} in another
 * terminal spares every test run the start. Tests must therefore create their own keyspaces and tables and
 * not assume an empty node. Otherwise a new node is started with its data under the calling module's
 * {@code target/cassandra-test}, emptied first. The module's tests need Cassandra's jars, which
 * {@link CassandraClasspath} finds in the repository: a test-scoped dependency on acd-cassandra-server with
 * type pom (managed in the parent pom, without any of Cassandra's jars) makes the build gather them first.
 */
public final class SharedCassandra {

    public static final String PORT_PROPERTY = "acd.cassandra.test.port";

    private static InetSocketAddress contactPoint;

    private SharedCassandra() {
    }

    /** The address of the test JVM's Cassandra, started on first use. */
    public static synchronized InetSocketAddress contactPoint() {
        if (contactPoint == null) {
            int port = Integer.getInteger(PORT_PROPERTY, CassandraSettings.DEFAULT_CQL_PORT);
            Path dir = Path.of(System.getProperty("user.dir"), "target", "cassandra-test");
            Node node = startOrReuse(CassandraSettings.defaults().withDataDir(dir).withCqlPort(port),
                    CassandraProcess.DEFAULT_START_TIMEOUT);
            node.process().ifPresent(process -> Runtime.getRuntime().addShutdownHook(
                    new Thread(process::stop, "acd-test-cassandra-stop")));
            contactPoint = node.contactPoint();
        }
        return contactPoint;
    }

    /** A node that answers CQL: one this JVM started (with its process), or one that was already there. */
    public record Node(InetSocketAddress contactPoint, Optional<CassandraProcess> process) {

        public boolean reused() {
            return process.isEmpty();
        }
    }

    /**
     * The Cassandra that answers CQL on the settings' port, if one does; else a new one on an emptied data
     * directory, awaited until CQL answers. The caller stops what it started.
     */
    public static Node startOrReuse(CassandraSettings settings, Duration timeout) {
        InetSocketAddress address = new InetSocketAddress(settings.listenAddress(), settings.cqlPort());
        if (CqlProbe.answers(settings.listenAddress(), settings.cqlPort(), Duration.ofSeconds(2))) {
            return new Node(address, Optional.empty());
        }
        empty(settings.dataDir());
        CassandraProcess process = CassandraProcess.start(settings, CassandraProcess.Console.FILE);
        process.awaitCql(timeout);
        return new Node(address, Optional.of(process));
    }

    static void empty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot empty the test Cassandra's data directory " + dir, e);
        }
    }
}
