package io.acd.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The journals a node can keep its events in, chosen by {@code acd.journal}. Each has its settings in a
 * config file of its own, which the node puts above every reference.conf, and gets its storage ready before
 * the first entity replays.
 */
public enum Journal {

    /** H2 in a file under {@code acd.data-dir}, through pekko-persistence-jdbc: one node, durable, nothing to run. */
    EMBEDDED("embedded", "acd-journal-embedded.conf") {
        @Override
        public void prepare(Config config) {
            EmbeddedSchema.createIfAbsent(config);
        }
    };

    private final String wireName;
    private final String configResource;

    Journal(String wireName, String configResource) {
        this.wireName = wireName;
        this.configResource = configResource;
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
     * Makes the storage ready for events (tables, keyspaces) if it is not; blocks until done and throws if
     * the store cannot be reached, so that a node never starts on a journal it cannot write.
     */
    public abstract void prepare(Config config);
}
