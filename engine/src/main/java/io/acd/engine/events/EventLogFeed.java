package io.acd.engine.events;

import io.acd.engine.backlog.FeedOffset;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.query.EventEnvelope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the log is handed of a batch of one slice's tagged events: the events out among them.
 */
final class EventLogFeed {

    private EventLogFeed() {
    }

    static EventLog.Command append(int slice, List<EventEnvelope> batch, ActorRef<FeedOffset> replyTo) {
        List<OutEvent> out = new ArrayList<>();
        for (EventEnvelope envelope : batch) {
            OutEvents.of(envelope.persistenceId(), envelope.sequenceNr(), envelope.event(),
                    Instant.ofEpochMilli(envelope.timestamp())).ifPresent(out::add);
        }
        return new EventLog.Append(slice, out, FeedOffset.of(batch.get(batch.size() - 1).offset()), replyTo);
    }
}
