package io.acd.loadtest.audit;

import com.typesafe.config.Config;
import io.acd.persistence.journal.Journal;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentPersistenceIdsQuery;
import org.apache.pekko.persistence.query.javadsl.ReadJournal;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Reads every interaction's and agent's events through Pekko's generic query interfaces, so that the same
 * code reads the embedded journal and Cassandra: the plugin is whichever the node's configuration names. It
 * runs its own local actor system, with the node's serializers, and never writes.
 */
public final class JournalReader implements AutoCloseable {

    /** Entities read at once: enough to hide each query's round trip; H2's pool of four queues the rest. */
    private static final int PARALLELISM = 8;
    /** A current query of one entity's few hundred events never takes this long unless the store is stuck. */
    private static final Duration ENTITY_TIMEOUT = Duration.ofMinutes(2);
    private static final long LISTING_TIMEOUT_MINUTES = 30;

    /** What is done with each entity read, in turn (never two at once). */
    public interface Visitor {

        void entity(EntityRef entity, List<StoredEvent> events);

        void ignored(String persistenceId);

        void unreadable(EntityRef entity, String reason);
    }

    private record Read(EntityRef entity, List<StoredEvent> events, String failure) {
    }

    private final ActorSystem system;
    private final String where;
    private final CurrentPersistenceIdsQuery ids;
    private final CurrentEventsByPersistenceIdQuery events;

    private JournalReader(ActorSystem system, String where, CurrentPersistenceIdsQuery ids,
                          CurrentEventsByPersistenceIdQuery events) {
        this.system = system;
        this.where = where;
        this.ids = ids;
        this.events = events;
    }

    /** @param where the journal as people name it, for messages: "the embedded journal in DIR" */
    public static JournalReader open(Config config, String where) throws UnreadableJournalException {
        Journal journal = Journal.chosen(config);
        ActorSystem system = ActorSystem.create("acd-audit", config);
        try {
            ReadJournal readJournal = PersistenceQuery.get(system).getReadJournalFor(ReadJournal.class,
                    journal.readJournalId());
            if (!(readJournal instanceof CurrentPersistenceIdsQuery ids)
                    || !(readJournal instanceof CurrentEventsByPersistenceIdQuery events)) {
                throw new UnreadableJournalException("The read journal " + journal.readJournalId()
                        + " cannot list persistence ids and their events");
            }
            return new JournalReader(system, where, ids, events);
        } catch (UnreadableJournalException e) {
            terminate(system);
            throw e;
        } catch (RuntimeException e) {
            terminate(system);
            throw new UnreadableJournalException("Cannot read " + where + ": " + Failures.describe(e));
        }
    }

    /** Lists the persistence ids, then reads each interaction and agent from its first event to its last. */
    public void readAll(Visitor visitor, Consumer<String> progress) throws UnreadableJournalException {
        List<String> all = await(ids.currentPersistenceIds().runWith(Sink.seq(), system),
                LISTING_TIMEOUT_MINUTES, "listing the persistence ids");
        List<String> sorted = new ArrayList<>(all);
        // In order, so that the examples of a report are the same from run to run.
        sorted.sort(null);
        List<EntityRef> entities = new ArrayList<>();
        for (String persistenceId : sorted) {
            EntityRef entity = EntityRef.of(persistenceId);
            if (entity == null) {
                visitor.ignored(persistenceId);
            } else {
                entities.add(entity);
            }
        }
        progress.accept(String.format(Locale.ROOT, "audit: reading %,d entities of %s (%,d other "
                + "persistence ids ignored)", entities.size(), where, sorted.size() - entities.size()));
        ReadProgress readProgress = new ReadProgress(entities.size(), progress);
        await(Source.from(entities)
                .mapAsync(PARALLELISM, this::read)
                .runForeach(read -> {
                    if (read.failure() != null) {
                        visitor.unreadable(read.entity(), read.failure());
                    } else {
                        visitor.entity(read.entity(), read.events());
                    }
                    readProgress.entityRead();
                }, system), LISTING_TIMEOUT_MINUTES, "reading the events");
    }

    private CompletionStage<Read> read(EntityRef entity) {
        // From sequence number 0: snapshots are for recovery; the audit wants every event there is.
        return events.currentEventsByPersistenceId(entity.persistenceId(), 0L, Long.MAX_VALUE)
                .completionTimeout(ENTITY_TIMEOUT)
                .map(envelope -> new StoredEvent(envelope.sequenceNr(), envelope.event()))
                .runWith(Sink.seq(), system)
                .handle((read, failure) -> failure == null ? new Read(entity, read, null)
                        : new Read(entity, List.of(), Failures.describe(failure)));
    }

    private <T> T await(CompletionStage<T> stage, long minutes, String doing) throws UnreadableJournalException {
        try {
            return stage.toCompletableFuture().get(minutes, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new UnreadableJournalException("Cannot read " + where + " (" + doing + "): "
                    + Failures.describe(e.getCause()));
        } catch (TimeoutException e) {
            throw new UnreadableJournalException("Cannot read " + where + ": " + doing + " took over " + minutes
                    + " minutes");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreadableJournalException("Interrupted while " + doing);
        }
    }

    @Override
    public void close() {
        terminate(system);
    }

    private static void terminate(ActorSystem system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Nothing was written; a slow shutdown loses nothing.
        }
    }
}
