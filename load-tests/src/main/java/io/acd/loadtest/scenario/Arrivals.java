package io.acd.loadtest.scenario;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A Poisson arrival process whose rate may change over the day: a base rate, or rates by time of day, with
 * bursts added on top. Arrivals are drawn by thinning (Lewis and Shedler): candidates at the highest rate,
 * each kept with the probability of the rate at its time over that highest rate.
 */
public record Arrivals(double rate, List<Window> byTimeOfDay, List<Window> bursts) {

    /** A rate between two times of the scenario, seconds from its start. */
    public record Window(double from, double to, double rate) {
        public Window {
            if (!(to > from) || rate < 0) {
                throw new ScenarioException("A rate window needs from < to and a rate of at least 0, got "
                        + from + " s to " + to + " s at " + rate + "/s");
            }
        }
    }

    public Arrivals {
        byTimeOfDay = List.copyOf(byTimeOfDay);
        bursts = List.copyOf(bursts);
        if (rate < 0) {
            throw new ScenarioException("An arrival rate cannot be negative: " + rate);
        }
        for (int i = 0; i < byTimeOfDay.size(); i++) {
            for (int j = i + 1; j < byTimeOfDay.size(); j++) {
                Window a = byTimeOfDay.get(i);
                Window b = byTimeOfDay.get(j);
                if (a.from() < b.to() && b.from() < a.to()) {
                    throw new ScenarioException("Time-of-day rate windows overlap: " + a + " and " + b);
                }
            }
        }
    }

    /** Contacts per second at a time of the scenario. */
    public double rateAt(double seconds) {
        double r = rate;
        if (!byTimeOfDay.isEmpty()) {
            r = 0;
            for (Window w : byTimeOfDay) {
                if (seconds >= w.from() && seconds < w.to()) {
                    r = w.rate();
                }
            }
        }
        for (Window b : bursts) {
            if (seconds >= b.from() && seconds < b.to()) {
                r += b.rate();
            }
        }
        return r;
    }

    public double maxRate() {
        double base = byTimeOfDay.isEmpty() ? rate : byTimeOfDay.stream().mapToDouble(Window::rate).max().orElse(0);
        return base + bursts.stream().mapToDouble(Window::rate).sum();
    }

    /** The next arrival after {@code now}, or +∞ when there is none before {@code until}. */
    public double nextAfter(double now, double until, SplittableRandom random) {
        double max = maxRate();
        if (max <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double t = now;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) / max;
            if (t >= until) {
                return Double.POSITIVE_INFINITY;
            }
            if (random.nextDouble() * max < rateAt(t)) {
                return t;
            }
        }
    }
}
