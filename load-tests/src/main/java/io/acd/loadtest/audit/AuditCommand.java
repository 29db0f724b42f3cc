package io.acd.loadtest.audit;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.acd.engine.node.EngineNode;
import io.acd.persistence.journal.Journal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code bin/acd audit}: reads a whole journal offline, replays every interaction and agent, and checks what
 * must hold of any journal the engine wrote. Exit 0 when no violation, 1 on any, 2 when it cannot audit.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Audit a journal offline: replay every interaction and agent from its first event and "
                + "check that no acknowledged contact was lost, nothing was offered twice, agents and "
                + "interactions agree, no agent went beyond its capacity and every offer kept its queue time. "
                + "Stop the engine first when its journal is the embedded one (H2 has one writer). "
                + "Exits 0 with no violation, 1 with any, 2 when the journal cannot be read.")
public final class AuditCommand implements Callable<Integer> {

    static final String LOGGING = "io/acd/loadtest/audit/logback-audit.xml";

    @Option(names = "--journal", paramLabel = "NAME",
            description = "embedded or cassandra (default: the node's, ACD_JOURNAL, else embedded)")
    String journal;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "where the embedded journal lives (default ./data); the engine must be stopped")
    Path dataDir;

    @Option(names = "--cassandra", paramLabel = "HOST:PORT[,HOST:PORT]",
            description = "Cassandra contact points (default ACD_CASSANDRA, else 127.0.0.1:9042)")
    String cassandra;

    @Option(names = "--keyspace", paramLabel = "NAME",
            description = "the Cassandra keyspace (default: the node's acd.cassandra.keyspace, ACD_CASSANDRA_KEYSPACE, "
                    + "else acd)")
    String keyspace;

    @Option(names = "--acknowledged", paramLabel = "FILE",
            description = "interaction ids the API acknowledged, one a line: each must have been created")
    Path acknowledged;

    @Option(names = "--tolerance", paramLabel = "SECONDS", defaultValue = "5",
            description = "how much earlier than its real order an event of one entity may be stamped than one "
                    + "of another (router decisions before offers, clocks of nodes): default 5")
    double toleranceSeconds;

    @Option(names = "--require-finished",
            description = "an interaction neither completed nor abandoned is a violation (after a drained run)")
    boolean requireFinished;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text (a line per check) or json (one object, for scripts)")
    String format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // The launcher's logging writes to stdout, which is the report's: the audit has its own.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGGING);
        }
        System.exit(new CommandLine(new AuditCommand()).execute(args));
    }

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) {
            return usage("--format is text or json");
        }
        if (!(toleranceSeconds >= 0)) {
            return usage("--tolerance is 0 or more seconds");
        }
        Journal chosen;
        try {
            chosen = journal == null ? Journal.chosen(EngineNode.config(ConfigFactory.empty()))
                    : Arrays.stream(Journal.values()).filter(j -> j.wireName().equals(journal)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--journal is embedded or cassandra, not "
                            + journal));
        } catch (RuntimeException e) {
            return usage(e.getMessage());
        }
        List<String> contactPoints = null;
        String points = cassandra != null ? cassandra : System.getenv("ACD_CASSANDRA");
        if (points != null) {
            if (chosen != Journal.CASSANDRA && cassandra != null) {
                return usage("--cassandra is for --journal cassandra");
            }
            contactPoints = endpoints(points);
            if (contactPoints == null) {
                return usage("--cassandra needs HOST:PORT[,HOST:PORT...], got \"" + points + "\"");
            }
        }
        Set<String> ids = null;
        if (acknowledged != null) {
            try {
                ids = acknowledgedIds(acknowledged);
            } catch (IOException e) {
                return usage("Cannot read --acknowledged " + acknowledged + ": "
                        + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
            }
        }
        if (keyspace != null && chosen != Journal.CASSANDRA) {
            return usage("--keyspace is for --journal cassandra");
        }
        JournalLocation location = new JournalLocation(chosen, dataDir,
                chosen == Journal.CASSANDRA ? contactPoints : null, keyspace);
        Audit audit = Audit.standard(ids, Duration.ofMillis(Math.round(toleranceSeconds * 1000)), requireFinished);
        try {
            location.requireReadable();
            try (JournalReader reader = JournalReader.open(location.config(), location.describe())) {
                reader.readAll(audit, line -> err().println(line));
            }
        } catch (UnreadableJournalException e) {
            err().println(e.getMessage());
            return 2;
        } catch (ConfigException e) {
            // From application.conf or the environment (ACD_*), which the node's configuration reads too.
            err().println("Configuration error: " + e.getMessage());
            return 2;
        }
        AuditResult result = new AuditResult(chosen.wireName(), location.where(), audit.results());
        out().print(format.equals("json") ? AuditReport.json(result) + "\n" : AuditReport.text(result));
        out().flush();
        return result.exitCode();
    }

    /** One id a line; blank lines and lines starting with # are skipped, and an id given twice counts once. */
    static Set<String> acknowledgedIds(Path file) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file)) {
            String id = line.strip();
            if (!id.isEmpty() && !id.startsWith("#")) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** HOST:PORT[,HOST:PORT…], or null when any is not of that form. */
    private static List<String> endpoints(String value) {
        List<String> endpoints = Arrays.stream(value.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
        for (String endpoint : endpoints) {
            int colon = endpoint.lastIndexOf(':');
            try {
                int port = colon <= 0 ? -1 : Integer.parseInt(endpoint.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    return null;
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return endpoints.isEmpty() ? null : endpoints;
    }

    private int usage(String message) {
        err().println(message + " (see bin/acd audit --help)");
        return 2;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private java.io.PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
