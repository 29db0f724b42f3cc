package io.acd.loadtest.audit;

import io.acd.engine.interaction.Interaction;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every offer was decided on the contact's original queue time. The router records when it decided and how
 * long the contact had waited then ({@code decision.decidedAt}, {@code decision.waitedMillis}), so their
 * difference is the queue time the router used; it must be Created's time, give or take the tolerance: in a
 * cluster router and interaction read different clocks. Decisions stored before their time was recorded use
 * the offer's time instead, which is later by the offer's way to the interaction (milliseconds, but seconds
 * when that interaction's node was just lost). How long the slowest offer took from decision to interaction is
 * reported beside. A contact put
 * back in line with a fresh queue time (after a crash, say) shows a wait much shorter than its age, and loses
 * its place in line. Offers stored before decisions were recorded (decision absent), and offers of an
 * interaction without Created, cannot be checked and are counted apart.
 */
public final class QueueTimeCheck implements Check {

    static final String QUEUE_TIME_RESET = "queueTimeLater";
    static final String WAITED_TOO_LONG = "queueTimeEarlier";

    private final Duration tolerance;
    private final Findings violations = new Findings(QUEUE_TIME_RESET, WAITED_TOO_LONG);
    private long checked;
    private long withoutDecision;
    private long withoutCreated;
    private long slowestOffer;

    public QueueTimeCheck(Duration tolerance) {
        this.tolerance = tolerance;
    }

    @Override
    public void interaction(InteractionTimeline timeline) {
        Interaction.Created created = timeline.createdEvent();
        for (InteractionTimeline.Step step : timeline.steps()) {
            if (!(step.event() instanceof Interaction.Offered offered)) {
                continue;
            }
            if (created == null) {
                withoutCreated++;
                continue;
            }
            if (offered.decision() == null) {
                withoutDecision++;
                continue;
            }
            checked++;
            Instant decidedAt = offered.decision().decidedAt();
            if (decidedAt != null) {
                slowestOffer = Math.max(slowestOffer, Duration.between(decidedAt, offered.at()).toMillis());
            }
            Instant queuedAt = (decidedAt != null ? decidedAt : offered.at()).minusMillis(offered.decision().waitedMillis());
            Duration off = Duration.between(created.at(), queuedAt);
            if (off.compareTo(tolerance) > 0) {
                violations.add(QUEUE_TIME_RESET, describe(timeline, step, queuedAt, off, "after"));
            } else if (off.negated().compareTo(tolerance) > 0) {
                violations.add(WAITED_TOO_LONG, describe(timeline, step, queuedAt, off.negated(), "before"));
            }
        }
    }

    private String describe(InteractionTimeline timeline, InteractionTimeline.Step step, Instant queuedAt,
                            Duration off, String side) {
        return String.format(Locale.ROOT, "%s: %s was decided on a queue time of %s, %.3f s %s %s (tolerance %.3f s)",
                timeline.persistenceId(), EventText.of(step.stored()), queuedAt, off.toMillis() / 1000.0, side,
                EventText.of(timeline.created()), tolerance.toMillis() / 1000.0);
    }

    @Override
    public CheckResult result() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("notCheckableNoDecision", withoutDecision);
        counts.put("notCheckableNoCreated", withoutCreated);
        counts.put("slowestDecisionToOfferMs", slowestOffer);
        return CheckResult.of("queue-time", "queue time kept", checked, "offers", violations, counts, List.of(),
                null);
    }
}
