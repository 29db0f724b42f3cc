package io.acd.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest {

    @Test
    void theEmbeddedJournalIsTheDefault() {
        assertEquals(Journal.EMBEDDED, Journal.chosen(ConfigFactory.load()));
    }

    @Test
    void aJournalNoBuildHasIsRefusedWithTheNamesThereAre() {
        Config config = ConfigFactory.parseMap(Map.of("acd.journal", "leveldb"));
        ConfigException e = assertThrows(ConfigException.class, () -> Journal.chosen(config));
        assertTrue(e.getMessage().contains("leveldb") && e.getMessage().contains("embedded"), e.getMessage());
    }

    @Test
    void theEmbeddedSchemaIsCreatedOnceAndLeftAloneAfterwards(@TempDir Path dir) throws Exception {
        Config config = embedded(dir);
        prepareOn(config);
        String url = config.getString("pekko-persistence-jdbc.shared-databases.acd.db.url");
        try (Connection c = DriverManager.getConnection(url, "acd", "")) {
            c.createStatement().execute("INSERT INTO \"snapshot\" VALUES ('p', 1, 0, 1, 'm', X'00', NULL, NULL, NULL)");
        }

        prepareOn(config);

        try (Connection c = DriverManager.getConnection(url, "acd", "");
             ResultSet rows = c.createStatement().executeQuery("SELECT COUNT(*) FROM \"snapshot\"")) {
            rows.next();
            assertEquals(1, rows.getInt(1), "a second start must keep what the first stored");
            try (ResultSet index = c.createStatement().executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES"
                    + " WHERE INDEX_NAME = 'event_tag_tag_idx'")) {
                index.next();
                assertEquals(1, index.getInt(1), "tag readers need the tag index");
            }
            for (String table : new String[] {"event_journal", "event_tag", "snapshot", "durable_state"}) {
                try (ResultSet t = c.getMetaData().getTables(null, "PUBLIC", table, null)) {
                    assertTrue(t.next(), table + " is missing");
                }
            }
        }
    }

    @Test
    void aJournalThatCannotBeOpenedStopsTheStartWithTheReason(@TempDir Path dir) throws Exception {
        Path notADirectory = dir.resolve("file");
        java.nio.file.Files.writeString(notADirectory, "x");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> prepareOn(embedded(notADirectory)));
        assertTrue(e.getMessage().contains("cannot be opened"), e.getMessage());
    }

    private static void prepareOn(Config config) {
        ActorSystem system = ActorSystem.create("journal-test", config);
        try {
            Journal.EMBEDDED.prepare(system);
        } finally {
            system.terminate();
        }
    }

    private static Config embedded(Path dir) {
        return ConfigFactory.parseMap(Map.of("acd.data-dir", dir.toString()))
                .withFallback(Journal.EMBEDDED.settings())
                .withFallback(ConfigFactory.load())
                .resolve();
    }
}
