package io.acd.engine.router;

import io.acd.engine.EngineSettings;
import io.acd.engine.EngineTestKit;
import io.acd.engine.Peers;
import io.acd.engine.Reply;
import io.acd.engine.agent.Agent;
import io.acd.engine.backlog.Backlog;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.Match;
import io.acd.engine.routing.QueuePolicy;
import io.acd.engine.routing.RoutingConfig;
import io.acd.engine.routing.SelectionStrategy;
import io.acd.engine.routing.Step;
import io.acd.engine.routing.WaitingContact;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Router actor and a bare {@link RoutingLoop} are given the same random sequence (agents come, go and
 * finish work, contacts arrive, register again and hang up, reservations are granted or refused, time
 * passes over bullseye steps and sticky preferences): the router must reserve exactly the pairs the loop
 * matches, in the same order. The simulators run that loop, so what they report is what the router does.
 */
class RouterRoutesAsItsLoopTest {

    private static final ActorTestKit testKit = ActorTestKit.create(EngineTestKit.config());
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final String[] QUEUES = {"sales", "support", "vip"};
    private static final String[] SKILLS = {"billing", "tech", "lang.pl"};
    private static final Channel[] CHANNELS = {Channel.VOICE, Channel.CHAT, Channel.EMAIL};
    private static final Duration BOUND = Duration.ofSeconds(5);

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** Time moves only when the test says so, for the router and the loop alike. */
    private static final class ManualClock extends Clock {
        volatile Instant now = T0;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Every agent's messages reach one probe, and every interaction's another, in the order they were sent. */
    private record OneProbeEach(TestProbe<Agent.Command> agents, TestProbe<Interaction.Command> interactions,
                                TestProbe<Router.Command> router, TestProbe<Backlog.Command> backlogs)
            implements Peers {
        @Override
        public RecipientRef<Agent.Command> agent(String agentId) {
            return agents.ref();
        }

        @Override
        public RecipientRef<Interaction.Command> interaction(String interactionId) {
            return interactions.ref();
        }

        @Override
        public RecipientRef<Router.Command> router(String routingDomain) {
            return router.ref();
        }

        /** No backlog answers: the router's index is filled by the test's registrations alone. */
        @Override
        public RecipientRef<Backlog.Command> backlog(String slice) {
            return backlogs.ref();
        }
    }

    private static final class SimAgent {
        final String id;
        final Map<String, Integer> skills;
        final Map<Channel, Integer> capacity;
        final EnumMap<Channel, Integer> used = new EnumMap<>(Channel.class);
        final Set<String> groups;
        Instant idleSince = T0;
        boolean available;

        SimAgent(String id, Map<String, Integer> skills, Map<Channel, Integer> capacity, Set<String> groups) {
            this.id = id;
            this.skills = skills;
            this.capacity = capacity;
            this.groups = groups;
        }

        AgentCandidate candidate() {
            return new AgentCandidate(id, skills, capacity, used, idleSince, groups);
        }
    }

    private record Held(String agentId, Channel channel) {
    }

    private final ManualClock clock = new ManualClock();
    private final OneProbeEach peers = new OneProbeEach(testKit.createTestProbe(Agent.Command.class),
            testKit.createTestProbe(Interaction.Command.class), testKit.createTestProbe(Router.Command.class),
            testKit.createTestProbe(Backlog.Command.class));
    private final ArrayDeque<Match> loopMatches = new ArrayDeque<>();
    private final List<SimAgent> agents = new ArrayList<>();
    private final Map<String, WaitingContact> queued = new LinkedHashMap<>();
    private final Map<String, Held> held = new LinkedHashMap<>();
    private SplittableRandom random;
    private ActorRef<Router.Command> router;
    private RoutingLoop loop;
    private int reservations;
    private int refusals;
    private long nextContact;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void theRouterReservesExactlyWhatItsLoopMatches(long seed) {
        random = new SplittableRandom(seed);
        RoutingConfig config = config();
        // A start delay the test never reaches: it starts both sides itself, after some registrations.
        EngineSettings settings = new EngineSettings(Duration.ofSeconds(20), Duration.ZERO, Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofDays(1), Duration.ofSeconds(3), "default", 4, config);
        router = testKit.spawn(Router.create(settings, config, peers, clock));
        loop = new RoutingLoop(config, true, loopMatches::add);
        for (int i = 0; i < 12; i++) {
            agents.add(new SimAgent("a" + i, skills(), capacity(), Set.of(i % 2 == 0 ? "even" : "odd")));
        }

        for (int step = 0; step < 400; step++) {
            if (step == 15) {
                router.tell(new Router.StartRouting());
                loop.start(clock.now);
            } else {
                randomEvent();
            }
            settle();
        }
        assertTrue(reservations > 50, "the sequence made too few matches to show anything: " + reservations);
        assertTrue(refusals >= 5, "no reservation was refused: " + refusals);
        peers.agents().expectNoMessage(Duration.ofMillis(100));
    }

