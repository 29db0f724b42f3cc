package io.acd.engine.events;

import io.acd.engine.backlog.FeedOffset;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.EventsByTagQuery;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorFlow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one slice's tagged events and hands the log the events out among them, a batch at a time, the next
 * only once the last is stored. Each (re)start asks the log where the slice stands, so a batch stored whose
 * answer was lost is not logged twice.
 */
final class EventLogFeed {

    private static final int BATCH = 500;
    private static final Duration WINDOW = Duration.ofMillis(200);
    private static final Duration ASK = Duration.ofSeconds(15);

    private EventLogFeed() {
    }

    static UniqueKillSwitch start(ActorSystem<?> system, String readJournalId, String tag, int slice,
                                  ActorRef<EventLog.Command> log) {
        EventsByTagQuery query = PersistenceQuery.get(system).getReadJournalFor(EventsByTagQuery.class, readJournalId);
        RestartSettings restart = RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);
        return RestartSource.withBackoff(restart, () -> Source.completionStage(AskPattern.<EventLog.Command, FeedOffset>ask(
                                log, r -> new EventLog.GetOffset(slice, r), ASK, system.scheduler()))
                        .flatMapConcat(from -> query.eventsByTag(tag, from.toOffset()))
                        .groupedWithin(BATCH, WINDOW)
                        .via(ActorFlow.<List<EventEnvelope>, EventLog.Command, FeedOffset>ask(1, log, ASK,
                                (batch, replyTo) -> append(slice, batch, replyTo))))
                .viaMat(KillSwitches.single(), Keep.right())
                .toMat(Sink.ignore(), Keep.left())
                .run(system);
    }

    private static EventLog.Command append(int slice, List<EventEnvelope> batch, ActorRef<FeedOffset> replyTo) {
        List<OutEvent> out = new ArrayList<>();
        for (EventEnvelope envelope : batch) {
            OutEvents.of(envelope.persistenceId(), envelope.sequenceNr(), envelope.event(),
                    Instant.ofEpochMilli(envelope.timestamp())).ifPresent(out::add);
        }
        return new EventLog.Append(slice, out, FeedOffset.of(batch.get(batch.size() - 1).offset()), replyTo);
    }
}
