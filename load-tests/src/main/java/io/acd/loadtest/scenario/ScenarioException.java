package io.acd.loadtest.scenario;

/** A scenario that cannot be played, with what is wrong and where. */
public final class ScenarioException extends RuntimeException {

    public ScenarioException(String message) {
        super(message);
    }

    public ScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
