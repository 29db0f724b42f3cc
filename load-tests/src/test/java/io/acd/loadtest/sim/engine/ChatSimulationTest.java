package io.acd.loadtest.sim.engine;

import com.typesafe.config.ConfigFactory;
import io.acd.gateway.TestNode;
import io.acd.loadtest.scenario.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chats that talk, in engine mode against a node of their own: customers write, agents answer from their
 * desktops, and every message the engine stored must reach the desktop. Apart from {@link EngineSimulationTest},
 * whose minute of overload would otherwise still be draining through the same node.
 */
class ChatSimulationTest {

    private static TestNode node;
    private static URI base;

    @BeforeAll
    static void startEngine() throws Exception {
        node = TestNode.start(Map.of("acd.routing.start-delay", "0s", "pekko.loglevel", "WARNING"));
        base = URI.create("http://127.0.0.1:" + node.port());
    }

    @AfterAll
    static void stopEngine() throws Exception {
        node.stop();
    }

    /** Chats talk: every customer message the engine stored reached the agent's desktop, and was answered. */
    @Test
    void chatCustomersAndAgentsTalkAndEveryMessageReachesTheDesktop() throws Exception {
        Scenario scenario = Scenario.parse(ConfigFactory.parseString("""
                scenario {
                  name = "engine-mode-chat"
                  duration = 20s
                  seed = 5
                  service-level-threshold = 20s
                  interval = 10s
                  queues {
                    help {
                      channel = chat
                      skills { help = 1 }
                      arrivals { rate = 10 }
                      handle-time { distribution = exponential, mean = 6s }
                    }
                  }
                  agents = [ { name = "help", count = 100, skills { help = 1 }, capacity { chat = 2 } } ]
                }
                """).resolve());
        EngineSimulation.Options options = new EngineSimulation.Options(base, node.admin().key(), 1, 1,
                Duration.ofSeconds(30), 32, "c" + System.currentTimeMillis(), 3);

        EngineResult result = new EngineSimulation(scenario, options).run(System.out::println);

        ChatTalk.Figures chat = result.chatFigures().orElseThrow();
        assertEquals(0, result.errors(), "errors: " + result.errorSamples());
        assertEquals(0, result.lost());
        assertTrue(chat.sent() > 100, "customers wrote: " + chat.sent());
        assertEquals(chat.sent(), chat.received(), "every stored customer message reached the agent's desktop");
        assertEquals(chat.received(), chat.replies() + chat.lateReplies(), "and every one was answered (or the"
                + " agent had completed the chat by then)");
    }
}
