package io.acd.loadtest.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.acd.loadtest.audit.Histories.abandoned;
import static io.acd.loadtest.audit.Histories.accepted;
import static io.acd.loadtest.audit.Histories.available;
import static io.acd.loadtest.audit.Histories.completed;
import static io.acd.loadtest.audit.Histories.created;
import static io.acd.loadtest.audit.Histories.handled;
import static io.acd.loadtest.audit.Histories.heldAndReleased;
import static io.acd.loadtest.audit.Histories.offered;
import static io.acd.loadtest.audit.Histories.profile;
import static io.acd.loadtest.audit.Histories.released;
import static io.acd.loadtest.audit.Histories.reserved;
import static io.acd.loadtest.audit.Histories.wrappedUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit on embedded journals written for the purpose: a sound one passes, and each seeded violation is
 * caught by its own check and by no other.
 */
class AuditSeededTest {

    /**
     * Agent a-1 (one chat at a time) handles i-1 and i-2 from offer to wrap-up; i-3 is offered to it and
     * abandoned during the offer. A queue's journal stands for the entities the audit does not read.
     */
    private static SeededJournal sound() {
        return new SeededJournal()
                .agent("a-1", profile(1, 0), available(1))
                .agent("a-1", heldAndReleased("i-1", 10))
                .agent("a-1", heldAndReleased("i-2", 100))
                .agent("a-1", reserved("i-3", 200.1), released("i-3", "abandoned", 205.01))
                .interaction("i-1", handled("i-1", "a-1", 10))
                .interaction("i-2", handled("i-2", "a-1", 100))
                .interaction("i-3", created("i-3", 200), offered("a-1", 200, 0.1), abandoned(205))
                .other("Queue|billing", available(0));
    }

    @Test
    void aSoundJournalPassesEveryCheck(@TempDir Path data) throws Exception {
        sound().writeTo(data);

        AuditRun run = AuditRun.of("--data-dir", data.toString(), "--format", "json", "--require-finished");

        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(0, run.json().path("violations").asLong());
        assertEquals("embedded", run.json().path("journal").asText());
        assertEquals(3, run.count("readable", "interactions"));
        assertEquals(1, run.count("readable", "agents"));
        assertEquals(1, run.count("readable", "ignoredPersistenceIds"));
        assertEquals("skipped", run.check("acknowledged-exist").path("status").asText());
        assertEquals(3, run.count("no-double-offer", "offers"));
        assertEquals(2, run.count("agent-record", "acceptances"));
        assertEquals(0, run.count("agent-record", "heldAtEnd"));
        assertEquals(3, run.check("capacity").path("checked").asLong());
        assertEquals(3, run.check("queue-time").path("checked").asLong());
        assertEquals(2, run.count("finished", "completed"));
        assertEquals(1, run.count("finished", "abandoned"));
        assertEquals(0, run.count("finished", "live"));
        for (var check : run.json().path("checks")) {
            assertEquals(0, check.path("examples").size(), check.toString());
        }
    }

