package io.acd.loadtest.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.acd.engine.routing.Channel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A contact-center day to simulate, read from HOCON: queues with their traffic and agent groups with their
 * skills, capacity and shifts. {@code load-tests/scenarios/example.conf} documents every key.
 *
 * @param intervalSeconds the length of one row of the reports' time series
 */
public record Scenario(String name, double durationSeconds, long seed, double slThresholdSeconds,
                       double intervalSeconds, List<QueueSpec> queues, List<AgentGroupSpec> agentGroups) {

    public Scenario {
        queues = List.copyOf(queues);
        agentGroups = List.copyOf(agentGroups);
        if (!(durationSeconds > 0) || !(intervalSeconds > 0)) {
            throw new ScenarioException("The duration and the interval must be positive");
        }
        if (queues.isEmpty() || agentGroups.isEmpty()) {
            throw new ScenarioException("A scenario needs at least one queue and one agent group");
        }
        for (QueueSpec q : queues) {
            boolean served = agentGroups.stream().anyMatch(g -> g.count() > 0
                    && q.channelMix().keySet().stream().anyMatch(c -> g.capacity().getOrDefault(c, 0) > 0)
                    && q.skills().entrySet().stream().allMatch(s -> g.skills().getOrDefault(s.getKey(), 0) >= s.getValue()));
            if (!served) {
                throw new ScenarioException("Queue " + q.name() + ": no agent group has its skills " + q.skills()
                        + " and capacity on its channels " + q.channelMix().keySet());
            }
        }
    }

    /** The same scenario judged by another service-level threshold. */
    public Scenario withSlThreshold(double seconds) {
        return new Scenario(name, durationSeconds, seed, seconds, intervalSeconds, queues, agentGroups);
    }

    public int agentCount() {
        return agentGroups.stream().mapToInt(AgentGroupSpec::count).sum();
    }

    public static Scenario load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ScenarioException("No scenario file at " + file);
        }
        try {
            return parse(ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve());
        } catch (ConfigException e) {
            throw new ScenarioException(file + ": " + e.getMessage(), e);
        } catch (ScenarioException e) {
            throw new ScenarioException(file + ": " + e.getMessage(), e);
        }
    }

    public static Scenario parse(Config root) {
        try {
            Config c = root.getConfig("scenario");
            double duration = seconds(c, "duration");
            List<QueueSpec> queues = new ArrayList<>();
            Config qs = c.getConfig("queues");
            for (String name : qs.root().keySet()) {
                queues.add(queue(name, qs.getConfig(quote(name))));
            }
            List<AgentGroupSpec> groups = new ArrayList<>();
            for (Config g : c.getConfigList("agents")) {
                groups.add(group(g));
            }
            return new Scenario(c.hasPath("name") ? c.getString("name") : "scenario", duration,
                    c.hasPath("seed") ? c.getLong("seed") : 1,
                    c.hasPath("service-level-threshold") ? seconds(c, "service-level-threshold") : 20,
                    c.hasPath("interval") ? seconds(c, "interval") : Math.min(900, duration / 20), queues, groups);
        } catch (ConfigException e) {
            throw new ScenarioException(e.getMessage(), e);
        }
    }

    /** The one M/M/c(+M) queue of the flag form. */
    public static Scenario singleQueue(double arrivalsPerSecond, double ahtSeconds, int agents, double patienceSeconds,
                                       double slThresholdSeconds, double durationSeconds, long seed) {
        QueueSpec q = new QueueSpec("q", Map.of(Channel.VOICE, 1.0), 0, Map.of(),
                new Arrivals(arrivalsPerSecond, List.of(), List.of()), new Distribution.Exponential(ahtSeconds),
                Distribution.NONE, patienceSeconds > 0 ? new Distribution.Exponential(patienceSeconds) : Distribution.NONE);
        AgentGroupSpec g = new AgentGroupSpec("agents", agents, Map.of(), Map.of(Channel.VOICE, 1), List.of());
        return new Scenario("single-queue", durationSeconds, seed, slThresholdSeconds,
                Math.min(900, durationSeconds / 20), List.of(q), List.of(g));
    }

    private static QueueSpec queue(String name, Config q) {
        Map<Channel, Double> mix = new LinkedHashMap<>();
        if (q.hasPath("channel")) {
            mix.put(channel(q.getString("channel"), "queue " + name), 1.0);
        } else {
            Config channels = q.getConfig("channels");
            for (String ch : channels.root().keySet()) {
                mix.put(channel(ch, "queue " + name), channels.getDouble(ch));
            }
        }
        Config a = q.getConfig("arrivals");
        List<Arrivals.Window> byTime = new ArrayList<>();
        if (a.hasPath("by-time-of-day")) {
            for (Config w : a.getConfigList("by-time-of-day")) {
                byTime.add(new Arrivals.Window(seconds(w, "from"), seconds(w, "to"), w.getDouble("rate")));
            }
        }
        List<Arrivals.Window> bursts = new ArrayList<>();
        if (a.hasPath("bursts")) {
            for (Config b : a.getConfigList("bursts")) {
                double at = seconds(b, "at");
                bursts.add(new Arrivals.Window(at, at + seconds(b, "duration"), b.getDouble("rate")));
            }
        }
        if (!a.hasPath("rate") && byTime.isEmpty()) {
            throw new ScenarioException("Queue " + name + ": arrivals need a rate or by-time-of-day rates");
        }
        return new QueueSpec(name, mix, q.hasPath("priority") ? q.getInt("priority") : 0, levels(q, "skills"),
                new Arrivals(a.hasPath("rate") ? a.getDouble("rate") : 0, byTime, bursts),
                distribution(q, "handle-time", name), q.hasPath("wrap-up") ? distribution(q, "wrap-up", name)
                : Distribution.NONE, q.hasPath("patience") ? distribution(q, "patience", name) : Distribution.NONE);
    }

    private static AgentGroupSpec group(Config g) {
        String name = g.getString("name");
        Map<Channel, Integer> capacity = new LinkedHashMap<>();
        Config cap = g.getConfig("capacity");
        for (String ch : cap.root().keySet()) {
            capacity.put(channel(ch, "agent group " + name), cap.getInt(ch));
        }
        if (capacity.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
            throw new ScenarioException("Agent group " + name + " has no capacity on any channel");
        }
        List<Shift> shifts = new ArrayList<>();
        if (g.hasPath("shifts")) {
            for (Config s : g.getConfigList("shifts")) {
                shifts.add(new Shift(seconds(s, "start"), seconds(s, "end")));
            }
        }
        int count = g.getInt("count");
        if (count < 0) {
            throw new ScenarioException("Agent group " + name + ": count cannot be negative");
        }
        return new AgentGroupSpec(name, count, levels(g, "skills"), capacity, shifts);
    }

    private static Distribution distribution(Config parent, String key, String queue) {
        Config d = parent.getConfig(key);
        String kind = d.getString("distribution");
        Distribution result = switch (kind) {
            case "exponential" -> new Distribution.Exponential(seconds(d, "mean"));
            case "lognormal" -> {
                if (!d.hasPath("sd")) {
                    throw new ScenarioException("Queue " + queue + ": " + key + " is lognormal and needs an sd");
                }
                yield new Distribution.LogNormal(seconds(d, "mean"), seconds(d, "sd"));
            }
            case "constant" -> new Distribution.Constant(seconds(d, "value"));
            default -> throw new ScenarioException("Queue " + queue + ": " + key + " has the unknown distribution '"
                    + kind + "' (exponential, lognormal or constant)");
        };
        if (result.mean() < 0 || (!(result instanceof Distribution.Constant) && !(result.mean() > 0))) {
            throw new ScenarioException("Queue " + queue + ": " + key + " needs a positive mean");
        }
        return result;
    }

    private static Map<String, Integer> levels(Config parent, String key) {
        Map<String, Integer> levels = new LinkedHashMap<>();
        if (parent.hasPath(key)) {
            Config c = parent.getConfig(key);
            for (String skill : c.root().keySet()) {
                levels.put(skill, c.getInt(quote(skill)));
            }
        }
        return levels;
    }

    private static Channel channel(String name, String where) {
        return Channel.fromWire(name).orElseThrow(() -> new ScenarioException(where + ": unknown channel '" + name
                + "' (voice, chat, sms, email or social)"));
    }

    /** A HOCON duration ("30s", "8h"), or a plain number of seconds. */
    private static double seconds(Config c, String key) {
        return c.getDuration(key, TimeUnit.MILLISECONDS) / 1000.0;
    }

    private static String quote(String key) {
        return key.contains(".") ? "\"" + key + "\"" : key;
    }
}
