package io.acd.loadtest.audit;

import java.util.List;

/**
 * What an audit of one journal found.
 *
 * @param journal  the journal's name ({@code embedded}, {@code cassandra})
 * @param location where it is: the data directory, or the Cassandra contact points
 */
public record AuditResult(String journal, String location, List<CheckResult> checks) {

    public AuditResult {
        checks = List.copyOf(checks);
    }

    public long violations() {
        return checks.stream().mapToLong(CheckResult::violations).sum();
    }

    /** 0 when no check found a violation, 1 otherwise; 2 (cannot audit) is the command's to give. */
    public int exitCode() {
        return violations() == 0 ? 0 : 1;
    }
}
