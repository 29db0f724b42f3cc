package io.acd.engine.events;

import io.acd.engine.EngineSettings;
import io.acd.engine.backlog.FeedOffset;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.stream.UniqueKillSwitch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * What a projection over a tenant's tags runs: one {@link TagFeed} per slice, and the pace at which it stores
 * how far a slice read when a batch held nothing for it (often enough to resume near the end, seldom enough
 * not to write for every quiet poll).
 */
public final class SliceFeeds {

    private static final Duration IDLE_STORE = Duration.ofSeconds(30);

    private final List<UniqueKillSwitch> feeds = new ArrayList<>();
    private Instant idleStoredAt = Instant.MIN;

    /**
     * @param offset the command asking the projection for a slice's stored offset
     * @param batch  the command handing it a slice's batch
     */
    public <C> void start(ActorSystem<?> system, String readJournalId, EngineSettings settings, ActorRef<C> projection,
                          IntFunction<Function<ActorRef<FeedOffset>, C>> offset,
                          IntFunction<BiFunction<List<EventEnvelope>, ActorRef<FeedOffset>, C>> batch) {
        for (int slice = 0; slice < settings.tagSlices(); slice++) {
            feeds.add(TagFeed.start(system, readJournalId, settings.eventTag(slice), projection, offset.apply(slice),
                    batch.apply(slice)));
        }
    }

    public void stop() {
        feeds.forEach(UniqueKillSwitch::shutdown);
        feeds.clear();
    }

    /** Whether an empty batch's offset is to be stored now; if so, it counts as stored. */
    public boolean idleStoreDue(Instant now) {
        if (idleStoredAt.plus(IDLE_STORE).isAfter(now)) {
            return false;
        }
        idleStoredAt = now;
        return true;
    }
}
