package io.acd.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ClassicActorSystemProvider;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The journals a node can keep its events in, chosen by {@code acd.journal}. Each has its settings in a
 * config file of its own, which the node puts above every reference.conf, and gets its storage ready before
 * the first entity replays.
 */
public enum Journal {

    /** H2 in a file under {@code acd.data-dir}, through pekko-persistence-jdbc: one node, durable, nothing to run. */
    EMBEDDED("embedded", "acd-journal-embedded.conf", "jdbc-read-journal") {
        @Override
        public void prepare(ClassicActorSystemProvider system) {
            EmbeddedSchema.createIfAbsent(system.classicSystem().settings().config());
        }

        @Override
        public List<String> schema(ClassicActorSystemProvider system) {
            return EmbeddedSchema.statements();
        }
    },

    /** Apache Cassandra through pekko-persistence-cassandra: the journal every node of a cluster shares. */
    CASSANDRA("cassandra", "acd-journal-cassandra.conf", "pekko.persistence.cassandra.query") {
        @Override
        public void prepare(ClassicActorSystemProvider system) {
            CassandraStore.prepare(system.classicSystem());
        }

        @Override
        public List<String> schema(ClassicActorSystemProvider system) {
            return CassandraStore.schema(system.classicSystem());
        }
    };

    private final String wireName;
    private final String configResource;
    private final String readJournalId;

    Journal(String wireName, String configResource, String readJournalId) {
        this.wireName = wireName;
        this.configResource = configResource;
        this.readJournalId = readJournalId;
    }

    /** The journal {@code acd.journal} names; a name no journal has is refused with the names there are. */
    public static Journal chosen(Config config) {
        String name = config.getString("acd.journal");
        return Arrays.stream(values()).filter(j -> j.wireName.equals(name)).findFirst().orElseThrow(() ->
                new ConfigException.BadValue("acd.journal", "is " + name + ", which is not a journal; use one of "
                        + Arrays.stream(values()).map(j -> j.wireName).collect(Collectors.joining(", "))));
    }

    /** The journal's settings, to sit above every reference.conf. */
    public Config settings() {
        return ConfigFactory.parseResources(configResource);
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The plugin id of the journal's read side, for {@code PersistenceQuery.getReadJournalFor}: read models and
     * tools that read events through Pekko's query interfaces work on either journal.
     */
    public String readJournalId() {
        return readJournalId;
    }

    /**
     * Makes the storage ready for events (tables, keyspaces) if it is not; blocks until done and throws if
     * the store cannot be reached, so that a node never starts on a journal it cannot write.
     */
    public abstract void prepare(ClassicActorSystemProvider system);

    /**
     * The statements that create the journal's storage as the node's settings describe it (keyspace,
     * replication, tables), for an operator who creates it beforehand rather than letting a node do it.
     */
    public abstract List<String> schema(ClassicActorSystemProvider system);
}
