package io.acd.loadtest.audit;

import com.typesafe.config.ConfigFactory;
import io.acd.engine.node.EngineNode;
import io.acd.persistence.KryoMessage;
import io.acd.persistence.journal.Journal;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An embedded journal written for a test: events by persistence id, stored by {@link EventWriter}s in an actor
 * system with the node's embedded configuration, which is shut down (releasing the H2 file) before the
 * audit opens it.
 */
final class SeededJournal {

    private final Map<String, List<KryoMessage>> events = new LinkedHashMap<>();

    SeededJournal interaction(String id, KryoMessage... stored) {
        return add("Interaction|" + id, stored);
    }

    SeededJournal agent(String id, KryoMessage... stored) {
        return add("Agent|" + id, stored);
    }

    /** Entities of other kinds, which the audit must ignore. */
    SeededJournal other(String persistenceId, KryoMessage... stored) {
        return add(persistenceId, stored);
    }

    private SeededJournal add(String persistenceId, KryoMessage... stored) {
        events.computeIfAbsent(persistenceId, id -> new ArrayList<>()).addAll(List.of(stored));
        return this;
    }

    void writeTo(Path dataDir) throws Exception {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "seed", EngineNode.config(
                ConfigFactory.parseMap(Map.of(
                        "acd.data-dir", dataDir.toString(),
                        "pekko.actor.provider", "local",
                        "pekko.loglevel", "WARNING"))));
        try {
            Journal.EMBEDDED.prepare(system);
            List<CompletableFuture<Done>> written = new ArrayList<>();
            int n = 0;
            for (var entry : events.entrySet()) {
                ActorRef<EventWriter.Write> writer = system.systemActorOf(new EventWriter(entry.getKey()),
                        "writer-" + n++, Props.empty());
                written.add(AskPattern.<EventWriter.Write, Done>ask(writer,
                        replyTo -> new EventWriter.Write(entry.getValue(), replyTo), Duration.ofSeconds(30),
                        system.scheduler()).toCompletableFuture());
            }
            CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
