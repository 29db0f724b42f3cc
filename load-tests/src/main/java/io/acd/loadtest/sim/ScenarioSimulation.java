package io.acd.loadtest.sim;

import io.acd.engine.router.RoutingLoop;
import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.Match;
import io.acd.engine.routing.RoutingConfig;
import io.acd.engine.routing.WaitingContact;
import io.acd.loadtest.scenario.AgentGroupSpec;
import io.acd.loadtest.scenario.QueueSpec;
import io.acd.loadtest.scenario.Scenario;
import io.acd.loadtest.scenario.Shift;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A whole scenario (queues, channel mixes, arrivals by time of day and bursts, handle and wrap-up times,
 * patience, agent groups with capacity per channel and shifts) played as a discrete-event simulation in
 * virtual time, matched by the router's own {@link RoutingLoop}: a day of traffic takes moments, and the same
 * seed gives the same run.
 *
 * <p>Contacts arrive until the scenario's end; those still waiting then may wait {@code drainSeconds} more
 * for an agent before their customers hang up (they count as abandoned), and work already taken finishes.
 * Agents on shift at the end stay for the drain. Offers are accepted at once: virtual time has no engine
 * latency, so a contact's wait is the time from its arrival to the match. As in the engine, a matched agent
 * is out of the router's index until it reports its capacity again: that report is an event at the same
 * instant, after those already due.
 *
 * <p>Occupancy is busy slot-time over logged-in slot-time within the scenario's duration: an agent has one
 * slot per unit of capacity on each channel (voice 1 and chat 2 make three), a slot is busy from the match
 * to the end of wrap-up, and an agent counts as logged in while on shift and while it still finishes work
 * after its shift. With one slot per agent this is the occupancy of Erlang C.
 */
public final class ScenarioSimulation {

    /** Sees every offer and every slot given back, in scenario seconds, in the order they happen. */
    public interface Trace {
        void offered(double at, String agentId, String interactionId, Channel channel);

        void released(double at, String agentId, String interactionId, Channel channel);

        Trace NONE = new Trace() {
            @Override
            public void offered(double at, String agentId, String interactionId, Channel channel) {
            }

            @Override
            public void released(double at, String agentId, String interactionId, Channel channel) {
            }
        };
    }

    /** One interval of the scenario, contacts counted by the time they arrived; occupancy by time spent. */
    public record Interval(double startSeconds, double endSeconds, Figures figures, Map<String, Figures> queues,
                           double occupancy) implements IntervalFigures {
    }

    /**
     * @param abandonedAtEnd contacts still waiting when the drain ran out, counted among the abandoned
     * @param events         events processed, for the speed of the simulator
     */
    public record Result(Figures total, Map<String, Figures> queues, List<Interval> intervals, double occupancy,
                         long abandonedAtEnd, long events) {
    }

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private enum Type { SHIFT_END, SHIFT_START, ARRIVAL, PATIENCE, TALK_END, WRAP_END, AGENT_REPORT, ADVANCE, DRAIN_END }

    /** Ties in time go by the order of scheduling, so that a run never depends on the heap's whims. */
    private record Event(double time, long sequence, Type type, int index, Contact contact) {
    }

    private enum State { WAITING, TALKING, WRAPPING, DONE }

    private static final class Contact {
        final String id;
        final int queue;
        final Channel channel;
        final double arrived;
        final double handle;
        final double wrapUp;
        final int interval;
        State state = State.WAITING;
        SimAgent agent;

        Contact(String id, int queue, Channel channel, double arrived, double handle, double wrapUp, int interval) {
            this.id = id;
            this.queue = queue;
            this.channel = channel;
            this.arrived = arrived;
            this.handle = handle;
            this.wrapUp = wrapUp;
            this.interval = interval;
        }
    }

    private static final class SimAgent {
        final String id;
        final AgentGroupSpec group;
        final int slots;
        final EnumMap<Channel, Integer> used = new EnumMap<>(Channel.class);
        int holding;
        double idleSince;
        boolean onShift;

        SimAgent(String id, AgentGroupSpec group) {
            this.id = id;
            this.group = group;
            this.slots = group.capacity().values().stream().mapToInt(Integer::intValue).sum();
        }

        boolean loggedIn() {
            return onShift || holding > 0;
        }

        AgentCandidate candidate() {
            return new AgentCandidate(id, group.skills(), group.capacity(), used, instant(idleSince),
                    Set.of(group.name()));
        }
    }

