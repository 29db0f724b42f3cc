package io.acd.loadtest.chaos;

import io.acd.loadtest.failover.LocalCluster;
import io.acd.loadtest.failover.NodeProcess;
import io.acd.loadtest.failover.Poll;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Kills a random node with SIGKILL at an interval and starts it again in place. One node at a time: the next
 * kill waits until the cluster is whole again (every node ready and seeing all the others Up), since two of
 * three nodes lost at once leave no majority, and the Split Brain Resolver would then rightly stop the last one
 * too. The interval counts from the previous kill. A restarted node that does not rejoin (one that formed a
 * cluster of its own, say) stops the kills with the membership each node reported.
 */
final class Killer implements Runnable {

    private final LocalCluster cluster;
    private final Timeline timeline;
    private final Duration first;
    private final Duration every;
    private final Duration readyWithin;
    private final Random random;
    private final Consumer<String> progress;
    private volatile boolean stopped;
    private volatile int kills;

    Killer(LocalCluster cluster, Timeline timeline, Duration first, Duration every, Duration readyWithin, long seed,
           Consumer<String> progress) {
        this.first = first;
        this.cluster = cluster;
        this.timeline = timeline;
        this.every = every;
        this.readyWithin = readyWithin;
        this.random = new Random(seed);
        this.progress = progress;
    }

    /** No more kills; a node being restarted is still waited for. */
    void stop() {
        stopped = true;
    }

    int kills() {
        return kills;
    }

    @Override
    public void run() {
        List<NodeProcess> nodes = cluster.nodes();
        long next = System.nanoTime() + first.toNanos() + every.toNanos();
        try {
            while (!stopped) {
                long due = next;
                Poll.until(Duration.ofNanos(Math.max(0, due - System.nanoTime())), Duration.ofMillis(100),
                        () -> stopped);
                if (stopped) {
                    return;
                }
                if (!Poll.until(readyWithin, Duration.ofMillis(500), cluster::whole)) {
                    throw new IllegalStateException("the cluster was not whole again within " + readyWithin + ": "
                            + cluster.membership());
                }
                int victim = random.nextInt(nodes.size());
                NodeProcess node = nodes.get(victim);
                next = System.nanoTime() + every.toNanos();
                node.kill();
                kills++;
                timeline.fault(System.nanoTime(), "killed", victim);
                progress.accept("killed node " + (victim + 1) + " (" + node.url() + ") with SIGKILL; starting it again");
                node.start();
                if (!Poll.until(readyWithin, Duration.ofMillis(500), cluster::whole)) {
                    throw new IllegalStateException("node " + (victim + 1) + " did not rejoin within " + readyWithin
                            + ": " + cluster.membership());
                }
                timeline.fault(System.nanoTime(), "rejoined", victim);
                progress.accept("node " + (victim + 1) + " rejoined: every node sees " + nodes.size() + " members Up");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            timeline.fault(System.nanoTime(), "killer failed: " + e.getMessage(), -1);
            progress.accept("the killer stopped: " + e);
        }
    }
}
