package io.acd.loadtest.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** An {@link AuditResult} for people (a line per check, its examples below it) or as one JSON object. */
public final class AuditReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditReport() {
    }

    public static String text(AuditResult result) {
        StringBuilder out = new StringBuilder();
        out.append("audit of the ").append(result.journal()).append(" journal at ").append(result.location())
                .append('\n');
        int width = result.checks().stream().mapToInt(c -> c.title().length()).max().orElse(0);
        for (CheckResult check : result.checks()) {
            String status = switch (check.status()) {
                case PASSED -> "PASS";
                case FAILED -> "FAIL";
                case SKIPPED -> "SKIP";
            };
            out.append(String.format(Locale.ROOT, "%s  %-" + width + "s  ", status, check.title()));
            if (check.status() == CheckResult.Status.SKIPPED) {
                out.append(check.note()).append('\n');
                continue;
            }
            out.append(String.format(Locale.ROOT, "%,d %s checked, %,d violation%s", check.checked(), check.unit(),
                    check.violations(), check.violations() == 1 ? "" : "s"));
            String counts = counts(check.counts());
            if (!counts.isEmpty()) {
                out.append(" (").append(counts).append(')');
            }
            out.append('\n');
            for (String example : check.examples()) {
                out.append("      ").append(example).append('\n');
            }
            if (!check.listed().isEmpty()) {
                out.append("      listed, not violations:\n");
                for (String item : check.listed()) {
                    out.append("      ").append(item).append('\n');
                }
            }
            if (check.note() != null && check.violations() > 0) {
                out.append("      note: ").append(check.note()).append('\n');
            }
        }
        long violations = result.violations();
        out.append(violations == 0 ? "no violations\n"
                : String.format(Locale.ROOT, "%,d violation%s in %d check%s%n", violations, violations == 1 ? "" : "s",
                failed(result), failed(result) == 1 ? "" : "s"));
        return out.toString();
    }

    private static long failed(AuditResult result) {
        return result.checks().stream().filter(c -> c.status() == CheckResult.Status.FAILED).count();
    }

    /** Non-zero counts only: a line of zeros hides the one figure that matters. */
    private static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    public static String json(AuditResult result) {
        ObjectNode out = JSON.createObjectNode();
        out.put("journal", result.journal());
        out.put("location", result.location());
        out.put("violations", result.violations());
        out.put("passed", result.violations() == 0);
        ArrayNode checks = out.putArray("checks");
        for (CheckResult check : result.checks()) {
            ObjectNode c = checks.addObject();
            c.put("name", check.name());
            c.put("title", check.title());
            c.put("status", check.status().name().toLowerCase(Locale.ROOT));
            c.put("checked", check.checked());
            c.put("unit", check.unit());
            c.put("violations", check.violations());
            ObjectNode counts = c.putObject("counts");
            check.counts().forEach(counts::put);
            ArrayNode examples = c.putArray("examples");
            check.examples().forEach(examples::add);
            ArrayNode listed = c.putArray("listed");
            check.listed().forEach(listed::add);
            if (check.note() != null) {
                c.put("note", check.note());
            }
        }
        return out.toString();
    }
}
