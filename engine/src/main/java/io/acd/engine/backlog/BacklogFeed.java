package io.acd.engine.backlog;

import io.acd.engine.interaction.Interaction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByTagQuery;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.typed.javadsl.ActorFlow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads one tag's events through the journal's query side, from where the backlog last stored, and hands
 * them to the backlog in batches, one at a time: the next batch is read only once the last one is stored.
 * Should the query fail (the journal away), it starts again with a growing pause, from the last stored offset.
 */
final class BacklogFeed {

    private BacklogFeed() {
    }

    static UniqueKillSwitch start(ActorSystem<?> system, String readJournalId, String tag, FeedOffset from,
                                  BacklogSettings settings, ActorRef<Backlog.Command> backlog) {
        EventsByTagQuery query = PersistenceQuery.get(system).getReadJournalFor(EventsByTagQuery.class, readJournalId);
        AtomicReference<FeedOffset> stored = new AtomicReference<>(from);
        RestartSettings restart = RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);
        return RestartSource.withBackoff(restart, () -> query.eventsByTag(tag, stored.get().toOffset())
                        .groupedWithin(settings.batchSize(), settings.batchWindow())
                        .via(ActorFlow.<List<EventEnvelope>, Backlog.Command, FeedOffset>ask(1, backlog,
                                settings.batchWindow().plusSeconds(10), BacklogFeed::observe))
                        .map(offset -> {
                            stored.set(offset);
                            return offset;
                        }))
                .viaMat(KillSwitches.single(), Keep.right())
                .toMat(Sink.ignore(), Keep.left())
                .run(system);
    }

    private static Backlog.Command observe(List<EventEnvelope> batch, ActorRef<FeedOffset> replyTo) {
        List<Backlog.Change> changes = new ArrayList<>();
        for (EventEnvelope envelope : batch) {
            if (envelope.event() instanceof Interaction.Event event) {
                Backlog.Change change = Backlog.Change.of(interactionId(envelope.persistenceId()), event);
                if (change != null) {
                    changes.add(change);
                }
            }
        }
        return new Backlog.Observe(changes, FeedOffset.of(batch.get(batch.size() - 1).offset()), replyTo);
    }

    /** {@code Interaction|<id>}: the entity's persistence id is its type key and its id. */
    private static String interactionId(String persistenceId) {
        return persistenceId.substring(persistenceId.indexOf('|') + 1);
    }
}
