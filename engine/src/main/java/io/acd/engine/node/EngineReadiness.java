package io.acd.engine.node;

import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.javadsl.Adapter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A Pekko Management readiness check ({@code pekko.management.health-checks.readiness-checks}): true once this
 * node's journal is ready and its entities are started, so that a load balancer or an orchestrator sends
 * traffic only to nodes that can serve it. Cluster membership and the journal's reachability are checks of
 * their own beside it.
 */
public final class EngineReadiness implements Supplier<CompletionStage<Boolean>> {

    private final Booted booted;

    /** Pekko Management creates the check with the system it runs in. */
    public EngineReadiness(ActorSystem system) {
        this.booted = Booted.ID.apply(Adapter.toTyped(system));
    }

    @Override
    public CompletionStage<Boolean> get() {
        return CompletableFuture.completedFuture(booted.isBooted());
    }

    /** What the node tells the check: one per actor system. */
    static final class Booted implements Extension {

        static final ExtensionId<Booted> ID = new ExtensionId<>() {
            @Override
            public Booted createExtension(org.apache.pekko.actor.typed.ActorSystem<?> system) {
                return new Booted();
            }
        };

        private volatile boolean booted;

        void markBooted() {
            booted = true;
        }

        boolean isBooted() {
            return booted;
        }
    }
}
