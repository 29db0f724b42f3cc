package io.acd.persistence.cassandra;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bin/acd cassandra}: one Cassandra node in the foreground, for development and for a cluster. */
@Command(name = "bin/acd cassandra", sortOptions = false,
        description = {"Runs Apache Cassandra in a JVM of its own, in the foreground, until Ctrl-C.",
                "Everything it keeps is under --data-dir; the same directory again means the same data."})
public final class CassandraCommand implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "cassandra",
            description = "where Cassandra keeps its data, config and logs (default: ./cassandra)")
    Path dataDir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "9042",
            description = "CQL port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--listen-address", paramLabel = "ADDR", defaultValue = CassandraSettings.LOOPBACK,
            description = "the address of this machine that CQL and internode traffic listen on (default: "
                    + "${DEFAULT-VALUE}, reachable from this machine only); another of its addresses when engines "
                    + "on other hosts or in network namespaces use this Cassandra")
    String listenAddress;

    @Option(names = "--storage-port", paramLabel = "N",
            description = "internode port (default: the CQL port - 2042, so 7000 for 9042)")
    Integer storagePort;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = CassandraSettings.DEFAULT_HEAP,
            description = "Cassandra's maximum heap, e.g. 1g or 768m (default: ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "give up when CQL does not answer within this (default: ${DEFAULT-VALUE})")
    int startTimeout;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Spec
    CommandSpec spec;

    /** Set by the shutdown hook: from then on the node's exit is ours, not a failure to report. */
    private volatile boolean stopping;

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command, and gives the exit code: 0 after Ctrl-C, 1 when Cassandra fails, 2 for bad usage. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        CassandraCommand command = new CassandraCommand();
        CommandLine cli = new CommandLine(command).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                line.getErr().println(e.getMessage());
                line.getErr().println("See bin/acd cassandra --help");
                return 2;
            }
            if (e instanceof CassandraException) {
                if (!command.stopping) {
                    line.getErr().println(e.getMessage());
                }
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        CassandraSettings settings = CassandraSettings.defaults().withDataDir(dataDir).withCqlPort(port)
                .withHeap(heap).withListenAddress(listenAddress);
        if (storagePort != null) {
            settings = settings.withStoragePort(storagePort);
        }
        Path lib = CassandraClasspath.locate();
        PrintWriter out = spec.commandLine().getOut();
        out.println(describe(settings, lib));

        CassandraProcess node = CassandraProcess.start(settings, CassandraProcess.Console.INHERIT, lib);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            node.stop();
        }, "acd-cassandra-stop"));
        node.awaitCql(Duration.ofSeconds(startTimeout));
        out.printf(Locale.ROOT, "Cassandra is up: CQL on %s (took %.1f s). Stop it with Ctrl-C.%n",
                node.address(), node.uptimeSeconds());

        int code = node.waitForExit();
        if (stopping) {
            return 0;
        }
        spec.commandLine().getErr().println("Cassandra exited by itself with code " + code + "; see "
                + settings.systemLog());
        return code == 0 ? 1 : code;
    }

    static String describe(CassandraSettings s, Path lib) {
        return String.join(System.lineSeparator(),
                "Starting Cassandra " + CassandraClasspath.version(lib) + " in a JVM of its own:",
                "  data dir      " + s.dataDir(),
                "  CQL           " + s.listenAddress() + ":" + s.cqlPort(),
                "  storage port  " + s.storagePort(),
                "  heap          " + s.heap(),
                "  cluster name  " + s.clusterName(),
                "  log           " + s.systemLog() + " (warnings and errors also here)");
    }
}
