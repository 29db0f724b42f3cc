package io.acd.engine;

import io.acd.persistence.KryoMessage;

/**
 * The answer of an entity to a request from outside (a gateway, a desktop). The gateway maps
 * {@link Ok} to 200 (or 201 when {@code created}), {@link Rejected} to 409 and {@link NotFound} to 404.
 */
public sealed interface Reply<T> extends KryoMessage {

    record Ok<T>(T value, boolean created) implements Reply<T> {
    }

    /**
     * The command was understood but is not allowed now; nothing changed.
     *
     * @param reason  why, as one of the refusals the entity declares
     * @param message what to do about it, for a person
     */
    record Rejected<T>(Reason reason, String message) implements Reply<T> {

        /** The error code the API answers with. */
        public String code() {
            return reason.code();
        }
    }

    record NotFound<T>(String message) implements Reply<T> {
    }

    /**
     * A reason an entity gives for refusing a command: each entity lists its own as an enum, so a refusal is
     * recognised by its constant, never by comparing text.
     */
    interface Reason {

        /** The error code the API shows, in snake case; it never changes once published. */
        String code();
    }

    static <T> Reply<T> ok(T value) {
        return new Ok<>(value, false);
    }

    static <T> Reply<T> rejected(Reason reason, String message) {
        return new Rejected<>(reason, message);
    }

    static <T> Reply<T> notFound(String message) {
        return new NotFound<>(message);
    }
}
