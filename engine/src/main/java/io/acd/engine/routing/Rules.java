package io.acd.engine.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routing rules for one contact and one agent, stated once. Both the index and the plain scan decide
 * with these functions; they differ only in which pairs they look at.
 */
public final class Rules {

    private static final Channel[] CHANNELS = Channel.values();

    private Rules() {
    }

    /** 0 for the contact's own requirements, k once the k-th step of its queue applies. */
    public static int step(WaitingContact contact, QueuePolicy queue, Instant now) {
        // In nanoseconds, like the schedule of changes: a step falls due at exactly queuedAt + after.
        long waited = Math.max(0, epochNanos(now) - epochNanos(contact.queuedAt()));
        List<Step> steps = queue.steps();
        int step = 0;
        while (step < steps.size() && waited >= steps.get(step).after().toNanos()) {
            step++;
        }
        return step;
    }

    /** Nanoseconds since the epoch: an Instant as one number, good until the year 2262. */
    public static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** The skills and minimum levels required at a step. */
    public static Map<String, Integer> requiredAt(WaitingContact contact, QueuePolicy queue, int step) {
        if (step == 0) {
            return contact.skills();
        }
        Step s = queue.steps().get(step - 1);
        if (s.anyAgent()) {
            return Map.of();
        }
        Map<String, Integer> relaxed = new HashMap<>();
        contact.skills().forEach((skill, level) -> {
            if (!s.dropSkills().contains(skill)) {
                relaxed.put(skill, Math.max(0, level - s.levelDrop()));
            }
        });
        return Map.copyOf(relaxed);
    }

    /**
     * The agent groups that may take a contact at a step: the queue's groups and those its steps added so
     * far. Empty when the queue is not served by groups: then any agent may, by skills alone.
     */
    public static Set<String> groupsAt(QueuePolicy queue, int step) {
        if (queue.groups().isEmpty()) {
            return Set.of();
        }
        if (step == 0) {
            return queue.groups();
        }
        Set<String> groups = new HashSet<>(queue.groups());
        for (int i = 0; i < step; i++) {
            groups.addAll(queue.steps().get(i).addGroups());
        }
        return Set.copyOf(groups);
    }

    public static boolean inGroups(Set<String> agentGroups, Set<String> eligible) {
        if (eligible.isEmpty()) {
            return true;
        }
        for (String group : agentGroups) {
            if (eligible.contains(group)) {
                return true;
            }
        }
        return false;
    }

    /**
     * When the contact's requirements next change (a step, or the end of its preferred agent), in
     * nanoseconds since the epoch; {@link Long#MAX_VALUE} when they never will.
     */
    public static long nextChangeNanos(WaitingContact contact, QueuePolicy queue, Instant now) {
        long next = Long.MAX_VALUE;
        if (preferredAgentActive(contact, now)) {
            next = epochNanos(contact.preferredAgentUntil());
        }
        long queued = epochNanos(contact.queuedAt());
        long at = epochNanos(now);
        List<Step> steps = queue.steps();
        for (int i = 0; i < steps.size(); i++) {
            long due = queued + steps.get(i).after().toNanos();
            if (due > at) {
                return Math.min(next, due);
            }
        }
        return next;
    }

    public static boolean preferredAgentActive(WaitingContact contact, Instant now) {
        return contact.preferredAgent() != null && now.isBefore(contact.preferredAgentUntil());
    }

    public static Duration waited(WaitingContact contact, Instant now) {
        Duration waited = Duration.between(contact.queuedAt(), now);
        return waited.isNegative() ? Duration.ZERO : waited;
    }

    /** weight × (priority + aging × seconds waited). */
    public static double effectivePriority(WaitingContact contact, QueuePolicy queue, Instant now) {
        return effectivePriority(contact.priority(), contact.queuedAt().toEpochMilli(), queue, now.toEpochMilli());
    }

