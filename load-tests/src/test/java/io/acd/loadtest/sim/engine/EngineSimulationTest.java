package io.acd.loadtest.sim.engine;

import com.typesafe.config.ConfigFactory;
import io.acd.engine.node.EngineNode;
import io.acd.gateway.HttpServer;
import io.acd.loadtest.scenario.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Engine mode against a real node on its embedded journal, through the public API only: 1,000 simulated
 * agents with a desktop WebSocket each and 100 contacts a second for a minute. Nothing may be lost: every
 * contact the simulator created must end completed or abandoned, as the API itself reports afterwards.
 */
class EngineSimulationTest {

    @TempDir
    static Path data;
    private static EngineNode node;
    private static URI base;

    @BeforeAll
    static void startEngine() throws Exception {
        node = EngineNode.start(EngineNode.config(ConfigFactory.parseMap(Map.of(
                "acd.data-dir", data.toString(),
                "acd.routing.start-delay", "0s",
                "pekko.loglevel", "WARNING",
                "pekko.remote.artery.canonical.port", 0))));
        int port = HttpServer.start(node, "127.0.0.1", 0).ready()
                .toCompletableFuture().get(2, TimeUnit.MINUTES).localAddress().getPort();
        base = URI.create("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (node != null) {
            node.shutdown().toCompletableFuture().get(1, TimeUnit.MINUTES);
        }
    }

    /**
     * Sales (997 agents) has agents to spare; billing has 3 agents for three times the work, so its customers
     * queue and run out of patience, and abandon through the API while others are being answered. How fast
     * the engine keeps up is measured by load-tests/bin/saturation, not asserted here. The rate stays below
     * what a 2-core machine carries with the driver's 1,000 agents in the same JVM: at 100 a second the
     * simulated agents' own calls time out, and they give up on contacts they hold.
     */
    @Test
    void thousandAgentsAndSixtyContactsASecondForAMinuteLoseNothing() throws Exception {
        Scenario scenario = Scenario.parse(ConfigFactory.parseString("""
                scenario {
                  name = "engine-mode-minute"
                  duration = 60s
                  seed = 11
                  service-level-threshold = 20s
                  interval = 10s
                  queues {
                    sales {
                      channel = chat
                      skills { sales = 1 }
                      arrivals { rate = 59 }
                      handle-time { distribution = exponential, mean = 4s }
                      wrap-up { distribution = constant, value = 1s }
                      patience { distribution = exponential, mean = 60s }
                    }
                    billing {
                      channel = voice
                      skills { billing = 1 }
                      arrivals { rate = 1 }
                      handle-time { distribution = exponential, mean = 10s }
                      patience { distribution = exponential, mean = 3s }
                    }
                  }
                  agents = [
                    { name = "sales", count = 997, skills { sales = 2 }, capacity { chat = 1 } }
                    { name = "billing", count = 3, skills { billing = 2 }, capacity { voice = 1 } }
                  ]
                }
                """).resolve());
        EngineSimulation.Options options = new EngineSimulation.Options(base, node.access().adminKey().key(), 1, 1, Duration.ofMinutes(2), 32,
                "t" + System.currentTimeMillis(), 0);

        EngineResult result = new EngineSimulation(scenario, options).run(System.out::println);

        long created = result.total().offered();
        assertTrue(created > 3_000, "about 3,600 contacts in a minute, created " + created);
        assertEquals(0, result.lost(), "contacts neither completed nor abandoned: " + result.apiStatuses());
        assertEquals(Set.of("abandoned", "completed"), result.apiStatuses().keySet());
        assertEquals(created, result.apiStatuses().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(0, result.disagreements(), "the API and the simulator disagree on how contacts ended");
        assertEquals(result.total().completed(), result.apiStatuses().get("completed"));
        assertTrue(result.queues().get("billing").abandoned() > 0, "billing customers ran out of patience");
        assertTrue(result.queues().get("sales").completed() > 0, "sales contacts were served");
        assertEquals(0, result.errors(), "errors: " + result.errorSamples());
    }
}
