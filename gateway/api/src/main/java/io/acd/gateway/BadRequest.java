package io.acd.gateway;

/** A request the gateway refuses before it reaches the engine; rendered as a 400 with a JSON reason. */
final class BadRequest extends RuntimeException {

    private final String code;

    BadRequest(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
