package io.acd.loadtest.sim;

import io.acd.engine.router.RoutingLoop;
import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.Match;
import io.acd.engine.routing.RoutingConfig;
import io.acd.engine.routing.WaitingContact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A discrete-event simulation of one queue in virtual time, matched by the router's own {@link RoutingLoop}:
 * Poisson arrivals, exponential handle times and, optionally, exponential patience. Hours of traffic take
 * seconds. The figures come with 95% confidence intervals by batch means, so that they can be held against
 * Erlang C and Erlang A.
 */
public final class VirtualSimulation {

    /**
     * @param patienceSeconds mean patience; 0 for customers who never abandon
     * @param durationSeconds simulated time; the first 5% warm the system up and are not counted
     */
    public record Scenario(double arrivalsPerSecond, double ahtSeconds, double patienceSeconds, int agents,
                           double slThresholdSeconds, double durationSeconds, long seed, int batches) {

        public Scenario {
            if (!(arrivalsPerSecond > 0) || !(ahtSeconds > 0) || patienceSeconds < 0 || agents < 1
                    || !(durationSeconds > 0) || batches < 2) {
                throw new IllegalArgumentException("Need positive rates and duration, at least one agent and two batches");
            }
        }
    }

    /** A figure with the half-width of its 95% confidence interval. */
    public record Estimate(double value, double halfWidth) {
        public boolean contains(double expected) {
            return Math.abs(value - expected) <= halfWidth;
        }
    }

    /** @param aht average handle time of the answered contacts */
    public record Result(long offered, long answered, long abandoned, Estimate pWait, Estimate asa,
                         Estimate serviceLevel, Estimate pAbandon, Estimate aht, Estimate occupancy, long events,
                         List<Batch> batches) {
    }

    /** One batch of simulated time, by arrival: the time series of a run. */
    public record Batch(double startSeconds, double endSeconds, long offered, long answered, long abandoned,
                        double pWait, double asa, double serviceLevel, double pAbandon, double aht,
                        double occupancy) {
    }

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int ARRIVAL = 0;
    private static final int SERVICE_END = 1;
    private static final int ABANDON = 2;

    private record Event(double time, int type, long id, int agent) {
    }

