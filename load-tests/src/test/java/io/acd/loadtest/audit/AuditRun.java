package io.acd.loadtest.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code bin/acd audit} run in-process: its exit code, what it printed, and its JSON report when it gave one. */
record AuditRun(int exitCode, String out, String err) {

    static AuditRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new AuditCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new AuditRun(code, out.toString(), err.toString());
    }

    JsonNode json() {
        try {
            return new ObjectMapper().readTree(out);
        } catch (Exception e) {
            throw new AssertionError("not one JSON object on stdout: " + out + "\nstderr: " + err, e);
        }
    }

    JsonNode check(String name) {
        for (JsonNode check : json().path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        return fail("no check " + name + " in " + out);
    }

    long count(String check, String count) {
        JsonNode value = check(check).path("counts").path(count);
        if (value.isMissingNode()) {
            fail("check " + check + " has no count " + count + ": " + check(check));
        }
        return value.asLong();
    }

    /** Every check passed or was skipped except {@code failing}, which found exactly {@code violations}. */
    void onlyFails(String failing, long violations) {
        assertEquals(1, exitCode, this::toString);
        for (JsonNode check : json().path("checks")) {
            String name = check.path("name").asText();
            long found = check.path("violations").asLong();
            assertEquals(name.equals(failing) ? violations : 0, found, name + ": " + check);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
    }
}
