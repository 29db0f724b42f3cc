package io.acd.loadtest.journal;

import com.typesafe.config.ConfigFactory;
import io.acd.engine.node.EngineNode;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The embedded journal's own write rate through the engine's plugin and settings: a node is started as
 * {@code bin/acd run} starts it (same configuration layers, a fresh data directory), and many
 * {@link JournalProbe}s store events one after another, each waiting for its last write as an entity does.
 * Several rounds; the median is the figure to hold the engine's events per second against.
 */
@Command(name = "journal-rate", mixinStandardHelpOptions = true,
        description = "Measure the embedded journal's raw event-write rate through the engine's plugin.")
public final class JournalRate implements Callable<Integer> {

    @Option(names = "--writers", defaultValue = "1000", description = "entities writing at once")
    int writers;

    @Option(names = "--events", defaultValue = "20", description = "events each writer stores per round")
    int eventsPerWriter;

    @Option(names = "--rounds", defaultValue = "5", description = "rounds; the first warms up and is not counted")
    int rounds;

    @Option(names = "--data-dir", description = "where the journal lives (default: a new temporary directory)")
    Path dataDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new JournalRate()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path data = dataDir != null ? dataDir : Files.createTempDirectory("acd-journal-rate");
        EngineNode node = EngineNode.start(EngineNode.config(ConfigFactory.parseMap(Map.of(
                "acd.data-dir", data.toString(),
                "pekko.loglevel", "WARNING",
                "pekko.remote.artery.canonical.port", 0))));
        try {
            node.ready().toCompletableFuture().get(2, TimeUnit.MINUTES);
            double[] rates = measure(node, writers, eventsPerWriter, rounds, System.out::println);
            double median = median(Arrays.copyOfRange(rates, 1, rates.length));
            System.out.printf(Locale.ROOT, "journal raw write rate: median %.0f events/s over %d rounds "
                    + "(%d writers, %d events each per round; first round not counted)%n", median, rounds - 1,
                    writers, eventsPerWriter);
            return 0;
        } finally {
            node.shutdown().toCompletableFuture().get(1, TimeUnit.MINUTES);
        }
    }

    /** Events per second of each round. */
    public static double[] measure(EngineNode node, int writers, int eventsPerWriter, int rounds,
                                   java.util.function.Consumer<String> progress) throws Exception {
        List<ActorRef<JournalProbe.Command>> probes = new ArrayList<>();
        String run = Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < writers; i++) {
            probes.add(node.system().systemActorOf(JournalProbe.create(run + "-" + i), "journal-probe-" + run + "-" + i,
                    Props.empty()));
        }
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            List<CompletableFuture<Done>> done = new ArrayList<>();
            for (ActorRef<JournalProbe.Command> probe : probes) {
                done.add(AskPattern.<JournalProbe.Command, Done>ask(probe,
                        replyTo -> new JournalProbe.Write(eventsPerWriter, replyTo), Duration.ofMinutes(10),
                        node.system().scheduler()).toCompletableFuture());
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            rates[r] = writers * (double) eventsPerWriter / seconds;
            progress.accept(String.format(Locale.ROOT, "round %d: %,d events in %.2f s = %,.0f events/s%s", r + 1,
                    writers * eventsPerWriter, seconds, rates[r], r == 0 ? " (warm-up)" : ""));
        }
        return rates;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
