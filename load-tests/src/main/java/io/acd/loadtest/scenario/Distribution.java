package io.acd.loadtest.scenario;

import java.util.SplittableRandom;

/** A distribution of durations, in seconds. */
public sealed interface Distribution {

    double sample(SplittableRandom random);

    double mean();

    default boolean isNone() {
        return false;
    }

    /** No time at all: no wrap-up, or a customer who never gives up. */
    Distribution NONE = new None();

    record None() implements Distribution {
        @Override
        public double sample(SplittableRandom random) {
            return 0;
        }

        @Override
        public double mean() {
            return 0;
        }

        @Override
        public boolean isNone() {
            return true;
        }
    }

    record Constant(double value) implements Distribution {
        @Override
        public double sample(SplittableRandom random) {
            return value;
        }

        @Override
        public double mean() {
            return value;
        }
    }

    record Exponential(double mean) implements Distribution {
        @Override
        public double sample(SplittableRandom random) {
            return -mean * Math.log(1 - random.nextDouble());
        }
    }

    /**
     * Given by the mean and standard deviation of the durations themselves, as handle-time reports state
     * them; the parameters of the underlying normal follow from those.
     */
    record LogNormal(double mean, double sd) implements Distribution {
        @Override
        public double sample(SplittableRandom random) {
            double sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
            double mu = Math.log(mean) - sigma2 / 2;
            return Math.exp(mu + Math.sqrt(sigma2) * gaussian(random));
        }

        private static double gaussian(SplittableRandom random) {
            // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
            double u = 1 - random.nextDouble();
            double v = random.nextDouble();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
    }
}
