package io.acd.loadtest.sim.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acd.engine.routing.Channel;
import io.acd.loadtest.scenario.AgentGroupSpec;
import io.acd.loadtest.scenario.Distribution;
import io.acd.loadtest.scenario.QueueSpec;
import io.acd.loadtest.scenario.Scenario;
import io.acd.loadtest.scenario.Shift;
import io.acd.loadtest.sim.Figures;
import io.acd.loadtest.sim.ScenarioTime;
import io.acd.loadtest.sim.Tally;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Engine mode: a scenario played in real time against a running engine over its public API only. Every
 * simulated agent has a profile, a state and a desktop WebSocket of its own; it accepts each offer, talks for
 * a handle time drawn from the queue's distribution, completes, wraps up for the wrap-up time, and logs in
 * and out by its shifts. Every simulated customer is created over REST and abandons over REST when its
 * patience runs out. After the run every created contact is looked up through the API, so that a contact the
 * engine lost shows up as lost rather than as a missing number.
 */
public final class EngineSimulation {

    /**
     * @param timeScale        scenario seconds per real second: 60 plays an hour in a minute (rates ×60,
     *                         durations ÷60); the engine's latency is reported in real time regardless
     * @param waitEpsilonSeconds a contact counts as having waited when its offer took longer than this,
     *                         scenario seconds; the engine's own latency is not queueing
     * @param drainTimeout     how long, after the last arrival, contacts still queued may wait for an agent
     *                         before their customers hang up
     * @param key              the admin API key (the simulator sets up queues and agents, then acts as them)
     * @param runId            makes agent ids and idempotency keys unique to the run, so that runs can share
     *                         one engine
     * @param chatMessages     messages each chat's customer writes once an agent took it, answered by the agent
     *                         (0: chats are silent)
     */
    public record Options(URI base, String key, double timeScale, double waitEpsilonSeconds, Duration drainTimeout,
                          int setupConcurrency, String runId, int chatMessages) {
        public Options {
            if (!(timeScale > 0)) {
                throw new IllegalArgumentException("The time scale must be positive");
            }
        }

        public static Options defaults(URI base, String key) {
            return new Options(base, key, 1, 1, Duration.ofMinutes(2), 32, Long.toString(System.currentTimeMillis(), 36),
                    0);
        }
    }

