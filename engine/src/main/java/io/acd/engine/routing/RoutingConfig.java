package io.acd.engine.routing;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The routing rules of one domain: queue policies and which channels block which.
 *
 * @param blocks for a channel being held, the channels on which no new work may be offered meanwhile
 *               (e.g. voice blocks chat: an agent on a call gets no new chats)
 */
public record RoutingConfig(Map<String, QueuePolicy> queues, Map<Channel, Set<Channel>> blocks) {

    public RoutingConfig {
        queues = Map.copyOf(queues);
        Map<Channel, Set<Channel>> copy = new EnumMap<>(Channel.class);
        blocks.forEach((held, blocked) -> copy.put(held, blocked.isEmpty()
                ? EnumSet.noneOf(Channel.class) : EnumSet.copyOf(blocked)));
        blocks = copy;
    }

    public static RoutingConfig defaults() {
        return new RoutingConfig(Map.of(), Map.of());
    }

    public QueuePolicy queue(String name) {
        QueuePolicy policy = queues.get(name);
        return policy != null ? policy : QueuePolicy.plain(name);
    }

    public RoutingConfig withQueue(QueuePolicy policy) {
        Map<String, QueuePolicy> next = new java.util.HashMap<>(queues);
        next.put(policy.name(), policy);
        return new RoutingConfig(next, blocks);
    }

    /** True when holding work on {@code held} forbids new work on {@code offered}. */
    public boolean blocks(Channel held, Channel offered) {
        Set<Channel> blocked = blocks.get(held);
        return blocked != null && blocked.contains(offered);
    }
}
