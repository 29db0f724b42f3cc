package io.acd.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.acd.engine.node.EngineNode;
import io.acd.gateway.HttpServer;
import org.apache.pekko.http.javadsl.ServerBinding;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code bin/acd}: starts an engine node with its HTTP API in the foreground. */
public final class Main {

    /** The one copy of the usage text: bin/acd prints the same file when nothing is built yet. */
    private static final String USAGE = usage();


    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(USAGE);
            return;
        }
        if (!args[0].equals("run") && !args[0].equals("schema")) {
            fail("Unknown command \"" + args[0] + "\"");
        }
        Map<String, Object> overrides = new HashMap<>();
        // A node downed by the split brain resolver (or removed by an operator) stops its JVM, so that
        // whatever supervises it (systemd, an orchestrator, the chaos driver) sees it gone and restarts it.
        overrides.put("pekko.coordinated-shutdown.exit-jvm", "on");
        Path dataDir = Path.of("data");
        Config file = ConfigFactory.empty();
        String cassandra = System.getenv("ACD_CASSANDRA");
        String seedNodes = System.getenv("ACD_SEED_NODES");
        String bootstrap = null;
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                fail("Option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--http-port" -> overrides.put("acd.http.port", port(option, value));
                case "--smtp-port" -> overrides.put("acd.channels.email.smtp-port", port(option, value));
                case "--cluster-port" -> overrides.put("pekko.remote.artery.canonical.port", port(option, value));
                case "--cluster-host" -> overrides.put("pekko.remote.artery.canonical.hostname", value);
                case "--management-port" -> overrides.put("pekko.management.http.port", port(option, value));
                case "--journal" -> overrides.put("acd.journal", value);
                case "--cassandra" -> cassandra = value;
                case "--seed-nodes" -> seedNodes = value;
                case "--bootstrap" -> bootstrap = value;
                case "--data-dir" -> dataDir = Path.of(value);
                case "--admin-key-file" -> overrides.put("acd.security.admin-key-file",
                        Path.of(value).toAbsolutePath().normalize().toString());
                case "--config" -> {
                    File f = new File(value);
                    if (!f.isFile()) {
                        fail("No config file " + value);
                    }
                    file = ConfigFactory.parseFile(f);
                }
                default -> fail("Unknown option " + option);
            }
        }
        if (cassandra != null) {
            overrides.put("acd.cassandra.contact-points", endpoints("--cassandra", cassandra));
        }
        if (seedNodes != null) {
            overrides.put("pekko.cluster.seed-nodes", endpoints("--seed-nodes", seedNodes).stream()
                    .map(node -> "pekko://acd@" + node).toList());
        }
        if (bootstrap != null) {
            overrides.put("acd.cluster.bootstrap", "on");
            overrides.put("pekko.discovery.config.services.acd.endpoints", endpoints("--bootstrap", bootstrap).stream()
                    .map(Main::discoveryEndpoint).toList());
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        overrides.put("acd.data-dir", dataDir.toString());
        Config config = EngineNode.config(ConfigFactory.parseMap(overrides).withFallback(file));
        if (args[0].equals("schema")) {
            System.exit(Schema.print(config));
        }

        long started = System.nanoTime();
        EngineNode node;
        try {
            node = EngineNode.start(config);
        } catch (com.typesafe.config.ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException | LinkageError e) {
            // Threads the actor system already started would keep the JVM running with no engine in it.
            System.err.println("ACD engine failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        int port = config.getInt("acd.http.port");
        try {
            // The health checks (the journal's among them) are created when Management and the API start.
            // Journal.prepare bounds its own waits; this bound only keeps a hung start from hanging forever.
            node.journalReady().toCompletableFuture().get(5, TimeUnit.MINUTES);
            Management.start(node.system(), config);
            HttpServer server = HttpServer.start(node, config.getString("acd.http.interface"), port);
            ServerBinding binding = server.ready().toCompletableFuture().get(120, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.printf("ACD engine ready in %d ms: http://localhost:%d (journal in %s)%n",
                    millis, binding.localAddress().getPort(), dataDir);
            // The path, never the key: a console's output ends up in logs.
            System.out.printf("Admin key %s %s%n", node.access().adminKey().created() ? "created in" : "read from",
                    node.access().adminKey().file());
        } catch (Exception | LinkageError e) {
            // Whatever stops the start (a port taken, the journal unreachable, a class missing from the
            // classpath), the node must not linger half started: the actor system's threads keep a JVM alive.
            System.err.println("ACD engine failed to start: " + e);
            node.shutdown();
            System.exit(1);
        }
        node.system().getWhenTerminated().toCompletableFuture().join();
    }

    private static String usage() {
        try (InputStream in = Main.class.getResourceAsStream("usage.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            return "Usage: bin/acd run|simulate|cassandra|help (the usage text is missing from the build)\n";
        }
    }

    /** HOST:PORT[,HOST:PORT…], each checked, for the options that name other servers. */
    private static List<String> endpoints(String option, String value) {
        List<String> endpoints = Arrays.stream(value.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
        if (endpoints.isEmpty()) {
            fail(option + " needs HOST:PORT[,HOST:PORT...], got \"" + value + "\"");
        }
        for (String endpoint : endpoints) {
            int colon = endpoint.lastIndexOf(':');
            if (colon <= 0) {
                fail(option + " needs HOST:PORT[,HOST:PORT...], got \"" + endpoint + "\"");
            }
            port(option, endpoint.substring(colon + 1));
        }
        return endpoints;
    }

    private static Map<String, Object> discoveryEndpoint(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        return Map.of("host", endpoint.substring(0, colon), "port", Integer.parseInt(endpoint.substring(colon + 1)));
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            fail(option + " must be a port number, got " + value);
            return -1;
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.err.print(USAGE);
        System.exit(2);
    }
}
