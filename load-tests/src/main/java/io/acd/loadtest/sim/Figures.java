package io.acd.loadtest.sim;

/**
 * What a run measured of some contacts (one queue, one interval, or all of them), in scenario seconds. Both
 * the virtual and the engine mode report these, with the same definitions.
 *
 * @param offered      contacts that arrived
 * @param answered     contacts an agent took
 * @param abandoned    contacts whose customer gave up (and those still waiting when the run ended)
 * @param completed    contacts whose talk and wrap-up are over
 * @param pWait        share of offered contacts that waited for an agent
 * @param asa          average wait of the answered ones
 * @param serviceLevel answered within the threshold over offered
 * @param pAbandon     abandoned over offered
 * @param aht          average handle time of the completed ones, talk plus wrap-up
 */
public record Figures(long offered, long answered, long abandoned, long completed, double pWait, double asa,
                      double serviceLevel, double pAbandon, double aht) {

    /** The shares and averages from counts and sums; an empty set gives zeros rather than NaN. */
    public static Figures of(long offered, long answered, long abandoned, long completed, long waited,
                             long answeredWithin, double waitSum, double handleSum) {
        double d = Math.max(1, offered);
        return new Figures(offered, answered, abandoned, completed, waited / d,
                answered == 0 ? 0 : waitSum / answered, answeredWithin / d, abandoned / d,
                completed == 0 ? 0 : handleSum / completed);
    }
}
