package io.acd.loadtest.scenario;

import com.typesafe.config.ConfigFactory;
import io.acd.engine.routing.Channel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScenarioTest {

    private static final String QUEUE = """
            scenario {
              duration = 1h
              queues { q { %s } }
              agents = [ { name = "a", count = 5, skills { s = 2 }, capacity { voice = 1, chat = 2 } } ]
            }
            """;

    private static Scenario parse(String queue) {
        return Scenario.parse(ConfigFactory.parseString(String.format(QUEUE, queue)).resolve());
    }

    private static String error(String queue) {
        return assertThrows(ScenarioException.class, () -> parse(queue)).getMessage();
    }

    @Test
    void theShippedScenarioFilesParse() {
        Scenario example = Scenario.load(Path.of("scenarios/example.conf"));
        assertEquals(2, example.queues().size());
        assertEquals(66, example.agentCount());
        assertEquals(3600, example.durationSeconds());
        Scenario saturation = Scenario.load(Path.of("scenarios/saturation.conf"));
        assertEquals(300, saturation.queues().get(0).arrivals().rateAt(130), 1e-9);
    }

    @Test
    void badInputIsRefusedWithWhatIsWrong() {
        String ok = "skills { s = 1 }, arrivals { rate = 1 }, handle-time { distribution = exponential, mean = 1m }";
        assertTrue(error("channel = fax, " + ok).contains("unknown channel 'fax'"));
        assertTrue(error("channels { voice = 0.5, chat = 0.4 }, " + ok).contains("summing to 1"));
        assertTrue(error("channel = voice, skills { s = 1 }, arrivals { rate = -1 }, "
                + "handle-time { distribution = exponential, mean = 1m }").contains("negative"));
        assertTrue(error("channel = voice, skills { s = 1 }, arrivals { rate = 1 }, "
                + "handle-time { distribution = gamma, mean = 1m }").contains("unknown distribution 'gamma'"));
        assertTrue(error("channel = voice, skills { s = 1 }, arrivals { rate = 1 }, "
                + "handle-time { distribution = lognormal, mean = 1m }").contains("needs an sd"));
        assertTrue(error("channel = voice, skills { s = 3 }, arrivals { rate = 1 }, "
                + "handle-time { distribution = exponential, mean = 1m }").contains("no agent group has its skills"));
        assertTrue(error("channel = voice, skills { s = 1 }, handle-time { distribution = exponential, mean = 1m }, "
                + "arrivals { by-time-of-day = [ { from = 0m, to = 30m, rate = 1 }, { from = 20m, to = 40m, rate = 2 } ] }")
                .contains("overlap"));
        assertTrue(error("channel = voice, skills { s = 1 }, arrivals { rate = 1 }").contains("handle-time"));
    }

    @Test
    void ratesFollowTheTimeOfDayWithBurstsOnTop() {
        Scenario s = parse("channel = chat, skills { s = 1 }, handle-time { distribution = constant, value = 1s }, "
                + "arrivals { by-time-of-day = [ { from = 0m, to = 30m, rate = 1 }, { from = 30m, to = 60m, rate = 3 } ], "
                + "bursts = [ { at = 40m, duration = 10m, rate = 2 } ] }");
        Arrivals a = s.queues().get(0).arrivals();
        SplittableRandom random = new SplittableRandom(3);
        int[] perTenMinutes = new int[6];
        for (double t = a.nextAfter(0, 3600, random); t < 3600; t = a.nextAfter(t, 3600, random)) {
            perTenMinutes[(int) (t / 600)]++;
        }
        // Expected 600, 600, 600, 1800, 3000, 1800 arrivals; 5 standard deviations of a Poisson count.
        int[] expected = {600, 600, 600, 1800, 3000, 1800};
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], perTenMinutes[i], 5 * Math.sqrt(expected[i]), "window " + i);
        }
        assertEquals(Channel.CHAT, s.queues().get(0).sampleChannel(random));
    }

    @Test
    void logNormalHandleTimesHaveTheMeanAndSpreadAsked() {
        Distribution d = new Distribution.LogNormal(240, 120);
        SplittableRandom random = new SplittableRandom(5);
        int n = 200_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double x = d.sample(random);
            sum += x;
            squares += x * x;
        }
        double mean = sum / n;
        double sd = Math.sqrt(squares / n - mean * mean);
        assertEquals(240, mean, 2);
        assertEquals(120, sd, 3);
    }

    @Test
    void theChannelMixIsDrawnInItsProportions() {
        Scenario s = parse("channels { voice = 0.8, chat = 0.2 }, skills { s = 1 }, arrivals { rate = 1 }, "
                + "handle-time { distribution = exponential, mean = 1m }");
        SplittableRandom random = new SplittableRandom(9);
        int voice = 0;
        for (int i = 0; i < 10_000; i++) {
            if (s.queues().get(0).sampleChannel(random) == Channel.VOICE) {
                voice++;
            }
        }
        assertEquals(8000, voice, 200);
    }
}
