package io.acd.engine.events;

import io.acd.engine.backlog.FeedOffset;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import java.util.function.BiFunction;
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
import java.util.List;
import java.util.function.Function;

/**
 * Reads one tag's events for a projection and hands them to it a batch at a time, the next only once the last
 * is stored. Each (re)start asks the projection where it stands, so a batch stored whose answer was lost is not
 * handed over twice. The projections over a tenant's tags (its events out, its customers' history) use it.
 */
public final class TagFeed {

    private static final int BATCH = 500;
    private static final Duration WINDOW = Duration.ofMillis(200);
    private static final Duration ASK = Duration.ofSeconds(15);

    private TagFeed() {
    }

    /**
     * @param offset asks the projection for the offset it stored
     * @param batch  the command that hands it a batch, answered with the offset stored once it is
     */
    public static <C> UniqueKillSwitch start(ActorSystem<?> system, String readJournalId, String tag,
                                             ActorRef<C> projection, Function<ActorRef<FeedOffset>, C> offset,
                                             BiFunction<List<EventEnvelope>, ActorRef<FeedOffset>, C> batch) {
        EventsByTagQuery query = PersistenceQuery.get(system).getReadJournalFor(EventsByTagQuery.class, readJournalId);
        RestartSettings restart = RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);
        return RestartSource.withBackoff(restart, () -> Source.completionStage(AskPattern.<C, FeedOffset>ask(
                                projection, offset::apply, ASK, system.scheduler()))
                        .flatMapConcat(from -> query.eventsByTag(tag, from.toOffset()))
                        .groupedWithin(BATCH, WINDOW)
                        .via(ActorFlow.<List<EventEnvelope>, C, FeedOffset>ask(1, projection, ASK,
                                (envelopes, replyTo) -> batch.apply(envelopes, replyTo))))
                .viaMat(KillSwitches.single(), Keep.right())
                .toMat(Sink.ignore(), Keep.left())
                .run(system);
    }
}
