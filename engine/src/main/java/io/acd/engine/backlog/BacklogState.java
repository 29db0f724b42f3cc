package io.acd.engine.backlog;

/**
 * A backlog's state: the view and how far its feed has read. Mutable, for a view of a hundred thousand
 * contacts is not copied for every batch; only the event handler changes it, and a snapshot takes a copy.
 */
final class BacklogState {

    final BacklogView view;
    FeedOffset offset;

    BacklogState(BacklogView view, FeedOffset offset) {
        this.view = view;
        this.offset = offset;
    }

    BacklogState observed(Backlog.Observed event) {
        for (Backlog.Change change : event.changes()) {
            view.apply(change);
        }
        offset = event.offset();
        return this;
    }

    Backlog.Snapshot toSnapshot() {
        return new Backlog.Snapshot(view.copy(), offset);
    }

    static BacklogState of(Backlog.Snapshot snapshot) {
        return new BacklogState(new BacklogView(snapshot.live()), snapshot.offset());
    }
}