    private final Scenario scenario;
    private final SplittableRandom random;
    private final RoutingLoop loop = new RoutingLoop(RoutingConfig.defaults(), false, this::serve);
    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> Double.compare(a.time, b.time));
    private final Map<Long, Double> arrivedAt = new HashMap<>();
    private final double warmUp;
    private final double batchLength;
    private final long[] offered;
    private final long[] answered;
    private final long[] waited;
    private final long[] withinThreshold;
    private final long[] abandoned;
    private final double[] waitSum;
    private final double[] busy;
    private long processed;
    private long answeredWithinSoFar;
    /** The simulated time of the event being processed: when the loop's matches happen. */
    private double now;

    public VirtualSimulation(Scenario scenario) {
        this.scenario = scenario;
        this.random = new SplittableRandom(scenario.seed());
        this.warmUp = scenario.durationSeconds() * 0.05;
        this.batchLength = (scenario.durationSeconds() - warmUp) / scenario.batches();
        int b = scenario.batches();
        offered = new long[b];
        answered = new long[b];
        waited = new long[b];
        withinThreshold = new long[b];
        abandoned = new long[b];
        waitSum = new double[b];
        busy = new double[b];
    }

    public Result run(Consumer<String> progress) {
        loop.start(instant(0));
        for (int a = 0; a < scenario.agents(); a++) {
            loop.agentAvailable(agent(a, 0), instant(0));
        }
        events.add(new Event(exponential(1 / scenario.arrivalsPerSecond()), ARRIVAL, 0, -1));
        long nextId = 1;
        Progress lines = new Progress(scenario.durationSeconds(), progress);
        while (!events.isEmpty()) {
            Event e = events.poll();
            if (e.time > scenario.durationSeconds()) {
                break;
            }
            processed++;
            now = e.time;
            if (lines.due(e.time)) {
                long arrived = nextId - 1;
                lines.report(e.time, arrived, loop.waiting(),
                        arrived == 0 ? 0 : answeredWithinSoFar / (double) arrived);
            }
            switch (e.type) {
                case ARRIVAL -> {
                    arrive(e.id, e.time);
                    events.add(new Event(e.time + exponential(1 / scenario.arrivalsPerSecond()), ARRIVAL, nextId++, -1));
                }
                case SERVICE_END -> free(e.agent, e.time);
                default -> abandon(e.id, e.time);
            }
        }
        return result();
    }

    private void arrive(long id, double now) {
        arrivedAt.put(id, now);
        int batch = batch(now);
        if (batch >= 0) {
            offered[batch]++;
        }
        loop.contactArrived(new WaitingContact("c" + id, Channel.VOICE, "q", 0, Map.of(), instant(now)), instant(now));
        if (arrivedAt.containsKey(id) && scenario.patienceSeconds() > 0) {
            events.add(new Event(now + exponential(scenario.patienceSeconds()), ABANDON, id, -1));
        }
    }

    /** The agent's one slot is free again; the loop offers it the contact waiting longest, if any. */
    private void free(int agent, double now) {
        loop.agentAvailable(agent(agent, now), instant(now));
    }

    private void abandon(long id, double now) {
        if (arrivedAt.containsKey(id) && loop.contactLeft("c" + id)) {
            double arrived = arrivedAt.remove(id);
            int batch = batch(arrived);
            if (batch >= 0) {
                abandoned[batch]++;
                waited[batch]++;
            }
        }
    }

    /**
     * A match of the loop, answered at once: there is no engine latency in virtual time. The agent's one slot
     * is taken, so it is not reported to the loop again until its service ends.
     */
    private void serve(Match match) {
        long id = Long.parseLong(match.contact().interactionId().substring(1));
        int agent = Integer.parseInt(match.agent().agentId().substring(1));
        double arrived = arrivedAt.remove(id);
        double wait = now - arrived;
        double handle = exponential(scenario.ahtSeconds());
        if (wait <= scenario.slThresholdSeconds()) {
            answeredWithinSoFar++;
        }
        int batch = batch(arrived);
        if (batch >= 0) {
            answered[batch]++;
            waitSum[batch] += wait;
            if (wait > 0) {
                waited[batch]++;
            }
            if (wait <= scenario.slThresholdSeconds()) {
                withinThreshold[batch]++;
            }
            busy[batch] += handle;
        }
        events.add(new Event(now + handle, SERVICE_END, id, agent));
    }

    private AgentCandidate agent(int a, double idleSince) {
        return new AgentCandidate("a" + a, Map.of(), Map.of(Channel.VOICE, 1), Map.of(), instant(idleSince));
    }

    /** Batches by arrival time; -1 during the warm-up. */
    private int batch(double time) {
        if (time < warmUp) {
            return -1;
        }
        return Math.min(scenario.batches() - 1, (int) ((time - warmUp) / batchLength));
    }

    private Instant instant(double seconds) {
        return T0.plusNanos(Math.round(seconds * 1e9));
    }

    private double exponential(double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }

    private Result result() {
        int b = scenario.batches();
        double[] pWait = new double[b];
        double[] asa = new double[b];
        double[] sl = new double[b];
        double[] pAbandon = new double[b];
        double[] aht = new double[b];
        double[] occupancy = new double[b];
        List<Batch> series = new ArrayList<>();
        long totalOffered = 0;
        long totalAnswered = 0;
        long totalAbandoned = 0;
        for (int i = 0; i < b; i++) {
            long n = Math.max(1, offered[i]);
            pWait[i] = waited[i] / (double) n;
            asa[i] = waitSum[i] / Math.max(1, answered[i]);
            sl[i] = withinThreshold[i] / (double) n;
            pAbandon[i] = abandoned[i] / (double) n;
            // The handle times drawn for the answered contacts of the batch; those sum to its busy time.
            aht[i] = busy[i] / Math.max(1, answered[i]);
            occupancy[i] = busy[i] / (batchLength * scenario.agents());
            series.add(new Batch(warmUp + i * batchLength, warmUp + (i + 1) * batchLength, offered[i], answered[i],
                    abandoned[i], pWait[i], asa[i], sl[i], pAbandon[i], aht[i], occupancy[i]));
            totalOffered += offered[i];
            totalAnswered += answered[i];
            totalAbandoned += abandoned[i];
        }
        return new Result(totalOffered, totalAnswered, totalAbandoned, estimate(pWait), estimate(asa), estimate(sl),
                estimate(pAbandon), estimate(aht), estimate(occupancy), processed, List.copyOf(series));
    }

    /** Mean of the batch means with a Student-t 95% half-width. */
    private static Estimate estimate(double[] batchMeans) {
        int n = batchMeans.length;
        double mean = 0;
        for (double v : batchMeans) {
            mean += v;
        }
        mean /= n;
        double variance = 0;
        for (double v : batchMeans) {
            variance += (v - mean) * (v - mean);
        }
        variance /= n - 1;
        return new Estimate(mean, studentT975(n - 1) * Math.sqrt(variance / n));
    }

    /** The 97.5% quantile of Student's t, for a two-sided 95% interval. */
    private static double studentT975(int degrees) {
        double[] table = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
                2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
                2.052, 2.048, 2.045, 2.042};
        return degrees <= table.length ? table[degrees - 1] : 1.96 + 2.4 / degrees;
    }
}
