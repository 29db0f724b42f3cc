package io.acd.loadtest.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.RoutingConfig;
import io.acd.loadtest.erlang.ErlangA;
import io.acd.loadtest.erlang.ErlangC;
import io.acd.loadtest.scenario.AgentGroupSpec;
import io.acd.loadtest.scenario.Arrivals;
import io.acd.loadtest.scenario.Distribution;
import io.acd.loadtest.scenario.QueueSpec;
import io.acd.loadtest.scenario.Scenario;
import io.acd.loadtest.scenario.Shift;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scenario played in virtual time: stationary traffic reproduces Erlang C, the agents' capacity, channel
 * blocks and shifts hold for every offer (checked from the outside, by a trace of offers and releases),
 * wrap-up holds the slot, runs are repeatable by seed, and the command writes a report folder.
 */
class ScenarioSimulationTest {

    private static final Path EXAMPLE = Path.of("scenarios/example.conf");

    /** One contact's time with an agent, from the offer to the end of wrap-up. */
    private record Served(String agentId, double offered, double released) {
    }

    /** What a trace saw, per agent and channel: held now, and the most ever held at once. */
    private static final class Holdings implements ScenarioSimulation.Trace {
        final Map<String, EnumMap<Channel, Integer>> now = new HashMap<>();
        final Map<String, EnumMap<Channel, Integer>> max = new HashMap<>();
        final Map<String, Double> offeredAt = new HashMap<>();
        final List<String> chatOfferedDuringVoice = new ArrayList<>();
        final List<Served> served = new ArrayList<>();
        final List<Double> offerTimes = new ArrayList<>();
        final Map<String, List<Double>> offersByAgent = new HashMap<>();

        @Override
        public void offered(double at, String agentId, String interactionId, Channel channel) {
            EnumMap<Channel, Integer> held = now.computeIfAbsent(agentId, a -> new EnumMap<>(Channel.class));
            if (channel == Channel.CHAT && held.getOrDefault(Channel.VOICE, 0) > 0) {
                chatOfferedDuringVoice.add(interactionId);
            }
            int n = held.merge(channel, 1, Integer::sum);
            max.computeIfAbsent(agentId, a -> new EnumMap<>(Channel.class)).merge(channel, n, Math::max);
            offeredAt.put(interactionId, at);
            offerTimes.add(at);
            offersByAgent.computeIfAbsent(agentId, a -> new ArrayList<>()).add(at);
        }

        @Override
        public void released(double at, String agentId, String interactionId, Channel channel) {
            now.get(agentId).merge(channel, -1, Integer::sum);
            served.add(new Served(agentId, offeredAt.get(interactionId), at));
        }

        int maxHeld(Channel channel) {
            return max.values().stream().mapToInt(m -> m.getOrDefault(channel, 0)).max().orElse(0);
        }
    }

    private static QueueSpec queue(String name, Map<Channel, Double> mix, double rate, Distribution handle,
                                   Distribution wrapUp) {
        return new QueueSpec(name, mix, 0, Map.of(), new Arrivals(rate, List.of(), List.of()), handle, wrapUp,
                Distribution.NONE);
    }

    private static Scenario scenario(double duration, List<QueueSpec> queues, List<AgentGroupSpec> groups) {
        return new Scenario("test", duration, 7, 20, Math.min(900, duration / 20), queues, groups);
    }

    /**
     * About 1.1 million contacts each; across seeds P(wait) and SL spread by about ±0.004 around the formula,
     * so the tolerances are some three times that.
     */
    @Test
    void aStationaryQueueReproducesErlangC() {
        ErlangC c = new ErlangC(100.0 / 1800, 180, 14);
        Scenario single = Scenario.singleQueue(100.0 / 1800, 180, 14, 0, 20, 20_000_000, 2);

        ScenarioSimulation.Result r = new ScenarioSimulation(single, 100_000).run(line -> { });

        Figures f = r.total();
        assertTrue(f.offered() > 1_000_000, "offered " + f.offered());
        assertEquals(0, f.abandoned());
        assertEquals(f.offered(), f.completed(), "everyone is served and finishes");
        assertEquals(c.pWait(), f.pWait(), 0.012, "P(wait)");
        assertEquals(c.serviceLevel(20), f.serviceLevel(), 0.01, "SL(20 s)");
        assertEquals(c.asa(), f.asa(), 0.08 * c.asa(), "ASA");
        assertEquals(180, f.aht(), 180 * 0.01, "AHT");
        assertEquals(c.occupancy(), r.occupancy(), 0.006, "occupancy");
    }

