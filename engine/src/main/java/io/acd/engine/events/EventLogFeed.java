package io.acd.engine.events;

import io.acd.engine.backlog.FeedOffset;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.UniqueKillSwitch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands the log the events out among one slice's tagged events, a batch at a time (see {@link TagFeed}).
 */
final class EventLogFeed {

    private EventLogFeed() {
    }

    static UniqueKillSwitch start(ActorSystem<?> system, String readJournalId, String tag, int slice,
                                  ActorRef<EventLog.Command> log) {
        return TagFeed.start(system, readJournalId, tag, log, r -> new EventLog.GetOffset(slice, r),
                (batch, replyTo) -> append(slice, batch, replyTo));
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
