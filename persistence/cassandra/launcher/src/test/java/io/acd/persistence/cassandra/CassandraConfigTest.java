package io.acd.persistence.cassandra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CassandraConfigTest {

    @TempDir
    Path dir;

    @Test
    void theYamlSaysWhatTheSettingsSay() throws Exception {
        CassandraSettings settings = CassandraSettings.defaults().withDataDir(dir.resolve("node"))
                .withCqlPort(9142).withHeap("768m");
        CassandraConfig.write(settings);

        List<String> yaml = Files.readAllLines(settings.configFile());
        Path data = dir.resolve("node").toAbsolutePath();
        for (String line : List.of(
                "cluster_name: 'ACD dev'",
                "num_tokens: 1",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "endpoint_snitch: SimpleSnitch",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "      - seeds: \"127.0.0.1:7100\"",
                "listen_address: 127.0.0.1",
                "rpc_address: 127.0.0.1",
                "storage_port: 7100",
                "native_transport_port: 9142",
                "  - '" + data.resolve("data") + "'",
                "commitlog_directory: '" + data.resolve("commitlog") + "'",
                "saved_caches_directory: '" + data.resolve("saved_caches") + "'",
                "hints_directory: '" + data.resolve("hints") + "'",
                "cdc_raw_directory: '" + data.resolve("cdc_raw") + "'",
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                "concurrent_compactors: 1",
                "auto_snapshot: false")) {
            assertTrue(yaml.contains(line), () -> "missing \"" + line + "\" in\n" + String.join("\n", yaml));
        }
        for (Path made : List.of(settings.dataFileDir(), settings.commitLogDir(), settings.hintsDir(),
                settings.savedCachesDir(), settings.cdcRawDir(), settings.triggersDir(), settings.logDir())) {
            assertTrue(Files.isDirectory(made), made + " was not created");
        }
    }

    @Test
    void anotherListenAddressIsWhereCqlInternodeTrafficAndTheSeedAre() {
        String yaml = CassandraConfig.yaml(CassandraSettings.defaults().withDataDir(dir).withCqlPort(9142)
                .withListenAddress("10.201.0.1"));
        List<String> lines = yaml.lines().toList();
        for (String line : List.of("listen_address: 10.201.0.1", "rpc_address: 10.201.0.1",
                "      - seeds: \"10.201.0.1:7100\"")) {
            assertTrue(lines.contains(line), () -> "missing \"" + line + "\" in\n" + yaml);
        }
        assertFalse(yaml.contains("127.0.0.1"), yaml);
    }

    @Test
    void logbackWritesTheFileUnderTheDataDirAndOnlyWarningsToTheConsole() throws Exception {
        CassandraSettings settings = CassandraSettings.defaults().withDataDir(dir);
        CassandraConfig.write(settings);

        String xml = Files.readString(settings.logbackFile());
        assertTrue(xml.contains("<file>" + dir.toAbsolutePath().resolve("logs/system.log") + "</file>"), xml);
        assertTrue(xml.contains("<level>WARN</level>"), xml);
        assertTrue(xml.contains("<root level=\"INFO\">"), xml);
    }

    @Test
    void quotesInNamesAndPathsStayInsideTheirScalars() {
        CassandraSettings settings = new CassandraSettings(dir.resolve("it's"), 9042, 7000, "1g", "127.0.0.1",
                "Bob's cluster");
        String yaml = CassandraConfig.yaml(settings);
        assertTrue(yaml.contains("cluster_name: 'Bob''s cluster'"), yaml);
        assertTrue(yaml.contains("it''s/commitlog'"), yaml);
    }

    @Test
    void theStoragePortFollowsTheCqlPortSoThatTwoNodesDoNotClash() {
        assertEquals(7000, CassandraSettings.defaults().storagePort());
        assertEquals(7100, CassandraSettings.defaults().withCqlPort(9142).storagePort());
        assertEquals(4042, CassandraSettings.storagePortFor(2000));
        CassandraSettings one = CassandraSettings.defaults().withCqlPort(9042);
        CassandraSettings two = CassandraSettings.defaults().withCqlPort(9043);
        assertNotEquals(one.storagePort(), two.storagePort());
        assertEquals(7500, CassandraSettings.defaults().withStoragePort(7500).storagePort());
    }

    @Test
    void badSettingsAreRefusedWithTheirReason() {
        CassandraSettings defaults = CassandraSettings.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> defaults.withHeap("lots"))
                .getMessage().contains("lots"));
        assertThrows(IllegalArgumentException.class, () -> defaults.withCqlPort(70000));
        assertThrows(IllegalArgumentException.class, () -> defaults.withStoragePort(defaults.cqlPort()));
        for (String wildcard : List.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0")) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> defaults.withListenAddress(wildcard))
                    .getMessage().contains("wildcard"), wildcard);
        }
        assertTrue(defaults.dataDir().isAbsolute());
    }
}
