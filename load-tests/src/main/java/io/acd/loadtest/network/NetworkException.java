package io.acd.loadtest.network;

/** The test network could not be built, changed or torn down; the message says which command and why. */
public final class NetworkException extends RuntimeException {

    public NetworkException(String message) {
        super(message);
    }

    public NetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
