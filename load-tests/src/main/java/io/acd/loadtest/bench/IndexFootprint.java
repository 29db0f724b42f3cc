package io.acd.loadtest.bench;

import io.acd.engine.routing.RoutingIndex;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * How much heap the routing index of a large centre holds: the same synthetic centre as the benchmarks,
 * heap in use measured after full collections, before and after building it.
 *
 * <pre>java -Xmx4g -cp load-tests/target/benchmarks.jar io.acd.loadtest.bench.IndexFootprint 50000 500000</pre>
 */
public final class IndexFootprint {

    private IndexFootprint() {
    }

    public static void main(String[] args) {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int waiting = args.length > 1 ? Integer.parseInt(args[1]) : 500_000;
        Domain domain = new Domain();
        long before = usedAfterGc();
        RoutingIndex index = new RoutingIndex(domain.config);
        long start = System.nanoTime();
        for (int i = 0; i < agents; i++) {
            index.putAgent(domain.agent(i, i % 10 != 0));
            if ((i + 1) % 10_000 == 0) {
                System.out.printf("  %,d agents%n", i + 1);
            }
        }
        for (long i = 0; i < waiting; i++) {
            index.putContact(domain.contact(i), Domain.NOW);
            if ((i + 1) % 100_000 == 0) {
                System.out.printf("  %,d contacts%n", i + 1);
            }
        }
        long builtMillis = (System.nanoTime() - start) / 1_000_000;
        long after = usedAfterGc();
        System.out.printf("%s built in %,d ms; heap held: %,d MiB (%,d bytes per waiting contact and agent)%n",
                index, builtMillis, (after - before) >> 20, (after - before) / (agents + waiting));
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