    @Test
    void theTextReportHasALinePerCheck(@TempDir Path data) throws Exception {
        sound().writeTo(data);

        AuditRun run = AuditRun.of("--data-dir", data.toString());

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("audit of the embedded journal at " + data.toAbsolutePath()), run.out());
        assertTrue(run.out().contains("PASS  capacity"), run.out());
        assertTrue(run.out().contains("SKIP  acknowledged exist"), run.out());
        assertTrue(run.out().contains("PASS  finished"), run.out());
        assertTrue(run.out().endsWith("no violations\n"), run.out());
        assertTrue(run.err().contains("reading 4 entities"), run.err());
    }

    @Test
    void aSecondOfferBeforeTheFirstEndedIsADoubleOffer(@TempDir Path data) throws Exception {
        sound()
                .agent("a-2", profile(1, 0), available(1), reserved("i-4", 300.1), released("i-4", "reconciled", 301))
                .agent("a-3", profile(1, 0), available(1))
                .agent("a-3", heldAndReleased("i-4", 300.1))
                .interaction("i-4", created("i-4", 300), offered("a-2", 300, 0.1), offered("a-3", 300, 0.2),
                        accepted("a-3", 302), completed("a-3", 320), wrappedUp("a-3", 325.1))
                .writeTo(data);

        AuditRun run = AuditRun.of("--data-dir", data.toString(), "--format", "json");

        run.onlyFails("no-double-offer", 1);
        assertEquals(1, run.count("no-double-offer", NoDoubleOfferCheck.DOUBLE_OFFER));
        String example = run.check("no-double-offer").path("examples").get(0).asText();
        assertTrue(example.startsWith("Interaction|i-4: #3 Offered(agent a-3"), example);
        assertTrue(example.contains("while offered to a-2"), example);
    }

    @Test
    void aReservationBeyondTheChannelsCapacityIsCaught(@TempDir Path data) throws Exception {
        sound()
                .agent("a-2", profile(1, 0), available(1), reserved("i-4", 300.1), reserved("i-5", 305.1),
                        released("i-4", "completed", 325.01), released("i-5", "completed", 330.01))
                .interaction("i-4", handled("i-4", "a-2", 300))
                .interaction("i-5", handled("i-5", "a-2", 305))
                .writeTo(data);

        AuditRun run = AuditRun.of("--data-dir", data.toString(), "--format", "json");

        run.onlyFails("capacity", 1);
        String example = run.check("capacity").path("examples").get(0).asText();
        assertTrue(example.startsWith("Agent|a-2: #4 Reserved(interaction i-5"), example);
        assertTrue(example.contains("makes 2 held on chat [i-4, i-5] with a capacity of 1"), example);
        assertTrue(example.contains("set by #1 ProfileUpdated"), example);
    }

    @Test
    void anEndedInteractionStillHeldByItsAgentIsCaught(@TempDir Path data) throws Exception {
        sound()
                .agent("a-2", profile(1, 0), available(1), reserved("i-4", 300.1))
                .interaction("i-4", handled("i-4", "a-2", 300))
                .writeTo(data);

        AuditRun run = AuditRun.of("--data-dir", data.toString(), "--format", "json");

        run.onlyFails("agent-record", 1);
        assertEquals(1, run.count("agent-record", AgentRecordCheck.ENDED_BUT_HELD));
        String example = run.check("agent-record").path("examples").get(0).asText();
        assertTrue(example.startsWith("Interaction|i-4 ended completed by #5 WrappedUp"), example);
        assertTrue(example.contains("Agent|a-2 still holds i-4 (#3 Reserved"), example);
    }

    @Test
    void anAcknowledgedCreateMissingFromTheJournalIsCaught(@TempDir Path data) throws Exception {
        sound().writeTo(data);
        Path acknowledged = Files.writeString(data.resolveSibling(data.getFileName() + "-acknowledged.txt"),
                "i-1\ni-2\n\ni-3\ni-lost\ni-1\n");

        AuditRun run = AuditRun.of("--data-dir", data.toString(), "--acknowledged", acknowledged.toString(),
                "--format", "json");

        run.onlyFails("acknowledged-exist", 1);
        assertEquals(4, run.check("acknowledged-exist").path("checked").asLong());
        assertEquals(3, run.count("acknowledged-exist", "found"));
        assertEquals("i-lost: acknowledged, but Interaction|i-lost has no events",
                run.check("acknowledged-exist").path("examples").get(0).asText());
    }

    @Test
    void anOfferDecidedOnAFreshQueueTimeIsCaught(@TempDir Path data) throws Exception {
        // Created at 300 s, but the router decided at 391 s on a wait of 1 s: it queued the contact anew at 390 s.
        sound()
                .agent("a-2", profile(1, 0), available(1), reserved("i-4", 391), released("i-4", "completed", 405.01))
                .interaction("i-4", created("i-4", 300), offered("a-2", 390, 1.0), accepted("a-2", 393),
                        completed("a-2", 400), wrappedUp("a-2", 405))
                .writeTo(data);

        AuditRun run = AuditRun.of("--data-dir", data.toString(), "--format", "json");

        run.onlyFails("queue-time", 1);
        assertEquals(1, run.count("queue-time", QueueTimeCheck.QUEUE_TIME_RESET));
        String example = run.check("queue-time").path("examples").get(0).asText();
        assertTrue(example.contains("queue time of 2026-11-20T09:06:30Z, 90.000 s after #1 Created"), example);
    }

    @Test
    void aLiveInteractionIsListedAndAViolationOnlyWhenFinishedIsRequired(@TempDir Path data) throws Exception {
        sound().interaction("i-4", created("i-4", 300)).writeTo(data);

        AuditRun lenient = AuditRun.of("--data-dir", data.toString(), "--format", "json");
        AuditRun strict = AuditRun.of("--data-dir", data.toString(), "--format", "json", "--require-finished");

        assertEquals(0, lenient.exitCode(), lenient::toString);
        assertEquals(1, lenient.count("finished", "live"));
        assertEquals(1, lenient.count("finished", "queued"));
        assertTrue(lenient.check("finished").path("listed").get(0).asText()
                .startsWith("Interaction|i-4 is queued since #1 Created"), lenient.out());
        strict.onlyFails("finished", 1);
    }

    @Test
    void aDataDirectoryWithoutAJournalIsRefusedAndLeftAsItWas(@TempDir Path empty) throws Exception {
        AuditRun run = AuditRun.of("--data-dir", empty.toString());

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("No embedded journal in " + empty.toAbsolutePath()), run.err());
        assertEquals("", run.out());
        try (var files = Files.list(empty)) {
            assertEquals(0, files.count(), "the audit created nothing");
        }
    }

    /**
     * In a JVM of its own, as bin/acd runs it: its exit code is the process's, and what the libraries log
     * (the Cassandra session logs its failure with a stack trace) must not reach the console.
     */
    @Test
    void aCassandraThatDoesNotAnswerIsReportedInOneLineWithExitTwo() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process audit = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AuditCommand.class.getName(),
                "--journal", "cassandra", "--cassandra", "127.0.0.1:" + port)
                .start();
        audit.getOutputStream().close();
        var out = CompletableFuture.supplyAsync(() -> read(audit.getInputStream()));
        var err = CompletableFuture.supplyAsync(() -> read(audit.getErrorStream()));

        assertTrue(audit.waitFor(2, TimeUnit.MINUTES), "the audit gives up on a Cassandra that does not answer");
        assertEquals(2, audit.exitValue(), err.get());
        assertEquals("Cannot read the cassandra journal at 127.0.0.1:" + port + " (keyspace acd) (listing the persistence ids): "
                + "no Cassandra answers: Could not reach any contact point, make sure you've provided valid "
                + "addresses\n", err.get());
        assertEquals("", out.get());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badUsageExitsWithTwo(@TempDir Path data) {
        assertEquals(2, AuditRun.of("--format", "xml").exitCode());
        assertEquals(2, AuditRun.of("--journal", "leveldb").exitCode());
        assertEquals(2, AuditRun.of("--cassandra", "127.0.0.1:9042").exitCode());
        assertEquals(2, AuditRun.of("--journal", "cassandra", "--cassandra", "nohost").exitCode());
        assertEquals(2, AuditRun.of("--tolerance", "-1").exitCode());
        AuditRun missing = AuditRun.of("--data-dir", data.toString(), "--acknowledged",
                data.resolve("no-such-file").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("Cannot read --acknowledged"), missing.err());
    }
}
