package io.acd.loadtest.failover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * PartitionRun's command line.
 *
 * @param command      network-up, network-down or run
 * @param cassandra    HOST:PORT of the journal's Cassandra, on the network's bridge address
 * @param cut          which node to cut off, else PartitionRun chooses
 * @param trafficClass a {@link PartitionTraffic} to run, else none
 * @param workDir      logs and data directories of the nodes
 * @param keyspace     a fresh one per run: a node creating a new keyspace alone is the supported start
 * @param hold         how much longer the cut lasts once the other two settled, for traffic on two nodes
 * @param startWithin  bound on the first start of the three nodes
 * @param downWithin   bound from the cut to the cut node's exit and the others' two-member cluster
 * @param rejoinWithin bound from the restart to serving on every node again
 * @param keepNetwork  leave the namespaces after the run, to look at them
 */
record PartitionOptions(String command, String cassandra, Optional<Integer> cut, Optional<String> trafficClass,
                        Path workDir, String keyspace, Duration hold, Duration startWithin, Duration downWithin,
                        Duration rejoinWithin, boolean keepNetwork) {

    static final String USAGE = """
            Usage: PartitionRun network-up | network-down
                   PartitionRun run --cassandra HOST:PORT [--cut N] [--traffic CLASS] [--work-dir DIR]
                                    [--hold SECONDS] [--down-within SECONDS] [--rejoin-within SECONDS]
                                    [--keep-network]
              network-up    the bridge acdbr0 (10.201.0.1) and namespaces acd-n1..3; start Cassandra after it:
                            bin/acd cassandra --listen-address 10.201.0.1 --port 9142
              network-down  removes them (stop that Cassandra first)
              run           three nodes, one cut off, healed, restarted: the timeline and PASSED or FAILED
                --cassandra      the Cassandra on the bridge address, e.g. 10.201.0.1:9142
                --cut N          the node to cut off, 1..3 (default: not the oldest; the Router's if it can)
                --traffic CLASS  a PartitionTraffic with a public no-argument constructor
                --hold S         keep the cut S seconds longer once the other two settled (default 0)
                --down-within S  bound from the cut to the exit and 2 Up (default 60)
                --rejoin-within S  bound from the restart to serving everywhere (default 180)
                --keep-network   leave the namespaces (PartitionRun network-down removes them)
            Needs root, iproute2 and nftables. Exit 0: passed, 1: failed, 2: bad usage.""";

    /** A command line that cannot be run, with the reason. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static PartitionOptions parse(String... args) {
        if (args.length == 0) {
            throw new UsageException("A command is needed");
        }
        String command = args[0];
        if (!command.equals("network-up") && !command.equals("network-down") && !command.equals("run")) {
            throw new UsageException("Unknown command: " + command);
        }
        String cassandra = null;
        Optional<Integer> cut = Optional.empty();
        Optional<String> traffic = Optional.empty();
        Path workDir = null;
        Duration hold = Duration.ZERO;
        Duration down = Duration.ofSeconds(60);
        Duration rejoin = Duration.ofSeconds(180);
        boolean keep = false;
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--keep-network")) {
                keep = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--cassandra" -> cassandra = value;
                case "--cut" -> cut = Optional.of(number(option, value, 1, 3));
                case "--traffic" -> traffic = Optional.of(value);
                case "--work-dir" -> workDir = Path.of(value);
                case "--hold" -> hold = Duration.ofSeconds(number(option, value, 0, 3600));
                case "--down-within" -> down = Duration.ofSeconds(number(option, value, 1, 3600));
                case "--rejoin-within" -> rejoin = Duration.ofSeconds(number(option, value, 1, 3600));
                default -> throw new UsageException("Unknown option: " + option);
            }
        }
        if (!command.equals("run")) {
            if (args.length > 1) {
                throw new UsageException(command + " takes no options");
            }
            return new PartitionOptions(command, null, cut, traffic, null, null, hold, Duration.ZERO, down, rejoin,
                    keep);
        }
        if (cassandra == null || !cassandra.matches("[^:]+:\\d{1,5}")) {
            throw new UsageException("run needs --cassandra HOST:PORT");
        }
        String keyspace = "partition_" + Long.toString(System.currentTimeMillis(), 36);
        return new PartitionOptions(command, cassandra, cut, traffic, workDir(workDir), keyspace, hold,
                Duration.ofMinutes(3), down, rejoin, keep);
    }

    String cassandraHost() {
        return cassandra.substring(0, cassandra.lastIndexOf(':'));
    }

    int cassandraPort() {
        return Integer.parseInt(cassandra.substring(cassandra.lastIndexOf(':') + 1));
    }

    /** The driver --traffic names, or none. */
    PartitionTraffic traffic() {
        if (trafficClass.isEmpty()) {
            return PartitionTraffic.NONE;
        }
        try {
            return (PartitionTraffic) Class.forName(trafficClass.get()).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new UsageException("--traffic " + trafficClass.get() + " is not a PartitionTraffic with a public"
                    + " no-argument constructor on the classpath: " + e);
        }
    }

    private static Path workDir(Path given) {
        try {
            return given != null ? Files.createDirectories(given).toAbsolutePath()
                    : Files.createTempDirectory("acd-partition").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the work directory", e);
        }
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException(option + " is a whole number from " + min + " to " + max + ", not " + value);
    }
}
