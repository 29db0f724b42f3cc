package io.acd.engine;

import io.acd.engine.agent.Agent;
import io.acd.engine.backlog.Backlog;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.router.Router;
import io.acd.engine.routing.RoutingConfig;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.RecipientRef;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Peers made of probes, one per id, created on first use. */
public final class TestPeers implements Peers {

    private final ActorTestKit testKit;
    private final Map<String, TestProbe<Agent.Command>> agents = new ConcurrentHashMap<>();
    private final Map<String, TestProbe<Interaction.Command>> interactions = new ConcurrentHashMap<>();
    private final TestProbe<Router.Command> router;
    private final TestProbe<Backlog.Command> backlogs;

    public TestPeers(ActorTestKit testKit) {
        this.testKit = testKit;
        this.router = testKit.createTestProbe(Router.Command.class);
        this.backlogs = testKit.createTestProbe(Backlog.Command.class);
    }

    public static EngineSettings settings(Duration offerTimeout, Duration wrapUpLimit) {
        return new EngineSettings(offerTimeout, wrapUpLimit, Duration.ofHours(1), Duration.ZERO, Duration.ZERO,
                Duration.ofSeconds(3), "default", 4, RoutingConfig.defaults());
    }

    public TestProbe<Agent.Command> agentProbe(String agentId) {
        return agents.computeIfAbsent(agentId, id -> testKit.createTestProbe(Agent.Command.class));
    }

    public TestProbe<Interaction.Command> interactionProbe(String interactionId) {
        return interactions.computeIfAbsent(interactionId, id -> testKit.createTestProbe(Interaction.Command.class));
    }

    public TestProbe<Router.Command> routerProbe() {
        return router;
    }

    @Override
    public RecipientRef<Agent.Command> agent(String agentId) {
        return agentProbe(agentId).ref();
    }

    @Override
    public RecipientRef<Interaction.Command> interaction(String interactionId) {
        return interactionProbe(interactionId).ref();
    }

    @Override
    public RecipientRef<Router.Command> router(String routingDomain) {
        return router.ref();
    }

    /** Every slice's backlog is this one probe. */
    public TestProbe<Backlog.Command> backlogProbe() {
        return backlogs;
    }

    @Override
    public RecipientRef<Backlog.Command> backlog(String slice) {
        return backlogs.ref();
    }
}
