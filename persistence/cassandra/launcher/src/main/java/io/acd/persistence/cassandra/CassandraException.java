package io.acd.persistence.cassandra;

/** Cassandra could not be started or did not come up; the message says why and what to do. */
public final class CassandraException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CassandraException(String message) {
        super(message);
    }

    public CassandraException(String message, Throwable cause) {
        super(message, cause);
    }
}
