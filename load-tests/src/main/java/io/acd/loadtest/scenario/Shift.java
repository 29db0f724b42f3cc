package io.acd.loadtest.scenario;

/** An agent group's working time within the scenario, seconds from its start. */
public record Shift(double startSeconds, double endSeconds) {

    public Shift {
        if (startSeconds < 0 || !(endSeconds > startSeconds)) {
            throw new ScenarioException("A shift must end after it starts, got " + startSeconds + " s to " + endSeconds + " s");
        }
    }

    public boolean covers(double seconds) {
        return seconds >= startSeconds && seconds < endSeconds;
    }
}
