package io.acd.loadtest.sim;

/** Counts and sums for {@link Figures}, filled in one contact event at a time. */
public final class Tally {

    private final double slThresholdSeconds;
    private long offered;
    private long answered;
    private long abandoned;
    private long completed;
    private long waited;
    private long answeredWithin;
    private double waitSum;
    private double handleSum;

    public Tally(double slThresholdSeconds) {
        this.slThresholdSeconds = slThresholdSeconds;
    }

    public void offered() {
        offered++;
    }

    public void waited() {
        waited++;
    }

    public void answered(double waitSeconds) {
        answered++;
        waitSum += waitSeconds;
        if (waitSeconds <= slThresholdSeconds) {
            answeredWithin++;
        }
    }

    public void abandoned() {
        abandoned++;
    }

    public void completed(double handleSeconds) {
        completed++;
        handleSum += handleSeconds;
    }

    public void add(Tally other) {
        offered += other.offered;
        answered += other.answered;
        abandoned += other.abandoned;
        completed += other.completed;
        waited += other.waited;
        answeredWithin += other.answeredWithin;
        waitSum += other.waitSum;
        handleSum += other.handleSum;
    }

    public Figures figures() {
        return Figures.of(offered, answered, abandoned, completed, waited, answeredWithin, waitSum, handleSum);
    }
}
