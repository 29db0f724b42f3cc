package io.acd.gateway;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.util.Map;

/** The API's behaviour on the embedded journal: H2 in a file, as {@code bin/acd run} keeps it. */
class ApiOnEmbeddedTest extends ApiContract {

    @BeforeAll
    static void startOnEmbedded() throws Exception {
        start(ConfigFactory.parseMap(Map.of("acd.data-dir", Files.createTempDirectory("acd-api-test").toString())));
    }
}
