package io.acd.engine.agent;

import io.acd.engine.agent.Agent.Holding;
import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Channel;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.KryoRegistry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an agent remembers, one record per phase, each holding only what that phase has:
 * {@link Unregistered} until a profile is stored, then {@link LoggedOut}, {@link Available} or
 * {@link NotReady} as the agent's status says. Each phase applies the events that can happen in it and
 * returns the next phase; nothing else changes a state. Registered phases are stored as snapshots.
 */
public sealed interface AgentState extends KryoMessage {

    String agentId();

    AgentStatus status();

    /** Why the agent is in its status, as it gave it (a break, {@code missed_offer}); null for none. */
    String reason();

    /** The interactions the agent holds capacity for, by interaction id. */
    Map<String, Holding> holdings();

    default int used(Channel channel) {
        return (int) holdings().values().stream().filter(h -> h.channel() == channel).count();
    }

    /** Holdings in a stable order (by since, then id) for views. */
    default List<Holding> holdingsInOrder() {
        var list = new ArrayList<>(holdings().values());
        list.sort(Comparator.comparing(Holding::since).thenComparing(Holding::interactionId));
        return list;
    }

    /** No profile stored yet: the agent cannot be set to a status or reserved, only created. */
    record Unregistered(String agentId) implements AgentState {

        @Override
        public AgentStatus status() {
            return AgentStatus.LOGGED_OUT;
        }

        @Override
        public String reason() {
            return null;
        }

        @Override
        public Map<String, Holding> holdings() {
            return Map.of();
        }

        LoggedOut profileUpdated(Agent.ProfileUpdated e) {
            return new LoggedOut(agentId, Profile.of(e), null, e.at());
        }
    }

    /** What the agent is, as last set over the API: who it is, what it can do and how much at once. */
    record Profile(String name, Map<String, Integer> skills, Map<Channel, Integer> capacity, Set<String> groups)
            implements KryoMessage {

        public Profile {
            skills = Map.copyOf(skills);
            capacity = Map.copyOf(capacity);
            groups = Set.copyOf(groups);
        }

        static Profile of(Agent.ProfileUpdated e) {
            return new Profile(e.name(), e.skills(), e.capacity(), e.groups() == null ? Set.of() : e.groups());
        }
    }

    /** An agent with a profile, in whichever status: what clients see of it. */
    sealed interface Registered extends AgentState {

        Profile profile();

        /** When the agent entered its status (or, before any status change, when it was created). */
        Instant statusSince();

        default int free(Channel channel) {
            return Math.max(0, profile().capacity().getOrDefault(channel, 0) - used(channel));
        }
    }

    /**
     * Registered, not working: offered nothing and holding nothing (it cannot log out while it holds work).
     */
    record LoggedOut(String agentId, Profile profile, String reason, Instant statusSince) implements Registered {

        @Override
        public AgentStatus status() {
            return AgentStatus.LOGGED_OUT;
        }

        @Override
        public Map<String, Holding> holdings() {
            return Map.of();
        }

        LoggedOut profileUpdated(Agent.ProfileUpdated e) {
            return new LoggedOut(agentId, Profile.of(e), reason, statusSince);
        }

        Registered statusChanged(Agent.StatusChanged e) {
            return switch (e.status()) {
                case AVAILABLE -> new Available(agentId, profile, e.reason(), e.at(), e.at(), Map.of());
                case NOT_READY -> new NotReady(agentId, profile, e.reason(), e.at(), Map.of());
                case LOGGED_OUT -> new LoggedOut(agentId, profile, e.reason(), e.at());
            };
        }
    }

    /** Logged in: the agent may hold interactions, and keeps them through a change between its two statuses. */
    sealed interface LoggedIn extends Registered {

        /**
         * This state with the holdings in {@code moved} (by interaction id) in place of the stored ones: the
         * phases an agent learns from its interactions and does not store (see {@link AgentEntity}). Ids it
         * does not hold are ignored.
         */
        LoggedIn withHoldingsMoved(Map<String, Holding> moved);
    }

