package io.acd.persistence.cassandra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where Cassandra's jars are: the target/lib of the server module (persistence/cassandra/server), which the
 * build fills with cassandra-all and everything it needs. They are the classpath of Cassandra's JVM only.
 */
public final class CassandraClasspath {

    /** The directory, when set: bin/acd and the build of this module set it. */
    public static final String PROPERTY = "acd.cassandra.lib";
    public static final String ENVIRONMENT = "ACD_CASSANDRA_LIB";
    /** The server module's lib, from the root of the repository. */
    static final Path IN_REPOSITORY = Path.of("persistence", "cassandra", "server", "target", "lib");
    static final String BUILD = "mvn -B -pl persistence/cassandra/server -am package";

    private CassandraClasspath() {
    }

    /**
     * The system property, else the environment variable, else the server module's target/lib in the
     * repository around the working directory (a module's tests run in the module's directory).
     */
    public static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENVIRONMENT);
        }
        if (configured != null && !configured.isBlank()) {
            return check(Path.of(configured));
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("persistence/cassandra/server/pom.xml"))) {
                return check(dir.resolve(IN_REPOSITORY));
            }
        }
        throw new CassandraException("Cassandra's jars are not found: set -D" + PROPERTY + " or " + ENVIRONMENT
                + " to the lib directory built by \"" + BUILD + "\" (persistence/cassandra/server/target/lib)");
    }

    /** The directory, if it holds a cassandra-all jar; a clear failure naming the build command otherwise. */
    public static Path check(Path lib) {
        Path dir = lib.toAbsolutePath().normalize();
        if (cassandraJar(dir).isEmpty()) {
            throw new CassandraException("Cassandra's jars are not built: no cassandra-all jar in " + dir
                    + ". Build them from the repository root with: " + BUILD);
        }
        return dir;
    }

    /** The Cassandra version, from the name of its jar (cassandra-all-5.0.9.jar). */
    public static String version(Path lib) {
        return cassandraJar(lib).map(jar -> jar.getFileName().toString())
                .map(name -> name.substring("cassandra-all-".length(), name.length() - ".jar".length()))
                .orElse("unknown");
    }

    private static Optional<Path> cassandraJar(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith("cassandra-all-") && name.endsWith(".jar");
            }).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
