package io.acd.loadtest.audit;

import io.acd.loadtest.audit.InteractionTimeline.Phase;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the interactions ended: completed (wrapped up), abandoned, or still live (queued, offered, connected,
 * in wrap-up), the live ones listed. A running contact center always has live ones, so they are only
 * violations when asked for ({@code --require-finished}): after a test run that drained, every contact must
 * have been completed or abandoned.
 */
public final class FinishedCheck implements Check {

    static final String LIVE = "live";

    private final boolean requireFinished;
    private final Map<Phase, Long> byPhase = new EnumMap<>(Phase.class);
    private final Findings live = new Findings(LIVE);
    private long interactions;

    public FinishedCheck(boolean requireFinished) {
        this.requireFinished = requireFinished;
        for (Phase phase : Phase.values()) {
            byPhase.put(phase, 0L);
        }
    }

    @Override
    public void interaction(InteractionTimeline timeline) {
        interactions++;
        Phase end = timeline.end();
        byPhase.merge(end, 1L, Long::sum);
        if (!end.ended() && end != Phase.NOT_CREATED) {
            live.add(LIVE, timeline.persistenceId() + " is " + end.wireName()
                    + (end.held() ? " with " + timeline.endAgent() : "") + " since "
                    + EventText.of(timeline.endReachedBy()));
        }
    }

    @Override
    public CheckResult result() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("completed", byPhase.get(Phase.COMPLETED));
        counts.put("abandoned", byPhase.get(Phase.ABANDONED));
        counts.put("live", live.count());
        counts.put("queued", byPhase.get(Phase.QUEUED));
        counts.put("offered", byPhase.get(Phase.OFFERED));
        counts.put("connected", byPhase.get(Phase.CONNECTED));
        counts.put("wrapUp", byPhase.get(Phase.WRAP_UP));
        // Journals with events but no Created: the no-double-offer check reports their events.
        counts.put("notCreated", byPhase.get(Phase.NOT_CREATED));
        String title = "finished";
        if (requireFinished) {
            return CheckResult.of("finished", title, interactions, "interactions", live, counts, List.of(),
                    "--require-finished: every interaction must be completed or abandoned");
        }
        return CheckResult.of("finished", title, interactions, "interactions", new Findings(), counts,
                live.examples(), null);
    }
}
