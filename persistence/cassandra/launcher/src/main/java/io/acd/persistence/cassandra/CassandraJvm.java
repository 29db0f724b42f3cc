package io.acd.persistence.cassandra;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of Cassandra's JVM: the same JDK as ours, Cassandra's jars, the generated config. */
final class CassandraJvm {

    static final String DAEMON = "org.apache.cassandra.service.CassandraDaemon";

    /**
     * What Cassandra 5.0 needs opened on JDK 17, out of the list in its conf/jvm17-server.options; without
     * any one of these it does not start (it frees direct and memory-mapped buffers through JDK internals
     * instead of waiting for GC, and reads file descriptors' numbers). The rest of that list serves what this
     * launcher does not run: remote JMX for nodetool (java.rmi, java.management.rmi), attaching to the JVM
     * for profiling (jdk.attach), Chronicle's runtime compiler behind audit and full query logs
     * (jdk.compiler), and reflective paths that have fallbacks. Checked with exactly these: a start, CQL
     * with prepared statements, 20,000 writes and their reads, TRUNCATE, DROP, and the drain at stop.
     */
    static final List<String> JDK_17_ACCESS = List.of(
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED");

    private CassandraJvm() {
    }

    static List<String> command(CassandraSettings settings, Path lib) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + settings.heap());
        // G1 as Cassandra's own options choose it; the JDK would pick Serial on a machine it thinks small.
        command.add("-XX:+UseG1GC");
        // A Cassandra out of memory is in an unknown state: better gone (the launcher sees it) than answering.
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:ErrorFile=" + settings.logDir().resolve("hs_err_pid%p.log"));
        command.addAll(JDK_17_ACCESS);
        command.add("-Dcassandra.config=" + settings.configFile().toUri());
        // Logs to the console as well as to the file; without it Cassandra closes stdout and stderr.
        command.add("-Dcassandra-foreground=yes");
        command.add("-Dcassandra.triggers_dir=" + settings.triggersDir());
        command.add("-Dlogback.configurationFile=" + settings.logbackFile().toUri());
        // No JMX: neither cassandra.jmx.local.port nor cassandra.jmx.remote.port is set, so no JMX port is
        // bound, and two nodes on one machine do not clash on 7199. nodetool does not work with these nodes.
        command.add("-cp");
        command.add(ownCode() + File.pathSeparator + lib.resolve("*"));
        command.add(ExitWithParent.class.getName());
        command.add(DAEMON);
        return command;
    }

    /** The jar (or classes directory) of this launcher, for {@link ExitWithParent}: a JDK-only class. */
    private static Path ownCode() {
        try {
            return Path.of(ExitWithParent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the launcher's own classes", e);
        }
    }
}
