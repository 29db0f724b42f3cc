package io.acd.loadtest.scenario;

import io.acd.engine.routing.Channel;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * One queue of a scenario: on which channels its contacts come (a mix of probabilities), what they require,
 * how they arrive, how long they take and how long their customers wait before giving up.
 */
public record QueueSpec(String name, Map<Channel, Double> channelMix, int priority, Map<String, Integer> skills,
                        Arrivals arrivals, Distribution handleTime, Distribution wrapUp, Distribution patience) {

    public QueueSpec {
        channelMix = Map.copyOf(channelMix);
        skills = Map.copyOf(skills);
        double sum = channelMix.values().stream().mapToDouble(Double::doubleValue).sum();
        if (channelMix.isEmpty() || Math.abs(sum - 1) > 1e-9 || channelMix.values().stream().anyMatch(p -> p < 0)) {
            throw new ScenarioException("Queue " + name + ": the channel mix must be probabilities summing to 1, got "
                    + channelMix);
        }
    }

    public Channel sampleChannel(SplittableRandom random) {
        double u = random.nextDouble();
        Channel last = null;
        for (Channel c : Channel.values()) {
            Double p = channelMix.get(c);
            if (p == null) {
                continue;
            }
            last = c;
            u -= p;
            if (u < 0) {
                return c;
            }
        }
        return last;
    }
}
