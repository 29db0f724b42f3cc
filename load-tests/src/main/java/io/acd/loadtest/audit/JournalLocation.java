package io.acd.loadtest.audit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.acd.engine.node.EngineNode;
import io.acd.persistence.journal.Journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which journal to audit and where it is, and the configuration to read it with: the node's own
 * ({@link EngineNode#config}), so that the journal plugin's settings and the serializers are exactly those
 * the engine wrote with, in a local actor system that joins no cluster.
 *
 * @param cassandra contact points HOST:PORT, or null for the node's (ACD_CASSANDRA, else 127.0.0.1:9042)
 * @param keyspace  the Cassandra keyspace, or null for the node's ({@code acd.cassandra.keyspace})
 */
public record JournalLocation(Journal journal, Path dataDir, List<String> cassandra, String keyspace) {

    /** Where the embedded journal's settings keep its database URL. */
    static final String EMBEDDED_DATABASE = "pekko-persistence-jdbc.shared-databases.acd.db";
    static final String EMBEDDED_URL = EMBEDDED_DATABASE + ".url";
    /** The file H2 keeps a database named {@code journal} in. */
    static final String EMBEDDED_FILE = "journal.mv.db";

    public JournalLocation {
        dataDir = dataDir.toAbsolutePath().normalize();
        cassandra = cassandra == null ? null : List.copyOf(cassandra);
    }

    public Config config() {
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("acd.journal", journal.wireName());
        overrides.put("acd.data-dir", dataDir.toString());
        overrides.put("pekko.actor.provider", "local");
        // Stdout is the report's. Pekko logs through SLF4J, which the audit keeps quiet, and before that
        // starts straight to stdout, which is turned off.
        overrides.put("pekko.loglevel", "WARNING");
        overrides.put("pekko.stdout-loglevel", "OFF");
        overrides.put("pekko.log-dead-letters", "off");
        overrides.put("pekko.log-dead-letters-during-shutdown", "off");
        if (cassandra != null) {
            overrides.put("acd.cassandra.contact-points", cassandra);
        }
        if (keyspace != null) {
            overrides.put("acd.cassandra.keyspace", keyspace);
        }
        Config node = EngineNode.config(ConfigFactory.parseMap(overrides));
        if (journal != Journal.EMBEDDED) {
            return node;
        }
        // Read-only, and never a new empty database where the engine's is missing: an audit changes nothing.
        // H2 still refuses a file the running engine holds, which is what keeps the audit off a live journal.
        String url = node.getString(EMBEDDED_URL) + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r";
        return node.withValue(EMBEDDED_URL, ConfigValueFactory.fromAnyRef(url));
    }

    /** The journal for messages and the report: the data directory, or the Cassandra contact points. */
    public String where() {
        if (journal == Journal.EMBEDDED) {
            return dataDir.toString();
        }
        Config config = config();
        return String.join(",", config.getStringList("acd.cassandra.contact-points")) + " (keyspace "
                + config.getString("acd.cassandra.keyspace") + ")";
    }

    public String describe() {
        return "the " + journal.wireName() + " journal at " + where();
    }

    /**
     * Refuses an embedded journal that is missing, held by a running engine or without the journal's tables,
     * before anything is started on it: a plain connection says so at once, where the plugin's pool would
     * wait out its timeout first. Cassandra's journal is only known to answer once it is read.
     */
    public void requireReadable() throws UnreadableJournalException {
        if (journal != Journal.EMBEDDED) {
            return;
        }
        if (!Files.isRegularFile(dataDir.resolve(EMBEDDED_FILE))) {
            throw new UnreadableJournalException("No embedded journal in " + dataDir + " (no " + EMBEDDED_FILE
                    + "): give --data-dir the directory the engine ran with");
        }
        Config db = config().getConfig(EMBEDDED_DATABASE);
        try (Connection connection = DriverManager.getConnection(db.getString("url"), db.getString("user"),
                db.getString("password"));
             ResultSet tables = connection.getMetaData().getTables(null, "PUBLIC", "event_journal", null)) {
            if (!tables.next()) {
                throw new UnreadableJournalException("The database in " + dataDir + " has no journal tables: "
                        + "it is not an engine's journal");
            }
        } catch (SQLException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            if (message.contains("locked") || message.contains("already in use")) {
                throw new UnreadableJournalException("The embedded journal in " + dataDir + " is in use: stop the "
                        + "engine first, the embedded journal has one writer (" + message + ")");
            }
            throw new UnreadableJournalException("Cannot open the embedded journal in " + dataDir + ": " + message);
        }
    }
}