    private final Scenario scenario;
    private final double drainSeconds;
    private final Trace trace;
    private final RoutingLoop loop;
    private final List<QueueSpec> queues;
    private final SplittableRandom[] arrivalStreams;
    private final SplittableRandom[] contactStreams;
    private final List<List<SimAgent>> groups = new ArrayList<>();
    private final Map<String, SimAgent> agentsById = new LinkedHashMap<>();
    /** In arrival order, so that the hang-ups at the end go in a fixed order. */
    private final Map<String, Contact> waiting = new LinkedHashMap<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> {
        int c = Double.compare(a.time, b.time);
        return c != 0 ? c : Long.compare(a.sequence, b.sequence);
    });
    private final int intervalCount;
    private final Tally[][] tallies;
    private final double[] busySlotSeconds;
    private final double[] loggedInSlotSeconds;
    private long sequence;
    private long nextContact = 1;
    private long processed;
    private long abandonedAtEnd;
    private long answeredWithin;
    private int busySlots;
    private int loggedInSlots;
    private double clock;
    /** The scenario time of the event being processed: when the loop's matches happen. */
    private double now;
    private Instant advanceAt;

    /** Routes by the engine's defaults: scenario files carry no queue policies or channel blocks. */
    public ScenarioSimulation(Scenario scenario, double drainSeconds) {
        this(scenario, drainSeconds, RoutingConfig.defaults(), Trace.NONE);
    }

    /** With the routing rules the engine would be configured with (aging, bullseye steps, channel blocks). */
    public ScenarioSimulation(Scenario scenario, double drainSeconds, RoutingConfig config, Trace trace) {
        if (drainSeconds < 0) {
            throw new IllegalArgumentException("The drain cannot be negative");
        }
        this.scenario = scenario;
        this.drainSeconds = drainSeconds;
        this.trace = trace;
        this.loop = new RoutingLoop(config, false, this::assign);
        this.queues = scenario.queues();
        SplittableRandom root = new SplittableRandom(scenario.seed());
        arrivalStreams = new SplittableRandom[queues.size()];
        contactStreams = new SplittableRandom[queues.size()];
        for (int q = 0; q < queues.size(); q++) {
            // Arrivals apart from what each contact draws: the same seed offers the same traffic whatever
            // the routing or the staffing does with it.
            arrivalStreams[q] = root.split();
            contactStreams[q] = root.split();
        }
        intervalCount = Math.max(1, (int) Math.ceil(scenario.durationSeconds() / scenario.intervalSeconds() - 1e-9));
        tallies = new Tally[intervalCount][queues.size()];
        for (Tally[] row : tallies) {
            for (int q = 0; q < row.length; q++) {
                row[q] = new Tally(scenario.slThresholdSeconds());
            }
        }
        busySlotSeconds = new double[intervalCount];
        loggedInSlotSeconds = new double[intervalCount];
    }

    public Result run(Consumer<String> progressLines) {
        Progress progress = new Progress(scenario.durationSeconds(), progressLines);
        scheduleShifts();
        for (int q = 0; q < queues.size(); q++) {
            scheduleArrival(q, 0);
        }
        schedule(scenario.durationSeconds() + drainSeconds, Type.DRAIN_END, -1, null);
        loop.start(instant(0));
        while (!events.isEmpty()) {
            Event e = events.poll();
            elapse(e.time);
            now = e.time;
            processed++;
            switch (e.type) {
                case ARRIVAL -> arrive(e.index, e.time);
                case PATIENCE -> abandon(e.contact);
                case TALK_END -> talkEnds(e.contact, e.time);
                case WRAP_END -> wrapEnds(e.contact, e.time);
                case AGENT_REPORT -> reports(e.contact.agent, e.time);
                case SHIFT_START -> shiftStarts(e.index, e.time);
                case SHIFT_END -> shiftEnds(e.index, e.time);
                case ADVANCE -> {
                    advanceAt = null;
                    loop.due(instant(e.time));
                }
                case DRAIN_END -> hangUpEveryone();
            }
            scheduleAdvance(e.time);
            if (progress.due(e.time)) {
                long arrived = nextContact - 1;
                progress.report(e.time, arrived, loop.waiting(),
                        arrived == 0 ? 0 : answeredWithin / (double) arrived);
            }
        }
        return result();
    }

    // ---- agents -------------------------------------------------------------------------------------------

    private void scheduleShifts() {
        for (int g = 0; g < scenario.agentGroups().size(); g++) {
            AgentGroupSpec spec = scenario.agentGroups().get(g);
            List<SimAgent> members = new ArrayList<>();
            for (int i = 0; i < spec.count(); i++) {
                SimAgent agent = new SimAgent(spec.name() + "-" + i, spec);
                members.add(agent);
                agentsById.put(agent.id, agent);
            }
            groups.add(members);
            if (spec.shifts().isEmpty()) {
                schedule(0, Type.SHIFT_START, g, null);
            }
            for (Shift shift : spec.shifts()) {
                if (shift.startSeconds() < scenario.durationSeconds()) {
                    schedule(shift.startSeconds(), Type.SHIFT_START, g, null);
                }
                // Like engine mode: whoever is on shift at the end stays for the drain.
                if (shift.endSeconds() < scenario.durationSeconds()) {
                    schedule(shift.endSeconds(), Type.SHIFT_END, g, null);
                }
            }
        }
    }

    private void shiftStarts(int group, double now) {
        for (SimAgent agent : groups.get(group)) {
            if (agent.onShift) {
                continue;
            }
            boolean wasLoggedIn = agent.loggedIn();
            agent.onShift = true;
            // Becoming available counts as becoming idle, as in the engine's agent entity.
            agent.idleSince = now;
            loggedIn(agent, wasLoggedIn);
            loop.agentAvailable(agent.candidate(), instant(now));
        }
    }

    private void shiftEnds(int group, double now) {
        if (scenario.agentGroups().get(group).onShift(now)) {
            return; // another shift of the group goes on
        }
        for (SimAgent agent : groups.get(group)) {
            boolean wasLoggedIn = agent.loggedIn();
            agent.onShift = false;
            loggedIn(agent, wasLoggedIn);
            loop.agentLeft(agent.id);
        }
    }

    /** The agent's capacity after a match, as its entity answers a reservation: it may take more at once. */
    private void reports(SimAgent agent, double now) {
        if (agent.onShift) {
            loop.agentAvailable(agent.candidate(), instant(now));
        }
    }

    private void loggedIn(SimAgent agent, boolean wasLoggedIn) {
        if (agent.loggedIn() != wasLoggedIn) {
            loggedInSlots += wasLoggedIn ? -agent.slots : agent.slots;
        }
    }

    // ---- contacts -----------------------------------------------------------------------------------------

    private void scheduleArrival(int queue, double after) {
        double next = queues.get(queue).arrivals().nextAfter(after, scenario.durationSeconds(), arrivalStreams[queue]);
        if (next < scenario.durationSeconds()) {
            schedule(next, Type.ARRIVAL, queue, null);
        }
    }

    private void arrive(int queue, double now) {
        scheduleArrival(queue, now);
        QueueSpec spec = queues.get(queue);
        SplittableRandom stream = contactStreams[queue];
        // Drawn in a fixed order whatever happens to the contact, so that every contact keeps its draws.
        Channel channel = spec.sampleChannel(stream);
        double handle = spec.handleTime().sample(stream);
        double wrapUp = spec.wrapUp().sample(stream);
        double patience = spec.patience().isNone() ? Double.NaN : spec.patience().sample(stream);
        int interval = Math.min(intervalCount - 1, (int) (now / scenario.intervalSeconds()));
        Contact contact = new Contact("c" + nextContact++, queue, channel, now, handle, wrapUp, interval);
        tallies[interval][queue].offered();
        waiting.put(contact.id, contact);
        Instant at = instant(now);
        loop.contactArrived(new WaitingContact(contact.id, channel, spec.name(), spec.priority(), spec.skills(), at), at);
        if (contact.state == State.WAITING && !Double.isNaN(patience)) {
            schedule(now + patience, Type.PATIENCE, queue, contact);
        }
    }

    private void abandon(Contact contact) {
        if (contact.state != State.WAITING || !loop.contactLeft(contact.id)) {
            return;
        }
        waiting.remove(contact.id);
        contact.state = State.DONE;
        Tally tally = tallies[contact.interval][contact.queue];
        tally.abandoned();
        tally.waited();
    }

    private void hangUpEveryone() {
        for (Contact contact : List.copyOf(waiting.values())) {
            abandon(contact);
            abandonedAtEnd++;
        }
    }

    /** A match of the loop, accepted at once. */
    private void assign(Match match) {
        Contact contact = waiting.remove(match.contact().interactionId());
        SimAgent agent = agentsById.get(match.agent().agentId());
        double wait = now - contact.arrived;
        Tally tally = tallies[contact.interval][contact.queue];
        tally.answered(wait);
        if (wait > 0) {
            tally.waited();
        }
        if (wait <= scenario.slThresholdSeconds()) {
            answeredWithin++;
        }
        contact.state = State.TALKING;
        contact.agent = agent;
        boolean wasLoggedIn = agent.loggedIn();
        agent.used.merge(contact.channel, 1, Integer::sum);
        agent.holding++;
        busySlots++;
        loggedIn(agent, wasLoggedIn);
        trace.offered(now, agent.id, contact.id, contact.channel);
        schedule(now + contact.handle, Type.TALK_END, contact.queue, contact);
        // The same agent with one slot fewer: the index applies capacity and channel blocks to what it may take.
        schedule(now, Type.AGENT_REPORT, contact.queue, contact);
    }

    private void talkEnds(Contact contact, double now) {
        contact.state = State.WRAPPING;
        schedule(now + contact.wrapUp, Type.WRAP_END, contact.queue, contact);
    }

    private void wrapEnds(Contact contact, double now) {
        contact.state = State.DONE;
        tallies[contact.interval][contact.queue].completed(contact.handle + contact.wrapUp);
        SimAgent agent = contact.agent;
        boolean wasLoggedIn = agent.loggedIn();
        agent.used.merge(contact.channel, -1, Integer::sum);
        agent.holding--;
        busySlots--;
        loggedIn(agent, wasLoggedIn);
        trace.released(now, agent.id, contact.id, contact.channel);
        if (agent.holding == 0) {
            agent.idleSince = now;
        }
        if (agent.onShift) {
            loop.agentAvailable(agent.candidate(), instant(now));
        }
    }

    // ---- routing and time ---------------------------------------------------------------------------------

    private void scheduleAdvance(double now) {
        if (loop.waiting() == 0) {
            return;
        }
        var next = loop.nextChange();
        if (next.isEmpty() || (advanceAt != null && !next.get().isBefore(advanceAt))) {
            return;
        }
        advanceAt = next.get();
        double at = Math.max(now, Duration.between(T0, advanceAt).toNanos() / 1e9);
        // Seconds round to nanoseconds on the way back: never wake before the change is due.
        while (instant(at).isBefore(advanceAt)) {
            at = Math.nextUp(at);
        }
        schedule(at, Type.ADVANCE, -1, null);
    }

    /** Adds up busy and logged-in slot time up to {@code now}, by interval, within the scenario's duration. */
    private void elapse(double now) {
        double until = Math.min(now, scenario.durationSeconds());
        while (clock < until) {
            int i = Math.min(intervalCount - 1, (int) (clock / scenario.intervalSeconds()));
            double end = i == intervalCount - 1 ? until : Math.min(until, (i + 1) * scenario.intervalSeconds());
            busySlotSeconds[i] += busySlots * (end - clock);
            loggedInSlotSeconds[i] += loggedInSlots * (end - clock);
            clock = end;
        }
    }

    private void schedule(double time, Type type, int index, Contact contact) {
        events.add(new Event(time, sequence++, type, index, contact));
    }

    private static Instant instant(double seconds) {
        return T0.plusNanos(Math.round(seconds * 1e9));
    }

    // ---- the figures --------------------------------------------------------------------------------------

    private Result result() {
        Map<String, Tally> byQueue = new LinkedHashMap<>();
        queues.forEach(q -> byQueue.put(q.name(), new Tally(scenario.slThresholdSeconds())));
        Tally total = new Tally(scenario.slThresholdSeconds());
        List<Interval> intervals = new ArrayList<>();
        double busy = 0;
        double loggedIn = 0;
        for (int i = 0; i < intervalCount; i++) {
            Tally all = new Tally(scenario.slThresholdSeconds());
            Map<String, Figures> figures = new LinkedHashMap<>();
            for (int q = 0; q < queues.size(); q++) {
                Tally t = tallies[i][q];
                all.add(t);
                byQueue.get(queues.get(q).name()).add(t);
                figures.put(queues.get(q).name(), t.figures());
            }
            total.add(all);
            busy += busySlotSeconds[i];
            loggedIn += loggedInSlotSeconds[i];
            intervals.add(new Interval(i * scenario.intervalSeconds(),
                    Math.min(scenario.durationSeconds(), (i + 1) * scenario.intervalSeconds()), all.figures(),
                    Collections.unmodifiableMap(figures),
                    share(busySlotSeconds[i], loggedInSlotSeconds[i])));
        }
        Map<String, Figures> queueFigures = new LinkedHashMap<>();
        byQueue.forEach((name, t) -> queueFigures.put(name, t.figures()));
        return new Result(total.figures(), Collections.unmodifiableMap(queueFigures), List.copyOf(intervals),
                share(busy, loggedIn), abandonedAtEnd, processed);
    }

    private static double share(double part, double whole) {
        return whole > 0 ? part / whole : 0;
    }
}
