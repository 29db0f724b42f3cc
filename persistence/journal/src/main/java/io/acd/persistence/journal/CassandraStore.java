package io.acd.persistence.journal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.Config;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.cassandra.KeyspaceAndTableStatements;
import org.apache.pekko.persistence.cassandra.PluginSettings;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gets Cassandra ready for a node: answers at all, and has the keyspace and tables that pekko-persistence-
 * cassandra uses, created from the plugin's own statements so that they always match its version.
 */
final class CassandraStore {

    /** Where pekko-persistence-cassandra's settings live; its journal and snapshot store share one session. */
    static final String PLUGIN = "pekko.persistence.cassandra";
    private static final int SCHEMA_ATTEMPTS = 3;

    private CassandraStore() {
    }

    static void prepare(ActorSystem system) {
        Config settings = system.settings().config().getConfig("acd.cassandra");
        long timeoutMillis = settings.getDuration("connect-timeout").toMillis();
        String where = String.join(",", settings.getStringList("contact-points"));
        CassandraSession session = CassandraSessionRegistry.get(system)
                .sessionFor(CassandraSessionSettings.create(PLUGIN));
        await(session.selectOne("SELECT release_version FROM system.local"), timeoutMillis,
                "Cassandra at " + where + " does not answer");
        if (settings.getBoolean("create-schema")) {
            CqlSession cql = await(session.underlying(), timeoutMillis, "Cassandra at " + where + " does not answer");
            for (String statement : schema(system)) {
                createIfAbsent(cql, statement, timeoutMillis, where);
            }
        }
    }

    /**
     * A schema change waits for every Cassandra node to agree on it, which takes seconds on a busy machine:
     * far longer than the driver's request timeout. The statements only create what is absent, so one
     * that timed out (or met another node's change of the same table) is simply sent again.
     */
    private static void createIfAbsent(CqlSession cql, String statement, long timeoutMillis, String where) {
        SimpleStatement ddl = SimpleStatement.newInstance(statement).setTimeout(Duration.ofMillis(timeoutMillis));
        for (int attempt = 1; ; attempt++) {
            try {
                await(cql.executeAsync(ddl), timeoutMillis, "Cassandra at " + where + " refused the journal's schema");
                await(cql.checkSchemaAgreementAsync(), timeoutMillis, "Cassandra at " + where + " did not agree on the schema");
                return;
            } catch (IllegalStateException e) {
                if (attempt == SCHEMA_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The CQL that creates the keyspace and tables, in order; what bin/acd cassandra-schema prints. */
    static List<String> schema(ActorSystem system) {
        KeyspaceAndTableStatements statements =
                new KeyspaceAndTableStatements(system, PLUGIN, PluginSettings.apply(system));
        List<String> all = new ArrayList<>();
        all.add(statements.createJournalKeyspaceStatement());
        all.addAll(statements.getCreateJournalTablesStatements());
        all.add(statements.createSnapshotKeyspaceStatement());
        all.addAll(statements.getCreateSnapshotTablesStatements());
        return all;
    }

    private static <T> T await(CompletionStage<T> stage, long timeoutMillis, String failure) {
        try {
            return stage.toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(failure + " within " + timeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(failure + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(failure + ": interrupted", e);
        }
    }
}
