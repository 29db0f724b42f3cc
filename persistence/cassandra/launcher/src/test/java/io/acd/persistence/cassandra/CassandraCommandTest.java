package io.acd.persistence.cassandra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line, up to the point where a Cassandra would start. */
class CassandraCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> CassandraCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args));
    }

    @Test
    void aTakenPortIsAClearErrorAndANonZeroExitNotAHang(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertEquals(1, run("--data-dir", dir.toString(), "--port", Integer.toString(port),
                    "--storage-port", Integer.toString(CassandraProcessTest.freePort())));
            assertTrue(err.toString().contains("CQL port " + port + " on 127.0.0.1 is not free"), err.toString());
            assertTrue(out.toString().contains("CQL           127.0.0.1:" + port), "the settings come first");
        }
    }

    @Test
    void theListenAddressIsWhereThePortMustBeFreeAndWhatThePrintedContactPointSays(@TempDir Path dir)
            throws IOException {
        // On Linux all of 127/8 is the loopback's: a second address of this machine without any setup.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
            int port = taken.getLocalPort();

            assertEquals(1, run("--data-dir", dir.toString(), "--port", Integer.toString(port),
                    "--storage-port", Integer.toString(CassandraProcessTest.freePort()),
                    "--listen-address", "127.0.0.2"));
            assertTrue(err.toString().contains("CQL port " + port + " on 127.0.0.2 is not free"), err.toString());
            assertTrue(out.toString().contains("CQL           127.0.0.2:" + port), out.toString());
        }
    }

    @Test
    void anAddressThisMachineDoesNotHaveIsAClearError(@TempDir Path dir) {
        // 192.0.2.0/24 is reserved for documentation (RFC 5737): no machine has it.
        assertEquals(1, run("--data-dir", dir.toString(), "--listen-address", "192.0.2.1"));
        assertTrue(err.toString().contains("no interface of this machine has the address 192.0.2.1"),
                err.toString());
    }

    @Test
    void aWildcardListenAddressIsAUsageError(@TempDir Path dir) {
        assertEquals(2, run("--data-dir", dir.toString(), "--listen-address", "0.0.0.0"));
        assertTrue(err.toString().contains("not the wildcard 0.0.0.0"), err.toString());
    }

    @Test
    void helpListsTheOptions() {
        assertEquals(0, run("--help"));
        for (String option : new String[] {"--data-dir", "--port", "--listen-address", "--storage-port", "--heap",
                "--help"}) {
            assertTrue(out.toString().contains(option), out.toString());
        }
    }

    @Test
    void aBadHeapIsAUsageError(@TempDir Path dir) {
        assertEquals(2, run("--data-dir", dir.toString(), "--heap", "plenty"));
        assertTrue(err.toString().contains("plenty"), err.toString());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertEquals(2, run("--colour"));
    }
}
