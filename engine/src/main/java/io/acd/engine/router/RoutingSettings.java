package io.acd.engine.router;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.QueuePolicy;
import io.acd.engine.routing.RoutingConfig;
import io.acd.engine.routing.SelectionStrategy;
import io.acd.engine.routing.Step;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the queues and channel rules under {@code acd.routing} (explained in the engine's reference.conf), for
 * {@link io.acd.engine.EngineSettings}, which reads every other setting.
 */
public final class RoutingSettings {

    private RoutingSettings() {
    }

    public static RoutingConfig from(Config config) {
        Config routing = config.getConfig("acd.routing");
        Map<String, QueuePolicy> queues = new HashMap<>();
        Config queuesConfig = routing.getConfig("queues");
        for (String name : queuesConfig.root().keySet()) {
            queues.put(name, queue(name, queuesConfig.getConfig(quoted(name))));
        }
        Map<Channel, Set<Channel>> blocks = new EnumMap<>(Channel.class);
        Config blocksConfig = routing.getConfig("channel-blocks");
        for (String held : blocksConfig.root().keySet()) {
            Set<Channel> blocked = EnumSet.noneOf(Channel.class);
            for (String name : blocksConfig.getStringList(quoted(held))) {
                blocked.add(channel(name, "acd.routing.channel-blocks." + held));
            }
            blocks.put(channel(held, "acd.routing.channel-blocks"), blocked);
        }
        return new RoutingConfig(queues, blocks);
    }

    static QueuePolicy queue(String name, Config queue) {
        Config q = queue.withFallback(DEFAULTS);
        String path = "acd.routing.queues." + name;
        String strategyName = q.getString("strategy");
        SelectionStrategy strategy = SelectionStrategy.fromWire(strategyName).orElseThrow(() ->
                new ConfigException.BadValue(path + ".strategy",
                        "must be longest_idle, most_skilled, least_occupied or round_robin, not " + strategyName));
        List<Step> steps = new ArrayList<>();
        for (Config step : q.getConfigList("steps")) {
            Config s = step.withFallback(STEP_DEFAULTS);
            steps.add(new Step(s.getDuration("after"), s.getInt("level-drop"),
                    new HashSet<>(s.getStringList("drop-skills")), s.getBoolean("any-agent"),
                    new HashSet<>(s.getStringList("add-groups"))));
        }
        try {
            return new QueuePolicy(name, q.getDouble("aging-per-second"), q.getDouble("weight"), steps, strategy,
                    new HashSet<>(q.getStringList("groups")));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(path, e.getMessage());
        }
    }

    private static Channel channel(String name, String path) {
        return Channel.fromWire(name).orElseThrow(() ->
                new ConfigException.BadValue(path, "unknown channel " + name));
    }

    private static String quoted(String key) {
        return "\"" + key.replace("\"", "\\\\\"") + "\"";
    }

    private static final Config DEFAULTS = com.typesafe.config.ConfigFactory.parseString(
            "aging-per-second = 0, weight = 1, strategy = longest_idle, steps = [], groups = []");
    private static final Config STEP_DEFAULTS = com.typesafe.config.ConfigFactory.parseString(
            "level-drop = 0, drop-skills = [], any-agent = false, add-groups = []");
}
