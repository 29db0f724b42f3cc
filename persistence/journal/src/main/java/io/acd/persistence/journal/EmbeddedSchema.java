package io.acd.persistence.journal;

import com.typesafe.config.Config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * The tables of the embedded journal, created from the DDL that pekko-persistence-jdbc ships for H2, so that
 * the schema is always the one the plugin's version expects. It runs once per data directory: a database
 * that has the journal table is left as it is.
 */
final class EmbeddedSchema {

    /** Inside the pekko-persistence-jdbc jar. */
    private static final String DDL = "schema/h2/h2-create-schema.sql";
    private static final String DATABASE = "pekko-persistence-jdbc.shared-databases.acd.db";
    private static final String TAG_INDEX =
            "CREATE INDEX IF NOT EXISTS \"event_tag_tag_idx\" ON PUBLIC.\"event_tag\" (\"tag\", \"event_id\")";

    private EmbeddedSchema() {
    }

    static void createIfAbsent(Config config) {
        Config db = config.getConfig(DATABASE);
        try (Connection connection = DriverManager.getConnection(db.getString("url"), db.getString("user"),
                db.getString("password"))) {
            if (hasJournalTable(connection)) {
                indexTags(connection);
                return;
            }
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements()) {
                    statement.execute(sql);
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("The embedded journal at " + db.getString("url")
                    + " cannot be opened or given its tables: " + e.getMessage(), e);
        }
    }

    /**
     * The plugin's H2 schema keys tags by (event, tag) only, so every poll of a tag by its readers (the
     * backlogs, read models) scanned the whole tag table, and H2's one writer waited behind the scans.
     */
    private static void indexTags(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(TAG_INDEX);
        }
    }

    private static boolean hasJournalTable(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, "PUBLIC", "event_journal", null)) {
            return tables.next();
        }
    }

    static List<String> statements() {
        List<String> all = new java.util.ArrayList<>(
                Arrays.stream(ddl().split(";")).map(String::strip).filter(sql -> !sql.isEmpty()).toList());
        all.add(TAG_INDEX);
        return all;
    }

    private static String ddl() {
        try (InputStream in = EmbeddedSchema.class.getClassLoader().getResourceAsStream(DDL)) {
            if (in == null) {
                throw new IllegalStateException(DDL + " is missing from the classpath: is pekko-persistence-jdbc there?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + DDL, e);
        }
    }
}
