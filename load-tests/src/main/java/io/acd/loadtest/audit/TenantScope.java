package io.acd.loadtest.audit;

import io.acd.engine.tenant.ScopedId;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * The checks compare ids across entities: an interaction's agent with that agent's journal. Events name the
 * ids of their own tenant ({@code a1}), journals are keyed by entity id ({@code acme/a1}), so the events of a
 * tenant other than {@code default} are read with their agent and interaction ids qualified, and two tenants'
 * agents {@code a1} stay two agents in every check.
 */
final class TenantScope {

    private static final List<String> ID_COMPONENTS = List.of("agentId", "interactionId");

    private TenantScope() {
    }

    static List<StoredEvent> qualified(String entityId, List<StoredEvent> events) {
        ScopedId id = ScopedId.of(entityId);
        if (id.isDefaultTenant()) {
            return events;
        }
        return events.stream().map(e -> new StoredEvent(e.sequenceNr(), qualify(id.tenant(), e.event()))).toList();
    }

    /** A copy of an event record with its agentId and interactionId components in the tenant; else the event. */
    static Object qualify(String tenant, Object event) {
        if (!(event instanceof Record record)) {
            return event;
        }
        RecordComponent[] components = record.getClass().getRecordComponents();
        if (Arrays.stream(components).noneMatch(c -> ID_COMPONENTS.contains(c.getName()))) {
            return event;
        }
        try {
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                Object value = components[i].getAccessor().invoke(record);
                values[i] = ID_COMPONENTS.contains(components[i].getName()) && value instanceof String local
                        ? new ScopedId(tenant, local).entityId() : value;
            }
            Constructor<?> canonical = record.getClass().getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + event.getClass().getName() + " in tenant " + tenant, e);
        }
    }
}