    private RoutingConfig config() {
        Map<String, QueuePolicy> queues = Map.of(
                "sales", new QueuePolicy("sales", 0.2, 1, List.of(new Step(Duration.ofSeconds(20), 2, Set.of(), false),
                        new Step(Duration.ofSeconds(60), 0, Set.of(), true)), SelectionStrategy.LONGEST_IDLE),
                "support", new QueuePolicy("support", 0, 2, List.of(new Step(Duration.ofSeconds(30), 0,
                        Set.of("lang.pl"), false)), SelectionStrategy.MOST_SKILLED),
                "vip", new QueuePolicy("vip", 0.5, 1, List.of(new Step(Duration.ofSeconds(40), 0, Set.of(), false,
                        Set.of("odd"))), SelectionStrategy.LEAST_OCCUPIED, Set.of("even")));
        return new RoutingConfig(queues, Map.of(Channel.VOICE, Set.of(Channel.CHAT)));
    }

    private void randomEvent() {
        int kind = random.nextInt(100);
        SimAgent agent = agents.get(random.nextInt(agents.size()));
        if (kind < 30) {
            arrive();
        } else if (kind < 45) {
            finishWork();
        } else if (kind < 55) {
            agent.available = true;
            agent.idleSince = agent.used.isEmpty() ? clock.now : agent.idleSince;
            router.tell(new Router.AgentAvailable(agent.candidate()));
            loop.agentAvailable(agent.candidate(), clock.now);
        } else if (kind < 60) {
            agent.available = false;
            router.tell(new Router.AgentUnavailable(agent.id));
            loop.agentLeft(agent.id);
        } else if (kind < 67 && !queued.isEmpty()) {
            WaitingContact contact = anyOf(queued);
            queued.remove(contact.interactionId());
            router.tell(new Router.Withdraw(contact.interactionId()));
            loop.contactLeft(contact.interactionId());
        } else if (kind < 75 && !queued.isEmpty()) {
            // A periodic registration of a contact still waiting.
            WaitingContact contact = anyOf(queued);
            router.tell(new Router.Enqueue(contact));
            loop.contactArrived(contact, clock.now);
        } else {
            clock.now = clock.now.plusSeconds(1 + random.nextInt(15));
            router.tell(new Router.Advance());
            loop.due(clock.now);
        }
    }

    private void arrive() {
        String id = "c" + nextContact++;
        Map<String, Integer> skills = random.nextInt(3) == 0 ? Map.of() : Map.of(SKILLS[random.nextInt(SKILLS.length)],
                1 + random.nextInt(6));
        String preferred = random.nextInt(8) == 0 ? agents.get(random.nextInt(agents.size())).id : null;
        Set<String> excluded = random.nextInt(6) == 0 ? Set.of(agents.get(random.nextInt(agents.size())).id) : Set.of();
        WaitingContact contact = new WaitingContact(id, CHANNELS[random.nextInt(CHANNELS.length)],
                QUEUES[random.nextInt(QUEUES.length)], random.nextInt(10), skills, Map.of(), excluded, preferred,
                preferred == null ? null : clock.now.plusSeconds(10 + random.nextInt(30)), clock.now);
        queued.put(id, contact);
        router.tell(new Router.Enqueue(contact));
        loop.contactArrived(contact, clock.now);
    }