    /**
     * Ready for work: the router may reserve a free slot.
     *
     * @param idleSince when the agent last became free of all work or became available; the router prefers
     *                  the agent idle longest
     */
    record Available(String agentId, Profile profile, String reason, Instant statusSince, Instant idleSince,
                     Map<String, Holding> holdings) implements LoggedIn {

        public Available {
            holdings = Map.copyOf(holdings);
        }

        @Override
        public AgentStatus status() {
            return AgentStatus.AVAILABLE;
        }

        Available profileUpdated(Agent.ProfileUpdated e) {
            return new Available(agentId, Profile.of(e), reason, statusSince, idleSince, holdings);
        }

        Registered statusChanged(Agent.StatusChanged e) {
            return switch (e.status()) {
                case AVAILABLE -> new Available(agentId, profile, e.reason(), e.at(), idleSince, holdings);
                case NOT_READY -> new NotReady(agentId, profile, e.reason(), e.at(), holdings);
                case LOGGED_OUT -> new LoggedOut(agentId, profile, e.reason(), e.at());
            };
        }

        @Override
        public Available withHoldingsMoved(Map<String, Holding> moved) {
            return new Available(agentId, profile, reason, statusSince, idleSince, overlaid(holdings, moved));
        }

        Available reserved(Agent.Reserved e) {
            return withHoldings(withReserved(holdings, e), idleSince);
        }

        Available holdingChanged(Agent.HoldingChanged e) {
            return withHoldings(withChanged(holdings, e), idleSince);
        }

        /** Free of all work again: idle from now, so it waits its turn behind agents idle longer. */
        Available released(Agent.Released e) {
            var next = withReleased(holdings, e);
            return withHoldings(next, next.isEmpty() && !holdings.isEmpty() ? e.at() : idleSince);
        }

        private Available withHoldings(Map<String, Holding> next, Instant newIdleSince) {
            return new Available(agentId, profile, reason, statusSince, newIdleSince, next);
        }

        AgentCandidate asCandidate() {
            Map<Channel, Integer> used = new EnumMap<>(Channel.class);
            for (Holding holding : holdings.values()) {
                used.merge(holding.channel(), 1, Integer::sum);
            }
            return new AgentCandidate(agentId, profile.skills(), profile.capacity(), used, idleSince,
                    profile.groups());
        }
    }

    /** Logged in but taking no new work (a break, a missed offer); it keeps what it holds. */
    record NotReady(String agentId, Profile profile, String reason, Instant statusSince,
                    Map<String, Holding> holdings) implements LoggedIn {

        public NotReady {
            holdings = Map.copyOf(holdings);
        }

        @Override
        public AgentStatus status() {
            return AgentStatus.NOT_READY;
        }

        NotReady profileUpdated(Agent.ProfileUpdated e) {
            return new NotReady(agentId, Profile.of(e), reason, statusSince, holdings);
        }

        Registered statusChanged(Agent.StatusChanged e) {
            return switch (e.status()) {
                case AVAILABLE -> new Available(agentId, profile, e.reason(), e.at(), e.at(), holdings);
                case NOT_READY -> new NotReady(agentId, profile, e.reason(), e.at(), holdings);
                case LOGGED_OUT -> new LoggedOut(agentId, profile, e.reason(), e.at());
            };
        }

        @Override
        public NotReady withHoldingsMoved(Map<String, Holding> moved) {
            return new NotReady(agentId, profile, reason, statusSince, overlaid(holdings, moved));
        }

        NotReady holdingChanged(Agent.HoldingChanged e) {
            return new NotReady(agentId, profile, reason, statusSince, withChanged(holdings, e));
        }

        NotReady released(Agent.Released e) {
            return new NotReady(agentId, profile, reason, statusSince, withReleased(holdings, e));
        }
    }

    // How the events about held interactions change the holdings, alike in both logged-in phases.

    private static Map<String, Holding> withReserved(Map<String, Holding> holdings, Agent.Reserved e) {
        var next = new LinkedHashMap<>(holdings);
        next.put(e.interactionId(), new Holding(e.interactionId(), e.channel(), e.queue(), e.priority(),
                HoldingPhase.RESERVED, e.at(), null));
        return next;
    }

    private static Map<String, Holding> withChanged(Map<String, Holding> holdings, Agent.HoldingChanged e) {
        var held = holdings.get(e.interactionId());
        if (held == null) {
            return holdings;
        }
        var next = new LinkedHashMap<>(holdings);
        next.put(e.interactionId(), new Holding(held.interactionId(), held.channel(), held.queue(),
                held.priority(), e.phase(), e.at(), e.offerExpiresAt()));
        return next;
    }

    private static Map<String, Holding> overlaid(Map<String, Holding> holdings, Map<String, Holding> moved) {
        var next = new LinkedHashMap<>(holdings);
        next.replaceAll((id, held) -> moved.getOrDefault(id, held));
        return next;
    }

    private static Map<String, Holding> withReleased(Map<String, Holding> holdings, Agent.Released e) {
        var next = new LinkedHashMap<>(holdings);
        next.remove(e.interactionId());
        return next;
    }

    /**
     * Kryo ids of the states: registered phases are stored as snapshots, so these ids are as fixed as the
     * events'. 302 was the single state record that all phases shared before they had a record each.
     */
    static void registerTypes(KryoRegistry registry) {
        registry.retired(302, "Agent.State, one record for every phase");
        registry.record(Profile.class, 304);
        registry.record(Unregistered.class, 305);
        registry.record(LoggedOut.class, 306);
        registry.record(Available.class, 307);
        registry.record(NotReady.class, 308);
    }
}
