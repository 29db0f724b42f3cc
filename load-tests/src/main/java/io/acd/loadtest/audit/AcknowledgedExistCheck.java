package io.acd.loadtest.audit;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every interaction the API acknowledged (the load driver wrote down each create answered 201 or 200) has its
 * Created event in the journal: an acknowledged create that is not there was lost after the answer.
 */
public final class AcknowledgedExistCheck implements Check {

    static final String NAME = "acknowledged-exist";
    static final String TITLE = "acknowledged exist";

    private final Set<String> acknowledged;
    private final Set<String> created = new HashSet<>();
    private final Set<String> withoutCreated = new HashSet<>();

    /** @param acknowledged the ids to find, or null when no file was given and the check is skipped */
    public AcknowledgedExistCheck(Set<String> acknowledged) {
        this.acknowledged = acknowledged;
    }

    @Override
    public void interaction(InteractionTimeline timeline) {
        if (acknowledged == null || !acknowledged.contains(timeline.interactionId())) {
            return;
        }
        (timeline.created() != null ? created : withoutCreated).add(timeline.interactionId());
    }

    @Override
    public CheckResult result() {
        if (acknowledged == null) {
            return CheckResult.skipped(NAME, TITLE, "skipped: no --acknowledged file");
        }
        Findings violations = new Findings("missing");
        // Sorted, so that the examples of a run are the same each time.
        for (String id : new TreeSet<>(acknowledged)) {
            if (!created.contains(id)) {
                violations.add("missing", id + ": acknowledged, but " + EntityRef.interaction(id)
                        + (withoutCreated.contains(id) ? " has events and no Created" : " has no events"));
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("found", (long) created.size());
        return CheckResult.of(NAME, TITLE, acknowledged.size(), "acknowledged ids", violations, counts, List.of(),
                null);
    }
}