    /** An agent finishes a contact it holds and, if available, reports its freed capacity. */
    private void finishWork() {
        if (held.isEmpty()) {
            return;
        }
        String interactionId = List.copyOf(held.keySet()).get(random.nextInt(held.size()));
        Held h = held.remove(interactionId);
        SimAgent agent = agents.stream().filter(a -> a.id.equals(h.agentId())).findFirst().orElseThrow();
        agent.used.merge(h.channel(), -1, Integer::sum);
        agent.used.remove(h.channel(), 0);
        if (agent.used.isEmpty()) {
            agent.idleSince = clock.now;
        }
        if (agent.available) {
            router.tell(new Router.AgentAvailable(agent.candidate()));
            loop.agentAvailable(agent.candidate(), clock.now);
        }
    }

    /**
     * Answers every reservation the router asks for, one by one in the loop's order, giving the loop the same
     * answers; then waits until the router is idle with the loop's counts.
     */
    private void settle() {
        while (!loopMatches.isEmpty()) {
            Match expected = loopMatches.poll();
            String interactionId = expected.contact().interactionId();
            Agent.Reserve reserve = peers.agents().expectMessageClass(Agent.Reserve.class, BOUND);
            assertEquals(interactionId, reserve.interactionId(), "the router reserved another contact than the loop");
            SimAgent agent = agents.stream().filter(a -> a.id.equals(expected.agent().agentId())).findFirst()
                    .orElseThrow();
            if (random.nextInt(8) == 0) {
                refusals++;
                AgentCandidate now = agent.available ? agent.candidate() : null;
                reserve.replyTo().tell(new Agent.ReserveReply.Refused(agent.id, interactionId,
                        Agent.ReserveRefusal.NOT_AVAILABLE, now));
                loop.reservationRefused(expected, now, clock.now);
                continue;
            }
            reservations++;
            agent.used.merge(expected.contact().channel(), 1, Integer::sum);
            queued.remove(interactionId);
            held.put(interactionId, new Held(agent.id, expected.contact().channel()));
            reserve.replyTo().tell(new Agent.ReserveReply.Granted(agent.id, interactionId, agent.candidate()));
            Interaction.Offer offer = peers.interactions().expectMessageClass(Interaction.Offer.class, BOUND);
            assertEquals(agent.id, offer.agentId(), "the router offered " + interactionId + " to another agent");
            assertEquals(expected.decision(), offer.decision(), "the router explained its choice otherwise");
            offer.replyTo().tell(Reply.ok(null));
            loop.agentAvailable(agent.candidate(), clock.now);
        }
        await().atMost(BOUND).pollInterval(Duration.ofMillis(5)).untilAsserted(() -> {
            Router.Stats stats = stats();
            assertEquals(0, stats.inFlight());
            assertEquals(loop.waiting(), stats.waiting(), "contacts waiting");
            assertEquals(loop.availableAgents(), stats.availableAgents(), "agents available");
        });
    }

    private Router.Stats stats() {
        TestProbe<Router.Stats> probe = testKit.createTestProbe(Router.Stats.class);
        router.tell(new Router.GetStats(probe.ref()));
        return probe.receiveMessage(BOUND);
    }

    private Map<String, Integer> skills() {
        Map<String, Integer> skills = new LinkedHashMap<>();
        for (String skill : SKILLS) {
            if (random.nextBoolean()) {
                skills.put(skill, 1 + random.nextInt(10));
            }
        }
        return skills;
    }

    private Map<Channel, Integer> capacity() {
        Map<Channel, Integer> capacity = new EnumMap<>(Channel.class);
        capacity.put(Channel.VOICE, 1);
        capacity.put(Channel.CHAT, 1 + random.nextInt(3));
        if (random.nextBoolean()) {
            capacity.put(Channel.EMAIL, 1 + random.nextInt(4));
        }
        return capacity;
    }

    private <T> T anyOf(Map<String, T> map) {
        return List.copyOf(map.values()).get(random.nextInt(map.size()));
    }
}