    @Test
    void patienceThatRunsOutWhileWaitingReproducesErlangA() {
        ErlangA a = new ErlangA(100.0 / 1800, 180, 300, 13);
        Scenario single = Scenario.singleQueue(100.0 / 1800, 180, 13, 300, 20, 20_000_000, 3);

        ScenarioSimulation.Result r = new ScenarioSimulation(single, 100_000).run(line -> { });

        Figures f = r.total();
        assertEquals(a.pAbandon(), f.pAbandon(), 0.003, "P(abandon)");
        assertEquals(a.serviceLevel(20), f.serviceLevel(), 0.01, "SL(20 s)");
        assertEquals(a.pWait(), f.pWait(), 0.012, "P(wait)");
        assertEquals(f.offered(), f.answered() + f.abandoned(), "every contact is answered or abandons");
        assertEquals(0, r.abandonedAtEnd());
    }

    /** Two hours of more voice and chat than ten agents (voice 1, chat 3) can take: every slot fills up. */
    private static Scenario overloadedVoiceAndChat() {
        return scenario(7200,
                List.of(queue("mixed", Map.of(Channel.VOICE, 0.3, Channel.CHAT, 0.7), 0.5,
                        new Distribution.Exponential(120), Distribution.NONE)),
                List.of(new AgentGroupSpec("team", 10, Map.of(), Map.of(Channel.VOICE, 1, Channel.CHAT, 3), List.of())));
    }

    @Test
    void noAgentEverHoldsMoreThanItsCapacityOnAChannel() {
        Scenario overloaded = overloadedVoiceAndChat();
        Holdings trace = new Holdings();

        new ScenarioSimulation(overloaded, 0, RoutingConfig.defaults(), trace).run(line -> { });

        assertEquals(1, trace.maxHeld(Channel.VOICE), "voice capacity reached, never passed");
        assertEquals(3, trace.maxHeld(Channel.CHAT), "chat capacity reached, never passed");
        assertTrue(trace.offerTimes.size() > 1000, "offers " + trace.offerTimes.size());
    }

    @Test
    void aChannelBlockKeepsChatsFromAnAgentOnACall() {
        Scenario overloaded = overloadedVoiceAndChat();
        RoutingConfig voiceBlocksChat = new RoutingConfig(Map.of(), Map.of(Channel.VOICE, Set.of(Channel.CHAT)));
        Holdings blocked = new Holdings();
        Holdings unblocked = new Holdings();

        new ScenarioSimulation(overloaded, 0, voiceBlocksChat, blocked).run(line -> { });
        new ScenarioSimulation(overloaded, 0, RoutingConfig.defaults(), unblocked).run(line -> { });

        assertEquals(List.of(), blocked.chatOfferedDuringVoice);
        assertEquals(3, blocked.maxHeld(Channel.CHAT));
        assertTrue(unblocked.chatOfferedDuringVoice.size() > 100, "without the block agents on a call take chats");
    }

    @Test
    void agentsGetOffersOnlyOnShiftAndFinishTheirWorkAfterIt() {
        AgentGroupSpec always = new AgentGroupSpec("always", 2, Map.of(), Map.of(Channel.VOICE, 1), List.of());
        AgentGroupSpec shifts = new AgentGroupSpec("shifts", 5, Map.of(), Map.of(Channel.VOICE, 1),
                List.of(new Shift(600, 1200), new Shift(1500, 2400)));
        Scenario scenario = scenario(3600, List.of(queue("q", Map.of(Channel.VOICE, 1.0), 0.2,
                new Distribution.Exponential(100), Distribution.NONE)), List.of(always, shifts));
        Holdings trace = new Holdings();

        new ScenarioSimulation(scenario, 0, RoutingConfig.defaults(), trace).run(line -> { });

        List<Double> offers = trace.offersByAgent.entrySet().stream().filter(e -> e.getKey().startsWith("shifts-"))
                .flatMap(e -> e.getValue().stream()).toList();
        for (double at : offers) {
            assertTrue(shifts.onShift(at), "offer at " + at + " s to an agent off shift");
        }
        assertTrue(offers.stream().anyMatch(t -> t < 1200) && offers.stream().anyMatch(t -> t >= 1500),
                "the shift agents work both shifts: " + offers.size() + " offers");
        assertTrue(trace.served.stream().anyMatch(s -> s.agentId().startsWith("shifts-") && s.offered() < 1200
                && s.released() > 1200), "a contact taken before the shift ends is finished after it");
    }

