package io.acd.loadtest.chaos;

import io.acd.persistence.cassandra.SharedCassandra;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chaos run's short form: three nodes on a real Cassandra under steady traffic, one of them killed with
 * SIGKILL within the first minute and started again, then the drain and the offline audit of the journal.
 * The long form (ten minutes, a kill every 30 s) is {@code bin/acd chaos}; its report is in docs/chaos.md.
 */
class ChaosShortIT {

    @Test
    void aNodeKilledUnderTrafficLosesNoContactAndOffersNoneTwice() throws Exception {
        Path report = Path.of("target", "chaos-short");
        ChaosRun run = new ChaosRun();
        int exit = new CommandLine(run).execute("--cassandra", cassandra(), "--rate", "10",
                "--warm-up", "60", "--duration", "45", "--kill-every", "30", "--agents", "100", "--drain", "240",
                "--report", report.toString());

        ChaosRun.Outcome outcome = run.outcome();
        String summary = Files.readString(report.resolve("summary.md"));
        assertEquals(1, outcome.kills(), "one node is killed, after the warm-up:\n" + summary);
        assertTrue(outcome.acknowledged() >= 500, "too little traffic to tell anything:\n" + summary);
        assertEquals(0, outcome.unacknowledged(), "creates never acknowledged:\n" + summary);
        assertEquals(0, outcome.stillOpen(), "acknowledged contacts that did not end:\n" + summary);
        assertEquals(0, outcome.audit().violations(), "the audit found violations:\n" + summary);
        assertEquals(0, exit, summary);
        assertTrue(Files.size(report.resolve("chaos-throughput.png")) > 0);
    }

    private static String cassandra() {
        InetSocketAddress address = SharedCassandra.contactPoint();
        return address.getHostString() + ":" + address.getPort();
    }
}
