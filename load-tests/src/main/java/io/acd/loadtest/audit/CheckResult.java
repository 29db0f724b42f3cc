package io.acd.loadtest.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one check.
 *
 * @param name       a stable identifier for machines (the chaos driver reads the JSON)
 * @param title      what is checked, for people
 * @param checked    how many of {@code unit} were looked at
 * @param counts     further figures of the check, by name, in a fixed order
 * @param examples   up to {@link Findings#EXAMPLES} violations, each with the ids and events involved
 * @param listed     things worth seeing that are not violations (live interactions, stray reservations)
 * @param note       why a skipped check was skipped, or a remark on what the check cannot see; may be null
 */
public record CheckResult(String name, String title, Status status, long checked, String unit, long violations,
                          Map<String, Long> counts, List<String> examples, List<String> listed, String note) {

    public enum Status { PASSED, FAILED, SKIPPED }

    public CheckResult {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        examples = List.copyOf(examples);
        listed = List.copyOf(listed);
    }

    public static CheckResult of(String name, String title, long checked, String unit, Findings violations,
                                 Map<String, Long> counts, List<String> listed, String note) {
        Map<String, Long> all = new LinkedHashMap<>(counts);
        all.putAll(violations.byKind());
        return new CheckResult(name, title, violations.count() > 0 ? Status.FAILED : Status.PASSED, checked, unit,
                violations.count(), all, violations.examples(), listed, note);
    }

    public static CheckResult skipped(String name, String title, String why) {
        return new CheckResult(name, title, Status.SKIPPED, 0, "", 0, Map.of(), List.of(), List.of(), why);
    }
}