    /** {@link #effectivePriority(WaitingContact, QueuePolicy, Instant)} from the numbers the index keeps. */
    public static double effectivePriority(int priority, long queuedAtMillis, QueuePolicy queue, long nowMillis) {
        // Milliseconds, like the index's ordering key, so that both order contacts identically.
        double seconds = Math.max(0, nowMillis - queuedAtMillis) / 1000.0;
        return queue.weight() * (priority + queue.agingPerSecond() * seconds);
    }

    /** A free slot on the channel and no held work on a channel that blocks it. */
    public static boolean canTake(AgentCandidate agent, Channel channel, RoutingConfig config) {
        return (takeableChannels(agent, config) & (1 << channel.ordinal())) != 0;
    }

    /** {@link #canTake} for every channel at once: bit {@code ordinal} set where the agent can take new work. */
    public static int takeableChannels(AgentCandidate agent, RoutingConfig config) {
        // Looked up channel by channel: walking an immutable map's entries allocates an iterator each time.
        int holding = 0;
        int withFreeSlot = 0;
        for (Channel channel : CHANNELS) {
            Integer used = agent.used().get(channel);
            if (used != null && used > 0) {
                holding |= 1 << channel.ordinal();
            }
            if (agent.free(channel) > 0) {
                withFreeSlot |= 1 << channel.ordinal();
            }
        }
        return takeableChannels(holding, withFreeSlot, config);
    }

    /**
     * The channels an agent can take new work on, from two sets of channels as bits by ordinal: those it holds
     * work on and those with a free slot. A channel is takeable when it has a free slot and no held work blocks it.
     */
    public static int takeableChannels(int holding, int withFreeSlot, RoutingConfig config) {
        int blocked = 0;
        for (Channel held : CHANNELS) {
            if ((holding & (1 << held.ordinal())) != 0) {
                for (Channel offered : CHANNELS) {
                    if (config.blocks(held, offered)) {
                        blocked |= 1 << offered.ordinal();
                    }
                }
            }
        }
        return withFreeSlot & ~blocked;
    }