    @Test
    void wrapUpHoldsTheSlotAndCountsInHandleTimeAndOccupancy() {
        double rate = 1 / 200.0;
        Scenario withWrapUp = scenario(2_000_000, List.of(queue("q", Map.of(Channel.VOICE, 1.0), rate,
                        new Distribution.Constant(60), new Distribution.Constant(30))),
                List.of(new AgentGroupSpec("one", 1, Map.of(), Map.of(Channel.VOICE, 1), List.of())));
        Holdings trace = new Holdings();

        ScenarioSimulation.Result r = new ScenarioSimulation(withWrapUp, 0, RoutingConfig.defaults(), trace)
                .run(line -> { });

        assertEquals(90, r.total().aht(), 1e-9, "talk 60 s plus wrap-up 30 s");
        assertEquals(rate * 90, r.occupancy(), 0.02, "the agent is busy 90 s per contact");
        for (Served s : trace.served) {
            assertEquals(90, s.released() - s.offered(), 1e-6);
        }
        List<Double> offers = trace.offerTimes;
        for (int i = 1; i < offers.size(); i++) {
            assertTrue(offers.get(i) - offers.get(i - 1) >= 90 - 1e-6,
                    "an offer " + (offers.get(i) - offers.get(i - 1)) + " s after the previous one, in its wrap-up");
        }
        assertTrue(r.total().pWait() > 0.3, "contacts arriving during wrap-up wait: " + r.total().pWait());
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnother() {
        Scenario example = Scenario.load(EXAMPLE);
        Scenario otherSeed = new Scenario(example.name(), example.durationSeconds(), example.seed() + 1,
                example.slThresholdSeconds(), example.intervalSeconds(), example.queues(), example.agentGroups());

        ScenarioSimulation.Result first = new ScenarioSimulation(example, 120).run(line -> { });
        ScenarioSimulation.Result again = new ScenarioSimulation(example, 120).run(line -> { });
        ScenarioSimulation.Result other = new ScenarioSimulation(otherSeed, 120).run(line -> { });

        assertEquals(first, again);
        assertNotEquals(first.total(), other.total());
        assertTrue(first.total().offered() > 500, "offered " + first.total().offered());
    }

    @Test
    void theExampleScenarioRunsFromTheCommandIntoAReportFolder(@TempDir Path folder) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new SimulateCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));

        int exit = command.execute(EXAMPLE.toString(), "--report", folder.toString());

        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().contains("sales") && out.toString().contains("support"), out.toString());
        assertTrue(err.toString().contains("SL so far"), "progress on stderr: " + err);
        String summary = Files.readString(folder.resolve("summary.md"));
        assertTrue(summary.contains("| sales |") && summary.contains("| support |"), summary);
        assertTrue(summary.contains("no create → offer latency histogram"), summary);
        List<String> csv = Files.readAllLines(folder.resolve("timeseries.csv"));
        assertEquals(1 + 12 * 3, csv.size(), "a header, then per 5-minute interval of the hour the total and 2 queues");
        for (String png : List.of("service-level.png", "asa.png", "abandonment.png", "occupancy.png")) {
            assertNotNull(ImageIO.read(folder.resolve(png).toFile()), png + " is a readable image");
        }
    }

    @Test
    void theCommandWritesOneJsonObjectWithEveryQueueAndTheTotal() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new SimulateCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(new StringWriter(), true));

        int exit = command.execute(EXAMPLE.toString(), "--format", "json", "--sl-threshold", "30");

        assertEquals(0, exit);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals("virtual", json.path("mode").asText());
        assertEquals(30, json.path("slThresholdSeconds").asDouble());
        long sales = json.path("queues").path("sales").path("offered").asLong();
        long support = json.path("queues").path("support").path("offered").asLong();
        assertTrue(sales > 0 && support > 0, out.toString());
        assertEquals(sales + support, json.path("offered").asLong());
        assertTrue(json.has("aht") && json.has("occupancy") && json.has("serviceLevel"), out.toString());
    }

    @Test
    void aScenarioFileWithAnEngineUrlButNoEngineModeIsRefused() {
        CommandLine command = new CommandLine(new SimulateCommand());
        StringWriter err = new StringWriter();
        command.setOut(new PrintWriter(new StringWriter(), true));
        command.setErr(new PrintWriter(err, true));

        assertEquals(2, command.execute(EXAMPLE.toString(), "--url", "http://127.0.0.1:8080"));
        assertTrue(err.toString().contains("--mode engine"), err.toString());
    }
}
