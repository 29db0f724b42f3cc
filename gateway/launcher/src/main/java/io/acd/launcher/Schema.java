package io.acd.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.acd.persistence.journal.Journal;
import org.apache.pekko.actor.ActorSystem;

/**
 * {@code bin/acd schema}: prints the statements that create the chosen journal's storage with the node's
 * settings (keyspace, replication factor), to be applied by an operator (cqlsh -f) before the nodes of a
 * new cluster start with {@code acd.cassandra.create-schema = off}.
 */
final class Schema {

    private Schema() {
    }

    /** @return the exit code */
    static int print(Config config) {
        Journal journal = Journal.chosen(config);
        // A local system: the statements come from the plugin's settings; no cluster or journal is started.
        ActorSystem system = ActorSystem.create("acd-schema", ConfigFactory.parseString("""
                pekko.actor.provider = local
                pekko.loglevel = WARNING
                """).withFallback(config));
        try {
            System.out.println("-- The " + journal.wireName() + " journal's storage, as the node's settings describe it.");
            for (String statement : journal.schema(system)) {
                System.out.println(statement.strip() + ";");
                System.out.println();
            }
            return 0;
        } finally {
            system.terminate();
        }
    }
}
