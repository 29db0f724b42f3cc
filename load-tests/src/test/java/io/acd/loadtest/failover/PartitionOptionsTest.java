package io.acd.loadtest.failover;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PartitionRun's command line: what it refuses before it changes anything on the machine. */
class PartitionOptionsTest {

    private static String refused(String... args) {
        return assertThrows(PartitionOptions.UsageException.class, () -> PartitionOptions.parse(args)).getMessage();
    }

    @Test
    void aRunNeedsCassandraAndRefusesWhatItDoesNotKnow() {
        assertTrue(refused().contains("A command is needed"));
        assertTrue(refused("partition").contains("Unknown command: partition"));
        assertTrue(refused("run").contains("--cassandra HOST:PORT"));
        assertTrue(refused("run", "--cassandra", "10.201.0.1").contains("--cassandra HOST:PORT"));
        assertTrue(refused("run", "--cassandra", "10.201.0.1:9142", "--colour", "red").contains("--colour"));
        assertTrue(refused("run", "--cassandra", "10.201.0.1:9142", "--cut", "4").contains("1 to 3, not 4"));
        assertTrue(refused("run", "--cassandra", "10.201.0.1:9142", "--hold").contains("--hold needs a value"));
        assertTrue(refused("network-up", "--cut", "2").contains("takes no options"));
    }

    @Test
    void theOptionsOfARun(@TempDir Path dir) {
        PartitionOptions options = PartitionOptions.parse("run", "--cassandra", "10.201.0.1:9142", "--cut", "2",
                "--hold", "5", "--work-dir", dir.resolve("run").toString(), "--keep-network");

        assertEquals("10.201.0.1", options.cassandraHost());
        assertEquals(9142, options.cassandraPort());
        assertEquals(Optional.of(2), options.cut());
        assertEquals(Duration.ofSeconds(5), options.hold());
        assertEquals(Duration.ofSeconds(60), options.downWithin());
        assertTrue(options.keepNetwork());
        assertTrue(options.workDir().toFile().isDirectory());
        assertSame(PartitionTraffic.NONE, options.traffic());
        assertTrue(options.keyspace().matches("partition_[a-z0-9]+"), "a fresh keyspace: " + options.keyspace());
    }

    @Test
    void aTrafficClassMustBeAPartitionTraffic(@TempDir Path dir) {
        PartitionOptions options = PartitionOptions.parse("run", "--cassandra", "h:1", "--work-dir", dir.toString(),
                "--traffic", "java.lang.String");
        String message = assertThrows(PartitionOptions.UsageException.class, options::traffic).getMessage();
        assertTrue(message.contains("is not a PartitionTraffic"), message);
    }
}
