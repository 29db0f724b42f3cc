package io.acd.loadtest.sim;

import java.util.Locale;

/** Scenario time written for people. */
public final class ScenarioTime {

    private ScenarioTime() {
    }

    /** h:mm:ss from the scenario's start; hours are not wrapped, so a million seconds is 277:46:40. */
    public static String clock(double seconds) {
        long s = (long) seconds;
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