    private final Scenario scenario;
    private final Options options;
    private final EngineApi api;
    private final ChatTalk chat;
    private final Map<String, QueueSpec> queuesByName = new LinkedHashMap<>();
    private final SplittableRandom random;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "simulator-timer");
        t.setDaemon(true);
        return t;
    });
    private final List<SimulatedContact> contacts = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, SimulatedContact> byId = new ConcurrentHashMap<>();
    /**
     * What a desktop saw of a contact whose create reply has not arrived yet (the push can overtake the
     * reply); the reply takes it over. Guarded by {@code byId}.
     */
    private final Map<String, SimulatedContact> early = new java.util.HashMap<>();
    private final List<SimulatedAgent> agents = new ArrayList<>();
    private final Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(30), 3);
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong createFailures = new AtomicLong();
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong answeredWithin = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();
    private final AtomicLong completedCount = new AtomicLong();
    private final AtomicLong abandonedUnoffered = new AtomicLong();
    private final AtomicLong races = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
    private volatile long startNanos;
    private volatile boolean arrivalsOver;
    /** What the simulated desktops report; they see nothing else of the simulation. */
    private final SimulatedAgent.Floor floor = new SimulatedAgent.Floor() {
        @Override
        public QueueSpec queue(String name) {
            return queuesByName.get(name);
        }

        @Override
        public void offered(String interactionId, long nanos) {
            EngineSimulation.this.offered(interactionId, nanos);
        }

        @Override
        public void connected(String interactionId) {
            EngineSimulation.this.connected(interactionId);
        }

        @Override
        public void completed(String interactionId) {
            EngineSimulation.this.completed(interactionId);
        }

        @Override
        public void raced() {
            races.incrementAndGet();
        }

        @Override
        public void error(String message) {
            EngineSimulation.this.error(message);
        }

        @Override
        public void after(double scenarioSeconds, Runnable task) {
            EngineSimulation.this.after(scenarioSeconds, task);
        }

        @Override
        public double sample(Distribution distribution) {
            synchronized (random) {
                return distribution.sample(random);
            }
        }
    };

    public EngineSimulation(Scenario scenario, Options options) {
        this.scenario = scenario;
        this.options = options;
        this.api = new EngineApi(options.base(), options.key());
        this.chat = new ChatTalk(api, options.chatMessages(), (seconds, task) -> after(seconds, task), this::error);
        this.random = new SplittableRandom(scenario.seed());
        scenario.queues().forEach(q -> queuesByName.put(q.name(), q));
    }

    /** Sets up the agents, plays the scenario, drains, checks every contact through the API and cleans up. */
    public EngineResult run(Consumer<String> progress) throws InterruptedException {
        try {
            setUpAgents(progress);
            startNanos = System.nanoTime();
            scheduleShifts();
            for (QueueSpec queue : scenario.queues()) {
                scheduleArrival(queue, 0, random.split());
            }
            long lastCreated = 0;
            while (!arrivalsOver) {
                TimeUnit.MILLISECONDS.sleep((long) (progressSeconds() * 1000));
                long now = created.get();
                progress.accept(progressLine(now - lastCreated));
                lastCreated = now;
            }
            drain(progress);
            double wall = (System.nanoTime() - startNanos) / 1e9;
            progress.accept("checking every contact through the API...");
            Map<String, Long> statuses = new TreeMap<>();
            long[] lostAndDisagreeing = crossCheck(statuses);
            return result(wall, statuses, lostAndDisagreeing[0], lostAndDisagreeing[1]);
        } finally {
            tearDown();
        }
    }

    // ---- agents -------------------------------------------------------------------------------------------

    private void setUpAgents(Consumer<String> progress) throws InterruptedException {
        Semaphore inFlight = new Semaphore(options.setupConcurrency());
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (AgentGroupSpec group : scenario.agentGroups()) {
            for (int i = 0; i < group.count(); i++) {
                SimulatedAgent agent = new SimulatedAgent("sim-" + options.runId() + "-" + group.name() + "-" + i, group,
                        chat, api, floor);
                agents.add(agent);
                inFlight.acquire();
                all.add(agent.register().whenComplete((x, e) -> inFlight.release()));
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).orTimeout(10, TimeUnit.MINUTES).join();
        progress.accept(String.format(Locale.ROOT, "%,d agents registered, each with a desktop WebSocket", agents.size()));
    }

    private void scheduleShifts() {
        for (SimulatedAgent agent : agents) {
            List<Shift> shifts = agent.group.shifts();
            if (shifts.isEmpty()) {
                agent.shiftStarts();
                continue;
            }
            for (Shift shift : shifts) {
                at(shift.startSeconds(), agent::shiftStarts);
                if (shift.endSeconds() < scenario.durationSeconds()) {
                    at(shift.endSeconds(), agent::shiftEnds);
                }
            }
        }
    }

    private void tearDown() {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (SimulatedAgent agent : agents) {
            all.add(agent.logOut());
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            error("logging the simulated agents out: " + e);
        }
        timers.shutdownNow();
    }

    // ---- customers ----------------------------------------------------------------------------------------

    private void scheduleArrival(QueueSpec queue, double after, SplittableRandom stream) {
        double next = queue.arrivals().nextAfter(after, scenario.durationSeconds(), stream);
        if (!(next < scenario.durationSeconds())) {
            queueDone();
            return;
        }
        at(next, () -> {
            create(queue, next, stream);
            scheduleArrival(queue, next, stream);
        });
    }

    private final AtomicLong queuesDone = new AtomicLong();

    private void queueDone() {
        if (queuesDone.incrementAndGet() == scenario.queues().size()) {
            arrivalsOver = true;
        }
    }

    private void create(QueueSpec queue, double at, SplittableRandom stream) {
        Channel channel = queue.sampleChannel(stream);
        double patience = queue.patience().isNone() ? Double.NaN : queue.patience().sample(stream);
        long n = created.incrementAndGet();
        SimulatedContact contact = new SimulatedContact(queue, channel, at, System.nanoTime());
        contacts.add(contact);
        ObjectNode body = EngineApi.JSON.createObjectNode();
        body.put("channel", channel.wireName());
        body.put("queue", queue.name());
        body.put("priority", queue.priority());
        ObjectNode skills = body.putObject("skills");
        queue.skills().forEach(skills::put);
        body.putObject("customer").put("id", "sim-customer-" + n);
        api.call("POST", "/v1/interactions", body.toString(), "sim-" + options.runId() + "-" + n)
                .whenComplete((reply, failure) -> {
                    if (failure != null || !reply.ok()) {
                        createFailures.incrementAndGet();
                        error("create failed: " + (failure != null ? failure : reply.status() + " " + reply.body()));
                        return;
                    }
                    String id = reply.body().path("interactionId").asText();
                    SimulatedContact seen;
                    synchronized (byId) {
                        contact.id = id;
                        byId.put(id, contact);
                        seen = early.remove(id);
                    }
                    if (seen != null) {
                        synchronized (contact) {
                            contact.offeredNanos = seen.offeredNanos;
                            contact.connectedNanos = seen.connectedNanos;
                            contact.handledSeconds = seen.handledSeconds;
                        }
                        account(contact);
                        if (seen.outcome != null) {
                            finish(contact, seen.outcome, seen.endedNanos);
                        }
                    }
                    if (!Double.isNaN(patience)) {
                        at(at + patience, () -> abandonIfWaiting(contact, false));
                    }
                });
    }

    /**
     * The customer hangs up unless an agent has answered. A 409 means an agent accepted in the meantime, or that
     * this abandon was retried after an answer lost to overload (503: it may have taken effect) and the first
     * attempt did abandon it: which one, the interaction says.
     */
    private CompletableFuture<Void> abandonIfWaiting(SimulatedContact contact, boolean atEnd) {
        if (contact.connectedNanos != 0 || contact.outcome != null) {
            return CompletableFuture.completedFuture(null);
        }
        return api.call("POST", "/v1/interactions/" + contact.id + "/abandon", "{}", null)
                .thenCompose(reply -> reply.status() != 409 ? CompletableFuture.completedFuture(reply)
                        : api.call("GET", "/v1/interactions/" + contact.id, null, null).thenApply(now ->
                                now.ok() && "abandoned".equals(now.body().path("status").asText()) ? now : reply))
                .handle((reply, failure) -> {
                    if (failure != null) {
                        error("abandon failed: " + failure);
                    } else if (reply.ok()) {
                        contact.abandonedAtEnd = atEnd;
                        finish(contact, SimulatedContact.Outcome.ABANDONED, System.nanoTime());
                    } else if (reply.status() == 409) {
                        races.incrementAndGet();
                    } else {
                        error("abandon answered " + reply.status() + " " + reply.body());
                    }
                    return null;
                });
    }

    /** The contact of an id, or the placeholder that keeps what happened until the create reply arrives. */
    private SimulatedContact seen(String id) {
        synchronized (byId) {
            SimulatedContact c = byId.get(id);
            return c != null ? c : early.computeIfAbsent(id, k -> new SimulatedContact(null, null, 0, 0));
        }
    }

    private void offered(String id, long nanos) {
        SimulatedContact c = seen(id);
        synchronized (c) {
            if (c.offeredNanos == 0) {
                c.offeredNanos = nanos;
            }
        }
        account(c);
    }

    private void connected(String id) {
        SimulatedContact c = seen(id);
        synchronized (c) {
            if (c.connectedNanos == 0) {
                c.connectedNanos = System.nanoTime();
            }
        }
        account(c);
    }

    private void completed(String id) {
        SimulatedContact c = seen(id);
        long now = System.nanoTime();
        synchronized (c) {
            if (c.connectedNanos != 0) {
                c.handledSeconds = scenarioSeconds(now - c.connectedNanos);
            }
        }
        finish(c, SimulatedContact.Outcome.COMPLETED, now);
    }

    /** Counts offers and answers once each, as soon as the contact is known to the simulator. */
    private void account(SimulatedContact c) {
        synchronized (c) {
            if (c.queue == null) {
                return;
            }
            if (c.offeredNanos != 0 && !c.offerCounted) {
                c.offerCounted = true;
                offered.incrementAndGet();
                synchronized (latency) {
                    latency.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(c.offeredNanos - c.sentNanos)));
                }
            }
            if (c.connectedNanos != 0 && !c.answerCounted) {
                c.answerCounted = true;
                answered.incrementAndGet();
                if (scenarioSeconds(c.connectedNanos - c.sentNanos) <= scenario.slThresholdSeconds()) {
                    answeredWithin.incrementAndGet();
                }
            }
        }
    }

    private void finish(SimulatedContact contact, SimulatedContact.Outcome outcome, long at) {
        synchronized (contact) {
            if (contact.outcome != null) {
                return;
            }
            contact.endedNanos = at;
            contact.outcome = outcome;
            if (contact.queue == null) {
                return;
            }
            ended.incrementAndGet();
            if (outcome == SimulatedContact.Outcome.COMPLETED) {
                completedCount.incrementAndGet();
            } else if (contact.offeredNanos == 0) {
                abandonedUnoffered.incrementAndGet();
            }
        }
    }

    // ---- the end of the run -------------------------------------------------------------------------------

    private void drain(Consumer<String> progress) throws InterruptedException {
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        while (unfinished() > 0 && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(1);
            progress.accept("draining: " + progressLine(0));
        }
        List<CompletableFuture<Void>> hangUps = new ArrayList<>();
        synchronized (contacts) {
            for (SimulatedContact c : contacts) {
                if (c.id != null && c.outcome == null && c.connectedNanos == 0) {
                    hangUps.add(abandonIfWaiting(c, true));
                }
            }
        }
        if (!hangUps.isEmpty()) {
            progress.accept(hangUps.size() + " contacts still waiting at the end: their customers hang up");
            CompletableFuture.allOf(hangUps.toArray(CompletableFuture[]::new)).orTimeout(2, TimeUnit.MINUTES).join();
        }
        // What agents hold still finishes: at most one handle time plus wrap-up.
        long served = System.nanoTime() + options.drainTimeout().toNanos();
        while (unfinished() > 0 && System.nanoTime() < served) {
            TimeUnit.SECONDS.sleep(1);
        }
    }

    private long unfinished() {
        return created.get() - createFailures.get() - ended.get();
    }

    /** @return lost and disagreeing contacts */
    private long[] crossCheck(Map<String, Long> statuses) throws InterruptedException {
        Semaphore inFlight = new Semaphore(options.setupConcurrency());
        AtomicLong lost = new AtomicLong();
        AtomicLong disagreeing = new AtomicLong();
        List<CompletableFuture<?>> all = new ArrayList<>();
        List<SimulatedContact> snapshot;
        synchronized (contacts) {
            snapshot = new ArrayList<>(contacts);
        }
        for (SimulatedContact c : snapshot) {
            if (c.id == null) {
                continue;
            }
            inFlight.acquire();
            all.add(api.call("GET", "/v1/interactions/" + c.id, null, null).whenComplete((reply, failure) -> {
                inFlight.release();
                String status = failure != null ? "unreachable" : reply.ok()
                        ? reply.body().path("status").asText() : "http_" + reply.status();
                synchronized (statuses) {
                    statuses.merge(status, 1L, Long::sum);
                }
                if (!status.equals("completed") && !status.equals("abandoned")) {
                    lost.incrementAndGet();
                } else if (c.outcome == null || !c.outcome.name().equalsIgnoreCase(status)) {
                    disagreeing.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return new long[] {lost.get(), disagreeing.get()};
    }

    private EngineResult result(double wall, Map<String, Long> statuses, long lost, long disagreeing) {
        List<SimulatedContact> all;
        synchronized (contacts) {
            all = new ArrayList<>(contacts);
        }
        Map<String, Figures> perQueue = new LinkedHashMap<>();
        for (QueueSpec q : scenario.queues()) {
            perQueue.put(q.name(), figures(all.stream().filter(c -> c.queue == q).toList()));
        }
        List<EngineResult.Interval> intervals = new ArrayList<>();
        double step = scenario.intervalSeconds();
        for (double from = 0; from < scenario.durationSeconds(); from += step) {
            double start = from;
            double end = Math.min(scenario.durationSeconds(), from + step);
            List<SimulatedContact> in = all.stream().filter(c -> c.createdAt >= start && c.createdAt < end).toList();
            Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(30), 3);
            in.stream().filter(c -> c.offeredNanos != 0).forEach(c ->
                    h.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(c.offeredNanos - c.sentNanos))));
            Map<String, Figures> byQueue = new LinkedHashMap<>();
            for (QueueSpec q : scenario.queues()) {
                byQueue.put(q.name(), figures(in.stream().filter(c -> c.queue == q).toList()));
            }
            long realFrom = startNanos + (long) (start / options.timeScale() * 1e9);
            long realTo = startNanos + (long) (end / options.timeScale() * 1e9);
            long finished = all.stream().filter(c -> c.outcome == SimulatedContact.Outcome.COMPLETED && c.endedNanos >= realFrom
                    && c.endedNanos < realTo).count();
            intervals.add(new EngineResult.Interval(start, end, figures(in), byQueue,
                    h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(50) / 1000.0,
                    h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0,
                    finished / ((realTo - realFrom) / 1e9)));
        }
        long completed = all.stream().filter(c -> c.outcome == SimulatedContact.Outcome.COMPLETED).count();
        long lastEnd = all.stream().mapToLong(c -> c.endedNanos).max().orElse(startNanos);
        double activeSeconds = Math.max(1e-9, (lastEnd - startNanos) / 1e9);
        double handled = all.stream().filter(c -> c.outcome == SimulatedContact.Outcome.COMPLETED).mapToDouble(c -> c.handledSeconds).sum();
        double loggedIn = 0;
        for (AgentGroupSpec g : scenario.agentGroups()) {
            double onShift = g.shifts().isEmpty() ? scenario.durationSeconds() : g.shifts().stream()
                    .mapToDouble(s -> Math.max(0, Math.min(s.endSeconds(), scenario.durationSeconds())
                            - Math.max(0, s.startSeconds()))).sum();
            loggedIn += g.count() * onShift;
        }
        Histogram copy;
        synchronized (latency) {
            copy = latency.copy();
        }
        return new EngineResult(figures(all), perQueue, intervals, copy, loggedIn == 0 ? 0 : handled / loggedIn, wall,
                created.get() / (scenario.durationSeconds() / options.timeScale()), completed / activeSeconds,
                statuses, lost, disagreeing, all.stream().filter(c -> c.abandonedAtEnd).count(), races.get(), api.retries(),
                errors.get(), List.copyOf(errorSamples), chat.on() ? chat.figures() : null);
    }

    private Figures figures(List<SimulatedContact> list) {
        Tally tally = new Tally(scenario.slThresholdSeconds());
        for (SimulatedContact c : list) {
            if (c.id == null) {
                continue;
            }
            tally.offered();
            if (c.outcome == SimulatedContact.Outcome.ABANDONED) {
                tally.abandoned();
            }
            if (c.connectedNanos != 0) {
                tally.answered(scenarioSeconds(c.connectedNanos - c.sentNanos));
            }
            long waitedUntil = c.offeredNanos != 0 ? c.offeredNanos : c.endedNanos;
            if (waitedUntil == 0 || scenarioSeconds(waitedUntil - c.sentNanos) > options.waitEpsilonSeconds()) {
                tally.waited();
            }
            if (c.outcome == SimulatedContact.Outcome.COMPLETED) {
                tally.completed(c.handledSeconds);
            }
        }
        return tally.figures();
    }

    // ---- time ---------------------------------------------------------------------------------------------

    private double scenarioSeconds(long realNanos) {
        return realNanos / 1e9 * options.timeScale();
    }

    private double now() {
        return scenarioSeconds(System.nanoTime() - startNanos);
    }

    /** Runs the task at a scenario time. */
    private void at(double scenarioSeconds, Runnable task) {
        long due = startNanos + (long) (scenarioSeconds / options.timeScale() * 1e9);
        timers.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                error("simulator task failed: " + e);
            }
        }, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void after(double scenarioSeconds, Runnable task) {
        at(now() + scenarioSeconds, task);
    }

    private String progressLine(long createdInWindow) {
        long c = created.get();
        long waiting = c - createFailures.get() - offered.get() - abandonedUnoffered.get();
        long inService = answered.get() - completedCount.get();
        double sl = c == 0 ? 0 : answeredWithin.get() / (double) c;
        double p99;
        synchronized (latency) {
            p99 = latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(99) / 1000.0;
        }
        return String.format(Locale.ROOT,
                "%6.0f s (scenario %s)  created %,d (%.0f/s)  waiting %,d  in service %,d  SL so far %.3f  "
                        + "create→offer p99 %.0f ms  retries %d  errors %d",
                (System.nanoTime() - startNanos) / 1e9, ScenarioTime.clock(now()), c, createdInWindow / progressSeconds(),
                Math.max(0, waiting), Math.max(0, inService), sl, p99, api.retries(), errors.get());
    }

    /** Progress every few real seconds: 5 at most, so that a short run still shows some. */
    private double progressSeconds() {
        return Math.max(1, Math.min(5, (long) (scenario.durationSeconds() / options.timeScale() / 20)));
    }

    private void error(String message) {
        errors.incrementAndGet();
        if (errorSamples.size() < 10) {
            errorSamples.add(message);
        }
    }
}
