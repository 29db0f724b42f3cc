package io.acd.loadtest.failover;

import java.nio.file.Path;
import java.util.List;

/**
 * The hook for a traffic driver in {@link PartitionRun}: started once all three nodes are Up, before the
 * cut; stopped once the cut node rejoined and serves again (or when the run gives up), so that it can drain
 * its contacts and audit the journal (no contact offered twice). {@code --traffic CLASS} names an
 * implementation with a public no-argument constructor.
 */
public interface PartitionTraffic {

    /** Starts the traffic and returns at once: it runs on threads of its own until {@link #stop}. */
    void start(Cluster cluster) throws Exception;

    /** Ends the traffic, checks what it saw, and says whether that passed, in lines for the report. */
    Result stop() throws Exception;

    /**
     * What the driver is given.
     *
     * @param urls      the API of every node, node 1 first; all of them serve any request, but the cut node's
     *                  goes away (connection refused) from its exit until its restart
     * @param cutNode   which of them will be cut off (1-based), for drivers that want to tell its errors apart
     * @param cassandra the contact point of the journal's Cassandra, HOST:PORT
     * @param keyspace  this run's keyspace: {@code ACD_CASSANDRA_KEYSPACE=... bin/acd audit --journal cassandra}
     * @param workDir   where the run keeps its logs; the driver may write there too
     * @param timeline  the run's timeline, in seconds from the cut: the driver may mark its own events
     * @param adminKey  the cluster's admin key, which every call carries
     */
    record Cluster(List<String> urls, int cutNode, String cassandra, String keyspace, Path workDir,
                   Timeline timeline, String adminKey) {
    }

    /** Whether the traffic's checks passed, and what to print about it. */
    record Result(boolean passed, List<String> lines) {
    }

    /** No traffic: the run checks the cluster's membership only. */
    PartitionTraffic NONE = new PartitionTraffic() {
        @Override
        public void start(Cluster cluster) {
        }

        @Override
        public Result stop() {
            return new Result(true, List.of("no traffic driver (--traffic CLASS runs one)"));
        }
    };
}
