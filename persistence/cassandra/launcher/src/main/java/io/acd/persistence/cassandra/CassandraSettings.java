package io.acd.persistence.cassandra;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What one development or CI Cassandra node is started with. The defaults suit a small machine (two cores, a
 * few GB of memory) running Cassandra beside the engine and its tests; they are not a production setup.
 *
 * @param dataDir       everything the node writes lives under it: data, commit log, caches, hints, logs and
 *                      the generated cassandra.yaml; the same directory again means the same data
 * @param cqlPort       the CQL native-protocol port clients connect to (Cassandra's own default: 9042)
 * @param storagePort   the internode (gossip, streaming) port; by default derived from the CQL port, so that
 *                      two nodes started with different CQL ports do not clash (see {@link #storagePortFor})
 * @param heap          the JVM's -Xmx, e.g. "1g": the least that Cassandra's own start script gives a node
 *                      (max(min(RAM/2, 1 GB), min(RAM/4, 8 GB))); a dev workload fits in it, and more would be
 *                      taken from the engine and its tests on a small machine. Memtables get a quarter of it
 * @param listenAddress the address for CQL and internode traffic: by default loopback, so that a dev node is
 *                      never reachable from the network and needs neither a firewall nor authentication;
 *                      another address of this machine when engines elsewhere (other hosts, network
 *                      namespaces) must reach it. Not a wildcard: Cassandra gossips its listen address to
 *                      other nodes and hands its rpc address to drivers, and neither can connect to 0.0.0.0
 * @param clusterName   nodes gossip only with nodes of the same cluster name; a fixed name keeps a dev node
 *                      from ever joining something else by accident
 */
public record CassandraSettings(Path dataDir, int cqlPort, int storagePort, String heap, String listenAddress,
                                String clusterName) {

    public static final Path DEFAULT_DATA_DIR = Path.of("cassandra");
    public static final int DEFAULT_CQL_PORT = 9042;
    public static final String DEFAULT_HEAP = "1g";
    public static final String LOOPBACK = "127.0.0.1";
    public static final String DEFAULT_CLUSTER_NAME = "ACD dev";

    /*
     * Choices that are not settings, written into cassandra.yaml by CassandraConfig.
     */

    /**
     * One token per node: a single node owns the whole ring anyway, and with a few nodes in a test one token
     * each keeps startup fast and the ring readable. Production uses vnodes (num_tokens 16 with token
     * allocation) so that adding or losing a node spreads its load over all the others.
     */
    public static final int NUM_TOKENS = 1;

    /**
     * Periodic commit log sync, every ten seconds: a write is acknowledged once it is in the commit log's
     * memory-mapped segment, and fsynced in the background. A crash of the whole machine can lose up to ten
     * seconds of acknowledged writes; a crash of Cassandra alone loses nothing (the OS still has the pages).
     * Fine for development and CI, where the data is throw-away and fsync per write would make every test
     * wait on the disk. Production relies on replication (RF 3) for durability with the same periodic mode,
     * or uses "batch" / "group" sync when a single node must not lose an acknowledged write.
     */
    public static final String COMMITLOG_SYNC = "periodic";
    public static final int COMMITLOG_SYNC_PERIOD_MS = 10_000;

    /**
     * One compaction thread: on two cores a second one would compete with the requests the tests are
     * waiting for. Production sizes this to its cores and disks.
     */
    public static final int CONCURRENT_COMPACTORS = 1;

    /**
     * No snapshot on TRUNCATE and DROP: tests drop and truncate keyspaces all the time, and each snapshot
     * would cost a flush and keep the dropped data on disk. Production keeps auto_snapshot on: it is the
     * undo of an accidental DROP.
     */
    public static final boolean AUTO_SNAPSHOT = false;

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
    private static final Pattern WILDCARD = Pattern.compile("0\\.0\\.0\\.0|::|\\[::]|0*:(0*:)*0*");

    public CassandraSettings {
        if (dataDir == null) {
            throw new IllegalArgumentException("A data directory is needed");
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        requirePort("CQL", cqlPort);
        requirePort("storage", storagePort);
        if (cqlPort == storagePort) {
            throw new IllegalArgumentException("The CQL and storage ports must differ, both are " + cqlPort);
        }
        if (heap == null || !HEAP.matcher(heap).matches()) {
            throw new IllegalArgumentException("The heap is a size like 1g or 768m, not " + heap);
        }
        if (listenAddress == null || listenAddress.isBlank()) {
            throw new IllegalArgumentException("A listen address is needed");
        }
        if (WILDCARD.matcher(listenAddress).matches()) {
            throw new IllegalArgumentException("The listen address must be one address of this machine, not the"
                    + " wildcard " + listenAddress + ": clients and other nodes are told to connect to it");
        }
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("A cluster name is needed");
        }
    }

    /** ./cassandra, CQL on 127.0.0.1:9042, storage on 7000, 1 GB of heap. */
    public static CassandraSettings defaults() {
        return new CassandraSettings(DEFAULT_DATA_DIR, DEFAULT_CQL_PORT, storagePortFor(DEFAULT_CQL_PORT),
                DEFAULT_HEAP, LOOPBACK, DEFAULT_CLUSTER_NAME);
    }

    /**
     * The storage port that goes with a CQL port: 2042 below it, so that 9042 gets Cassandra's own pair
     * (7000) and every other CQL port its own storage port (9142 gets 7100). Below 3066 that would leave the
     * unprivileged range, so there it is 2042 above instead.
     */
    public static int storagePortFor(int cqlPort) {
        int below = cqlPort - 2042;
        return below >= 1024 ? below : cqlPort + 2042;
    }

    public CassandraSettings withDataDir(Path dir) {
        return new CassandraSettings(dir, cqlPort, storagePort, heap, listenAddress, clusterName);
    }

    /** Another CQL port, and the storage port that goes with it. */
    public CassandraSettings withCqlPort(int port) {
        return new CassandraSettings(dataDir, port, storagePortFor(port), heap, listenAddress, clusterName);
    }

    public CassandraSettings withStoragePort(int port) {
        return new CassandraSettings(dataDir, cqlPort, port, heap, listenAddress, clusterName);
    }

    /** Where CQL and internode traffic listen; the seed and the CQL probe follow it. */
    public CassandraSettings withListenAddress(String address) {
        return new CassandraSettings(dataDir, cqlPort, storagePort, heap, address, clusterName);
    }

    public CassandraSettings withHeap(String size) {
        return new CassandraSettings(dataDir, cqlPort, storagePort, size, listenAddress, clusterName);
    }

    public Path configFile() {
        return dataDir.resolve("cassandra.yaml");
    }

    public Path logbackFile() {
        return dataDir.resolve("logback.xml");
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    /** Cassandra's own log, everything from INFO up. */
    public Path systemLog() {
        return logDir().resolve("system.log");
    }

    /** What the JVM printed, when its console is not the terminal (tests). */
    public Path consoleLog() {
        return logDir().resolve("console.log");
    }

    public Path dataFileDir() {
        return dataDir.resolve("data");
    }

    public Path commitLogDir() {
        return dataDir.resolve("commitlog");
    }

    public Path savedCachesDir() {
        return dataDir.resolve("saved_caches");
    }

    public Path hintsDir() {
        return dataDir.resolve("hints");
    }

    public Path cdcRawDir() {
        return dataDir.resolve("cdc_raw");
    }

    /** Empty: Cassandra looks for trigger jars there and warns at every CREATE TABLE when it is missing. */
    public Path triggersDir() {
        return dataDir.resolve("triggers");
    }

    private static void requirePort(String name, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("The " + name + " port must be 1..65535, not " + port);
        }
    }
}