    public static boolean hasSkills(Map<String, Integer> agentSkills, Map<String, Integer> required) {
        for (Map.Entry<String, Integer> r : required.entrySet()) {
            Integer level = agentSkills.get(r.getKey());
            if (level == null || level < r.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Everything but the channel: skills and agent groups at the contact's current step, exclusions, a
     * preferred agent.
     */
    public static boolean qualifiesBySkillsAndIdentity(AgentFacts agent, WaitingContact contact,
                                                   QueuePolicy queue, Instant now) {
        if (contact.excludedAgents().contains(agent.agentId())) {
            return false;
        }
        if (preferredAgentActive(contact, now) && !contact.preferredAgent().equals(agent.agentId())) {
            return false;
        }
        int step = step(contact, queue, now);
        return inGroups(agent.groups(), groupsAt(queue, step)) && hasSkills(agent.skills(), requiredAt(contact, queue, step));
    }

    public static boolean qualifies(AgentCandidate agent, WaitingContact contact, RoutingConfig config, Instant now) {
        return canTake(agent, contact.channel(), config)
                && qualifiesBySkillsAndIdentity(agent, contact, config.queue(contact.queue()), now);
    }

    /** How many preferred skills the agent has at or above their level. */
    public static int preferredScore(Map<String, Integer> agentSkills, Map<String, Integer> preferred) {
        if (preferred.isEmpty()) {
            return 0;
        }
        int score = 0;
        for (Map.Entry<String, Integer> p : preferred.entrySet()) {
            Integer level = agentSkills.get(p.getKey());
            if (level != null && level >= p.getValue()) {
                score++;
            }
        }
        return score;
    }

    /** Sum of the agent's levels in the contact's own required skills. */
    public static int skillSum(Map<String, Integer> agentSkills, Map<String, Integer> required) {
        int sum = 0;
        for (String skill : required.keySet()) {
            sum += agentSkills.getOrDefault(skill, 0);
        }
        return sum;
    }

    /**
     * Negative when {@code a} is the better agent for the contact: more preferred skills first, then the
     * queue's strategy, then longest idle, then the lower id.
     */
    public static int compareAgents(AgentCandidate a, AgentCandidate b, WaitingContact contact, QueuePolicy queue,
                                    RoundRobin roundRobin) {
        int c = Integer.compare(preferredScore(b.skills(), contact.preferredSkills()),
                preferredScore(a.skills(), contact.preferredSkills()));
        if (c != 0) {
            return c;
        }
        c = compareByStrategy(a, b, contact, queue, roundRobin);
        if (c != 0) {
            return c;
        }
        c = a.idleSince().compareTo(b.idleSince());
        return c != 0 ? c : a.agentId().compareTo(b.agentId());
    }

    static int compareByStrategy(AgentFacts a, AgentFacts b, WaitingContact contact,
                                 QueuePolicy queue, RoundRobin roundRobin) {
        return switch (queue.strategy()) {
            case LONGEST_IDLE -> 0;
            case MOST_SKILLED -> Integer.compare(skillSum(b.skills(), contact.skills()),
                    skillSum(a.skills(), contact.skills()));
            // used/capacity compared without division, so equal shares compare equal.
            case LEAST_OCCUPIED -> Long.compare((long) a.usedTotal() * Math.max(1, b.capacityTotal()),
                    (long) b.usedTotal() * Math.max(1, a.capacityTotal()));
            case ROUND_ROBIN -> Long.compare(roundRobin.lastServed(queue.name(), a.agentId()),
                    roundRobin.lastServed(queue.name(), b.agentId()));
        };
    }

    /** Negative when {@code a} should be served first: higher effective priority, then earlier queued, then id. */
    public static int compareContacts(WaitingContact a, double effA, WaitingContact b, double effB) {
        int c = Double.compare(effB, effA);
        if (c != 0) {
            return c;
        }
        c = a.queuedAt().compareTo(b.queuedAt());
        return c != 0 ? c : a.interactionId().compareTo(b.interactionId());
    }

    /** Says, for people, on what {@code winner} beat {@code runnerUp} as an agent for the contact. */
    static String agentLostOn(AgentCandidate winner, AgentCandidate runnerUp, WaitingContact contact, QueuePolicy queue,
                              RoundRobin roundRobin) {
        int pw = preferredScore(winner.skills(), contact.preferredSkills());
        int pr = preferredScore(runnerUp.skills(), contact.preferredSkills());
        if (pw != pr) {
            return "preferred skills " + pr + " < " + pw;
        }
        if (compareByStrategy(winner, runnerUp, contact, queue, roundRobin) != 0) {
            return switch (queue.strategy()) {
                case MOST_SKILLED -> "skill levels " + skillSum(runnerUp.skills(), contact.skills()) + " < "
                        + skillSum(winner.skills(), contact.skills());
                case LEAST_OCCUPIED -> "occupancy " + runnerUp.usedTotal() + "/" + runnerUp.capacityTotal() + " > "
                        + winner.usedTotal() + "/" + winner.capacityTotal();
                case ROUND_ROBIN -> "offered more recently by this queue";
                case LONGEST_IDLE -> "idle since later";
            };
        }
        if (!winner.idleSince().equals(runnerUp.idleSince())) {
            return "idle " + Duration.between(winner.idleSince(), runnerUp.idleSince()).toMillis() + " ms less";
        }
        return "agent id orders after";
    }

    static String contactLostOn(WaitingContact winner, double effW, WaitingContact runnerUp, double effR) {
        if (Double.compare(effW, effR) != 0) {
            return String.format(java.util.Locale.ROOT, "effective priority %.3f < %.3f", effR, effW);
        }
        if (!winner.queuedAt().equals(runnerUp.queuedAt())) {
            return "queued " + Duration.between(winner.queuedAt(), runnerUp.queuedAt()).toMillis() + " ms later";
        }
        return "interaction id orders after";
    }

}
