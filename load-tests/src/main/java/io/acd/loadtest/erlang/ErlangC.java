package io.acd.loadtest.erlang;

/**
 * Erlang C: the M/M/c queue (Poisson arrivals, exponential handle times, c agents, nobody abandons), the
 * yardstick a simulator is checked against and what staffing plans are made with.
 *
 * @param arrivalsPerSecond λ
 * @param ahtSeconds        average handle time, 1/μ
 * @param agents            c
 */
public record ErlangC(double arrivalsPerSecond, double ahtSeconds, int agents) {

    public ErlangC {
        if (!(arrivalsPerSecond > 0) || !(ahtSeconds > 0) || agents < 1) {
            throw new IllegalArgumentException("Need a positive arrival rate and handle time and at least one agent");
        }
    }

    /** Offered load in Erlangs, A = λ × AHT. */
    public double load() {
        return arrivalsPerSecond * ahtSeconds;
    }

    public boolean stable() {
        return load() < agents;
    }

    /**
     * Probability that an arrival has to wait. Computed through Erlang B's recursion, which stays
     * accurate for hundreds of agents where the textbook factorials overflow.
     */
    public double pWait() {
        if (!stable()) {
            return 1;
        }
        double a = load();
        double b = 1;
        for (int k = 1; k <= agents; k++) {
            b = a * b / (k + a * b);
        }
        return agents * b / (agents - a + a * b);
    }

    /** Average speed of answer (mean wait over all arrivals), seconds. */
    public double asa() {
        if (!stable()) {
            return Double.POSITIVE_INFINITY;
        }
        return pWait() * ahtSeconds / (agents - load());
    }

    /** Share of arrivals answered within {@code seconds}. */
    public double serviceLevel(double seconds) {
        if (!stable()) {
            return 0;
        }
        return 1 - pWait() * Math.exp(-(agents - load()) * seconds / ahtSeconds);
    }

    /** Share of agent time spent handling contacts. */
    public double occupancy() {
        return Math.min(1, load() / agents);
    }
}
