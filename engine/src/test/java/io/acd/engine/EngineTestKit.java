package io.acd.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** Configuration for entity tests: in-memory journal, and every message serialized as if it crossed nodes. */
public final class EngineTestKit {

    private EngineTestKit() {
    }

    public static Config config() {
        return ConfigFactory.parseString("pekko.actor.serialize-messages = on")
                .withFallback(EventSourcedBehaviorTestKit.config())
                .withFallback(ConfigFactory.load());
    }
}
