package io.acd.loadtest.bench;

import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.QueuePolicy;
import io.acd.engine.routing.RoutingConfig;
import io.acd.engine.routing.SelectionStrategy;
import io.acd.engine.routing.Step;
import io.acd.engine.routing.WaitingContact;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A synthetic contact centre for the routing benchmarks: about 1,000 skill groups (agents share one of
 * 1,000 skill profiles; contacts need one of 1,000 requirement sets), 20 queues with aging and two
 * bullseye steps, voice/chat/email capacity. Fixed seed: every run builds the same centre.
 */
final class Domain {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final int GROUPS = 1_000;
    private static final int SKILLS = 60;
    private static final int QUEUES = 20;
    private static final Channel[] CHANNELS = {Channel.VOICE, Channel.CHAT, Channel.EMAIL};

    final RoutingConfig config;
    final List<Map<String, Integer>> profiles = new ArrayList<>();
    final List<Map<String, Integer>> requirements = new ArrayList<>();
    final Random random = new Random(2026);

    Domain() {
        Map<String, QueuePolicy> queues = new HashMap<>();
        for (int q = 0; q < QUEUES; q++) {
            queues.put("q" + q, new QueuePolicy("q" + q, 0.01 * (1 + q % 3), 1 + (q % 2), List.of(
                    new Step(Duration.ofMinutes(2), 1, Set.of(), false),
                    new Step(Duration.ofMinutes(10), 2, Set.of(), false)), SelectionStrategy.LONGEST_IDLE));
        }
        config = new RoutingConfig(queues, Map.of(Channel.VOICE, Set.of(Channel.CHAT)));
        for (int i = 0; i < GROUPS; i++) {
            Map<String, Integer> profile = new HashMap<>();
            for (int s = 0; s < 4; s++) {
                profile.put("s" + random.nextInt(SKILLS), 3 + random.nextInt(8));
            }
            profiles.add(Map.copyOf(profile));
            Map<String, Integer> required = new HashMap<>();
            for (int s = 0; s < 2; s++) {
                required.put("s" + random.nextInt(SKILLS), 1 + random.nextInt(6));
            }
            requirements.add(Map.copyOf(required));
        }
    }

    /** An agent; {@code busy} agents have every slot in use. */
    AgentCandidate agent(int i, boolean busy) {
        Map<Channel, Integer> capacity = Map.of(Channel.VOICE, 1, Channel.CHAT, 3, Channel.EMAIL, 5);
        Map<Channel, Integer> used = busy ? capacity : Map.of(Channel.CHAT, i % 3);
        return new AgentCandidate("a" + i, profiles.get(i % GROUPS), capacity, used,
                NOW.minusSeconds(i % 3_600));
    }

    private static final Map<Channel, Integer> CAPACITY = Map.of(Channel.VOICE, 1, Channel.CHAT, 3, Channel.EMAIL, 5);
    private static final List<Map<Channel, Integer>> USED_WHEN_FREE = List.of(
            Map.of(Channel.CHAT, 0), Map.of(Channel.CHAT, 1), Map.of(Channel.CHAT, 2));
    private final Instant[] idleSince = new Instant[3_600];

    /**
     * The same agent as {@link #agent}, as the router receives its report: a new record whose id is another
     * {@code String} than the one the index holds, and whose skills, capacity and load are the shared,
     * recently used objects a report is made of, not the agent's own copies far away in memory.
     */
    AgentCandidate agentAsReported(String id, int i, boolean busy) {
        Instant idle = idleSince[i % 3_600];
        if (idle == null) {
            idle = idleSince[i % 3_600] = NOW.minusSeconds(i % 3_600);
        }
        return new AgentCandidate(id, profiles.get(i % GROUPS), CAPACITY, busy ? CAPACITY : USED_WHEN_FREE.get(i % 3),
                idle);
    }

    WaitingContact contact(long i) {
        int group = (int) (i % GROUPS);
        return new WaitingContact("c" + i, CHANNELS[(int) (i % CHANNELS.length)], "q" + (i % QUEUES),
                (int) (i % 10), requirements.get(group), NOW.minusMillis(i % 300_000));
    }

    /** The numbers 0 to n − 1 in a random order fixed by {@code seed} (Fisher–Yates). */
    static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
