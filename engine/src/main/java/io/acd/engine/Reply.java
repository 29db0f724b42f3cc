package io.acd.engine;

import io.acd.persistence.KryoMessage;

/**
 * The answer of an entity to a request from outside (a gateway, a desktop). The gateway maps
 * {@link Ok} to 200 (or 201 when {@code created}), {@link Rejected} to 409 and {@link NotFound} to 404.
 */
public sealed interface Reply<T> extends KryoMessage {

    record Ok<T>(T value, boolean created) implements Reply<T> {
    }

    /** The command was understood but is not allowed now; nothing changed. */
    record Rejected<T>(String code, String message) implements Reply<T> {
    }

    record NotFound<T>(String message) implements Reply<T> {
    }

    static <T> Reply<T> ok(T value) {
        return new Ok<>(value, false);
    }

    static <T> Reply<T> rejected(String code, String message) {
        return new Rejected<>(code, message);
    }

    static <T> Reply<T> notFound(String message) {
        return new NotFound<>(message);
    }
}
