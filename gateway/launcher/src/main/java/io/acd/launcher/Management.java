package io.acd.launcher;

import com.typesafe.config.Config;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;

import java.util.concurrent.TimeUnit;

/**
 * Pekko Management's HTTP endpoint (health, cluster membership) on every node, and Cluster Bootstrap where the
 * node is told to find its cluster through discovery rather than seed nodes.
 */
final class Management {

    private Management() {
    }

    /** Blocks until the endpoint is bound, so that a taken port stops the start with the reason. */
    static void start(ActorSystem<?> system, Config config) throws Exception {
        PekkoManagement.get(system.classicSystem()).start().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (config.getBoolean("acd.cluster.bootstrap")) {
            ClusterBootstrap.get(system.classicSystem()).start();
        }
    }
}
