package io.acd.loadtest.bench;

import java.util.Arrays;

/**
 * What one read costs when it depends on the read before it and its address is random: a walk along a
 * random cycle through arrays of several sizes. It is the price of each step of a lookup (a table's slot,
 * then the entry it names) once a structure no longer fits in the caches, and so the floor under what the
 * routing index can cost per agent at 100,000 agents compared with 1,000.
 *
 * <pre>java -cp load-tests/target/benchmarks.jar io.acd.loadtest.bench.MemoryLatency 256 16384 262144</pre>
 *
 * Arguments: array sizes in KiB (default 256 KiB, 16 MiB, 256 MiB). Prints the median of five walks per size.
 */
public final class MemoryLatency {

    private static final int STEPS = 10_000_000;
    private static final int WALKS = 5;

    private MemoryLatency() {
    }

    public static void main(String[] args) {
        int[] sizesKib = args.length == 0 ? new int[] {256, 16 * 1024, 256 * 1024}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        for (int kib : sizesKib) {
            int[] next = cycle(kib * 256);
            double[] nanos = new double[WALKS];
            int at = 0;
            for (int walk = 0; walk < WALKS; walk++) {
                long start = System.nanoTime();
                for (int step = 0; step < STEPS; step++) {
                    at = next[at];
                }
                nanos[walk] = (System.nanoTime() - start) / (double) STEPS;
            }
            Arrays.sort(nanos);
            // Printing where the walk ended keeps the compiler from dropping it.
            System.out.printf("%,9d KiB: %6.1f ns per dependent read (median of %d walks; ended at %d)%n",
                    kib, nanos[WALKS / 2], WALKS, at);
        }
    }

    /** A single cycle through all {@code n} slots in random order, so that every read's address is unforeseeable. */
    private static int[] cycle(int n) {
        int[] order = Domain.shuffled(n, 1);
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            next[order[i]] = order[(i + 1) % n];
        }
        return next;
    }
}
