package io.acd.gateway;

import com.typesafe.config.ConfigFactory;
import io.acd.persistence.cassandra.SharedCassandra;
import org.junit.jupiter.api.BeforeAll;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The API's behaviour on the cluster journal: a real Cassandra (one per test JVM, see {@link SharedCassandra}),
 * in a keyspace of this run's own, created by the node as it starts.
 */
class ApiOnCassandraTest extends ApiContract {

    @BeforeAll
    static void startOnCassandra() throws Exception {
        InetSocketAddress cassandra = SharedCassandra.contactPoint();
        start(ConfigFactory.parseMap(Map.of(
                "acd.journal", "cassandra",
                "acd.cassandra.contact-points", List.of(cassandra.getHostString() + ":" + cassandra.getPort()),
                "acd.cassandra.keyspace", "api_" + UUID.randomUUID().toString().substring(0, 8),
                "acd.data-dir", Files.createTempDirectory("acd-api-test").toString())));
    }
}
