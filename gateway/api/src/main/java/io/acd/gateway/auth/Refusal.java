package io.acd.gateway.auth;

/**
 * Why a request was not let in: the HTTP status, the error code and a message saying what to do.
 *
 * @param retryAfterSeconds for a 429, when to try again; else 0
 */
public record Refusal(int status, String code, String message, long retryAfterSeconds) {

    static Refusal unauthorized(String message) {
        return new Refusal(401, "unauthorized", message, 0);
    }

    public static Refusal forbidden(String message) {
        return new Refusal(403, "forbidden", message, 0);
    }
}
