package io.acd.launcher;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.acd.engine.node.EngineNode;
import io.acd.gateway.HttpServer;
import org.apache.pekko.http.javadsl.ServerBinding;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code bin/acd}: starts an engine node with its HTTP API in the foreground. */
public final class Main {

    private static final String USAGE = """
            Usage: bin/acd <command> [options]

            Commands:
              run     Start a single-node engine in the foreground, with the embedded durable journal.
                        --http-port N      HTTP API port (default 8080)
                        --data-dir DIR     where the journal lives (default ./data)
                        --config FILE      extra HOCON settings (see the README for the keys)
                        --cluster-port N   Pekko remoting port (default 25520)
              simulate  Simulate contact-center traffic: in virtual time with the routing core (default), or
                        against a running engine over its API (engine mode).
                        bin/acd simulate --arrival-rate 0.2 --aht 240 --agents 55 [--patience 300]
                                         [--sl-threshold 20] [--duration 1000000] [--seed 1] [--format json]
                          one queue from flags, beside Erlang C / Erlang A
                        bin/acd simulate SCENARIO.conf [--format json] [--report DIR]
                          a scenario file (load-tests/scenarios/) in virtual time: hours of traffic in seconds
                        bin/acd simulate --mode engine --url http://127.0.0.1:8080 [--time-scale 60] SCENARIO.conf
                          plays a scenario file against a running engine over its API
                        (bin/acd simulate --help lists every option)
              help    Show this text.
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(USAGE);
            return;
        }
        if (!args[0].equals("run")) {
            fail("Unknown command \"" + args[0] + "\"");
        }
        Map<String, Object> overrides = new HashMap<>();
        Path dataDir = Path.of("data");
        Config file = ConfigFactory.empty();
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                fail("Option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--http-port" -> overrides.put("acd.http.port", port(option, value));
                case "--cluster-port" -> overrides.put("pekko.remote.artery.canonical.port", port(option, value));
                case "--data-dir" -> dataDir = Path.of(value);
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
        dataDir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        overrides.put("acd.data-dir", dataDir.toString());
        Config config = EngineNode.config(ConfigFactory.parseMap(overrides).withFallback(file));

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
        HttpServer server = HttpServer.start(node, config.getString("acd.http.interface"), port);
        try {
            ServerBinding binding = server.ready().toCompletableFuture().get(120, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.printf("ACD engine ready in %d ms: http://localhost:%d (journal in %s)%n",
                    millis, binding.localAddress().getPort(), dataDir);
        } catch (Exception e) {
            System.err.println("ACD engine failed to start: " + e);
            node.shutdown();
            System.exit(1);
        }
        node.system().getWhenTerminated().toCompletableFuture().join();
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
