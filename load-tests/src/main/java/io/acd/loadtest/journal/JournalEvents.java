package io.acd.loadtest.journal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Locale;

/**
 * Counts what an engine stored in its embedded journal, by entity type, and per interaction: the events a
 * contact costs, which turns a contact rate into the event rate the journal has to take.
 * The engine must be stopped (H2 in file mode has one writer).
 *
 * <pre>java -cp 'load-tests/target/acd-load-tests.jar:load-tests/target/lib/*' io.acd.loadtest.journal.JournalEvents DATA_DIR</pre>
 */
public final class JournalEvents {

    private JournalEvents() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("Usage: JournalEvents DATA_DIR");
            System.exit(2);
        }
        String url = "jdbc:h2:file:" + Path.of(args[0]).toAbsolutePath().resolve("journal") + ";ACCESS_MODE_DATA=r";
        try (Connection c = DriverManager.getConnection(url, "acd", "")) {
            long interactions;
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(DISTINCT \"persistence_id\") "
                    + "FROM PUBLIC.\"event_journal\" WHERE \"persistence_id\" LIKE 'Interaction|%'")) {
                rs.next();
                interactions = rs.getLong(1);
            }
            long total = 0;
            System.out.printf(Locale.ROOT, "events stored for %,d interactions:%n", interactions);
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT CASE WHEN \"persistence_id\" LIKE 'Interaction|%' THEN 'Interaction' "
                            + "WHEN \"persistence_id\" LIKE 'Agent|%' THEN 'Agent' "
                            + "WHEN \"persistence_id\" LIKE 'Queue|%' THEN 'Queue' ELSE 'sharding bookkeeping' END k, "
                            + "COUNT(*) FROM PUBLIC.\"event_journal\" GROUP BY k ORDER BY k")) {
                while (rs.next()) {
                    total += rs.getLong(2);
                    System.out.printf(Locale.ROOT, "  %-22s %,10d  (%.2f per interaction)%n", rs.getString(1),
                            rs.getLong(2), rs.getLong(2) / (double) Math.max(1, interactions));
                }
            }
            System.out.printf(Locale.ROOT, "  %-22s %,10d  (%.2f per interaction)%n", "all", total,
                    total / (double) Math.max(1, interactions));
        }
    }
}
