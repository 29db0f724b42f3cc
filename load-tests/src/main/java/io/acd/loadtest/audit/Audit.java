package io.acd.loadtest.audit;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The audit: each entity the reader gives is folded once, by its kind, and shown to every check; at the end
 * each check gives its result.
 */
public final class Audit implements JournalReader.Visitor {

    private final List<Check> checks;

    public Audit(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    /**
     * The checks of {@code bin/acd audit}, in the order of its report.
     *
     * @param acknowledged the ids the API acknowledged, or null to skip that check
     * @param tolerance    how far apart in time two entities' events may be stored out of their real order
     */
    public static Audit standard(Set<String> acknowledged, Duration tolerance, boolean requireFinished) {
        return new Audit(List.of(
                new ReadableCheck(),
                new AcknowledgedExistCheck(acknowledged),
                new NoDoubleOfferCheck(),
                new AgentRecordCheck(tolerance),
                new CapacityCheck(),
                new QueueTimeCheck(tolerance),
                new FinishedCheck(requireFinished)));
    }

    @Override
    public void entity(EntityRef entity, List<StoredEvent> stored) {
        List<StoredEvent> events = TenantScope.qualified(entity.id(), stored);
        switch (entity.kind()) {
            case INTERACTION -> {
                InteractionTimeline timeline = InteractionFold.fold(entity.id(), events);
                checks.forEach(check -> check.interaction(timeline));
            }
            case AGENT -> {
                AgentTimeline timeline = AgentFold.fold(entity.id(), events);
                checks.forEach(check -> check.agent(timeline));
            }
        }
    }

    @Override
    public void ignored(String persistenceId) {
        checks.forEach(check -> check.ignored(persistenceId));
    }

    @Override
    public void unreadable(EntityRef entity, String reason) {
        checks.forEach(check -> check.unreadable(entity, reason));
    }

    public List<CheckResult> results() {
        return checks.stream().map(Check::result).toList();
    }
}
