package io.acd.engine.backlog;

import io.acd.engine.routing.Channel;
import io.acd.engine.routing.WaitingContact;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class BacklogViewTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    private static WaitingContact contact(String id, Instant queuedAt) {
        return new WaitingContact(id, Channel.CHAT, "billing", 0, Map.of(), queuedAt);
    }

    private static Backlog.Change created(String id, Instant at) {
        return new Backlog.Change(id, Backlog.Kind.CREATED, contact(id, at), at);
    }

    private static Backlog.Change change(String id, Backlog.Kind kind, Instant at) {
        return new Backlog.Change(id, kind, null, at);
    }

    private static List<String> ids(List<WaitingContact> contacts) {
        return contacts.stream().map(WaitingContact::interactionId).toList();
    }

    @Test
    void theQueuedAreTheCreatedNotOfferedNorEndedLongestWaitingFirst() {
        var view = new BacklogView();
        view.apply(created("late", T0.plusSeconds(5)));
        view.apply(created("early", T0));
        view.apply(created("offered", T0.plusSeconds(1)));
        view.apply(created("gone", T0.plusSeconds(2)));
        view.apply(change("offered", Backlog.Kind.OFFERED, T0.plusSeconds(6)));
        view.apply(change("gone", Backlog.Kind.ENDED, T0.plusSeconds(7)));

        assertEquals(List.of("early", "late"), ids(view.queued()));
        assertEquals(3, view.size(), "the offered one is still live");
    }

    @Test
    void aRequeuedContactKeepsItsOriginalQueueTimeButCountsAsQueuedSinceItCameBack() {
        var view = new BacklogView();
        view.apply(created("a", T0));
        view.apply(change("a", Backlog.Kind.OFFERED, T0.plusSeconds(10)));
        view.apply(change("a", Backlog.Kind.REQUEUED, T0.plusSeconds(30)));

        assertEquals(T0, view.queued().get(0).queuedAt());
        assertEquals(List.of(), view.queuedSince(T0.plusSeconds(30)), "back in the queue only from 30 s");
        assertEquals(List.of("a"), ids(view.queuedSince(T0.plusSeconds(31))));
    }

    @Test
    void changesReadTwiceAfterAFeedRestartLeaveTheSameView() {
        var changes = List.of(created("a", T0), created("b", T0.plusSeconds(1)),
                change("a", Backlog.Kind.OFFERED, T0.plusSeconds(2)), change("b", Backlog.Kind.ENDED, T0.plusSeconds(3)),
                change("a", Backlog.Kind.REQUEUED, T0.plusSeconds(4)));
        var once = new BacklogView();
        changes.forEach(once::apply);
        var twice = new BacklogView();
        changes.forEach(twice::apply);
        // A restarted feed reads from the stored offset: the last changes come again.
        changes.subList(2, 5).forEach(twice::apply);

        assertEquals(once.queued(), twice.queued());
        assertEquals(once.size(), twice.size());
    }

    @Test
    void newsOfAContactItNeverSawCreatedIsIgnored() {
        var view = new BacklogView();
        view.apply(change("older", Backlog.Kind.REQUEUED, T0));

        assertNull(view.queuedContact("older"));
        assertEquals(0, view.size());
    }

    @Test
    void aSnapshotCopyRebuildsTheSameView() {
        var view = new BacklogView();
        view.apply(created("a", T0));
        view.apply(created("b", T0.plusSeconds(1)));
        view.apply(change("b", Backlog.Kind.OFFERED, T0.plusSeconds(2)));

        var rebuilt = new BacklogView(view.copy());

        assertEquals(view.queued(), rebuilt.queued());
        assertEquals(2, rebuilt.size());
    }
}
