package io.acd.persistence.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the cassandra.yaml and logback.xml of a node into its data directory, again on every start: the
 * settings are the source, the files only what Cassandra reads. Everything not written here is Cassandra's
 * default.
 */
public final class CassandraConfig {

    private CassandraConfig() {
    }

    /** Creates the node's directories and writes both files. */
    public static void write(CassandraSettings settings) {
        try {
            for (Path dir : List.of(settings.dataFileDir(), settings.commitLogDir(), settings.savedCachesDir(),
                    settings.hintsDir(), settings.cdcRawDir(), settings.triggersDir(), settings.logDir())) {
                Files.createDirectories(dir);
            }
            Files.writeString(settings.configFile(), yaml(settings));
            Files.writeString(settings.logbackFile(), logback(settings));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Cassandra's configuration under " + settings.dataDir(), e);
        }
    }

    static String yaml(CassandraSettings s) {
        String seed = s.listenAddress() + ":" + s.storagePort();
        return """
                # Written by the ACD Cassandra launcher at every start, from CassandraSettings: edits here are lost.
                cluster_name: %s
                num_tokens: %d
                partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                # One data center, one rack: nothing to be aware of on one machine.
                endpoint_snitch: SimpleSnitch
                seed_provider:
                  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                    parameters:
                      - seeds: "%s"
                listen_address: %s
                rpc_address: %s
                storage_port: %d
                native_transport_port: %d
                data_file_directories:
                  - %s
                commitlog_directory: %s
                saved_caches_directory: %s
                hints_directory: %s
                cdc_raw_directory: %s
                commitlog_sync: %s
                commitlog_sync_period: %dms
                concurrent_compactors: %d
                auto_snapshot: %b
                """.formatted(quote(s.clusterName()), CassandraSettings.NUM_TOKENS, seed, s.listenAddress(),
                s.listenAddress(), s.storagePort(), s.cqlPort(), quote(s.dataFileDir()), quote(s.commitLogDir()),
                quote(s.savedCachesDir()), quote(s.hintsDir()), quote(s.cdcRawDir()),
                CassandraSettings.COMMITLOG_SYNC, CassandraSettings.COMMITLOG_SYNC_PERIOD_MS,
                CassandraSettings.CONCURRENT_COMPACTORS, CassandraSettings.AUTO_SNAPSHOT);
    }

    /**
     * Everything from INFO up into system.log under the data directory, only WARN and ERROR to the console:
     * the foreground of bin/acd cassandra shows what needs attention, the file has the rest.
     */
    static String logback(CassandraSettings s) {
        return """
                <!-- Written by the ACD Cassandra launcher at every start: edits here are lost. -->
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder>
                      <pattern>%%-5level [%%thread] %%date{ISO8601} %%logger{36} - %%msg%%n</pattern>
                    </encoder>
                  </appender>
                  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
                    <filter class="ch.qos.logback.classic.filter.ThresholdFilter">
                      <level>WARN</level>
                    </filter>
                    <encoder>
                      <pattern>cassandra %%-5level %%date{HH:mm:ss.SSS} %%logger{0} - %%msg%%n</pattern>
                    </encoder>
                  </appender>
                  <root level="INFO">
                    <appender-ref ref="FILE"/>
                    <appender-ref ref="CONSOLE"/>
                  </root>
                </configuration>
                """.formatted(xml(s.systemLog().toString()));
    }

    /** A YAML single-quoted scalar: nothing in it is special but the quote, which is doubled. */
    private static String quote(Object value) {
        return "'" + value.toString().replace("'", "''") + "'";
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
