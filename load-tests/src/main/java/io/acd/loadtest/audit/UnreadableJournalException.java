package io.acd.loadtest.audit;

/** The journal as a whole cannot be read: nothing there, locked by a running engine, or no store answering. */
public final class UnreadableJournalException extends Exception {

    public UnreadableJournalException(String message) {
        super(message);
    }
}
