package io.acd.loadtest.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a check found, counted by kind, with the first few described: a journal with a systematic fault has
 * thousands of the same violation, and ten of them tell as much as all.
 */
public final class Findings {

    public static final int EXAMPLES = 10;

    private final Map<String, Long> byKind = new LinkedHashMap<>();
    private final List<String> examples = new ArrayList<>();
    private long count;

    /** Kinds that must show in the counts even when none was found, in the order given. */
    public Findings(String... kinds) {
        for (String kind : kinds) {
            byKind.put(kind, 0L);
        }
    }

    public void add(String kind, String description) {
        count++;
        byKind.merge(kind, 1L, Long::sum);
        if (examples.size() < EXAMPLES) {
            examples.add(description);
        }
    }

    public long count() {
        return count;
    }

    public Map<String, Long> byKind() {
        return new LinkedHashMap<>(byKind);
    }

    /** The examples, and how many more there were when the count is above them. */
    public List<String> examples() {
        List<String> all = new ArrayList<>(examples);
        if (count > examples.size()) {
            all.add("… and " + (count - examples.size()) + " more");
        }
        return all;
    }
}
