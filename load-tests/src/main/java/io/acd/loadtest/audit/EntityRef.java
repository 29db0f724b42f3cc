package io.acd.loadtest.audit;

/**
 * A persistence id the audit reads: an interaction's or an agent's. Everything else in a journal (the shards'
 * remembered entities, queues, routers) keeps no fact the checks need and is left out.
 */
public record EntityRef(Kind kind, String id, String persistenceId) {

    public enum Kind { INTERACTION, AGENT }

    /** The entity behind a persistence id, or null for one the audit ignores. */
    public static EntityRef of(String persistenceId) {
        // PersistenceId.of(type, id) joins them with '|'; an entity id may itself hold one, so split at the first.
        int bar = persistenceId.indexOf('|');
        if (bar < 0) {
            return null;
        }
        String type = persistenceId.substring(0, bar);
        String id = persistenceId.substring(bar + 1);
        return switch (type) {
            case "Interaction" -> new EntityRef(Kind.INTERACTION, id, persistenceId);
            case "Agent" -> new EntityRef(Kind.AGENT, id, persistenceId);
            default -> null;
        };
    }

    public static String interaction(String id) {
        return "Interaction|" + id;
    }

    public static String agent(String id) {
        return "Agent|" + id;
    }
}
