package io.acd.engine.serialization;

import io.acd.engine.Reply;
import io.acd.engine.access.DesktopTicket;
import io.acd.engine.access.Directory;
import io.acd.engine.agent.Agent;
import io.acd.engine.backlog.Backlog;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.canned.CannedReplies;
import io.acd.engine.customer.Customer;
import io.acd.engine.events.EventLog;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.router.Router;
import io.acd.engine.routing.AgentCandidate;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.Decision;
import io.acd.engine.routing.Match;
import io.acd.engine.routing.QueuePolicy;
import io.acd.engine.routing.SelectionStrategy;
import io.acd.engine.routing.Step;
import io.acd.engine.queue.Queue;
import io.acd.engine.routing.WaitingContact;
import io.acd.persistence.KryoRegistrar;
import io.acd.persistence.KryoRegistry;

/**
 * Every type of the engine that crosses an actor boundary or is stored. Ids are grouped by package:
 * 100s shared values, 200s interaction, 300s agent, 400s router, 500s queue, 600s backlog, 700s directory, 800s transcript, 900s events out, 1100s customers, 1200s canned
 * replies (1000s are the gateway's).
 */
public final class EngineKryoRegistrar implements KryoRegistrar {

    @Override
    public void register(KryoRegistry registry) {
        registry.enumeration(Channel.class, 100);
        registry.record(WaitingContact.class, 101);
        registry.record(AgentCandidate.class, 102);
        registry.record(Match.class, 103);
        registry.record(Decision.class, 104);
        registry.enumeration(SelectionStrategy.class, 105);
        registry.record(QueuePolicy.class, 106);
        registry.record(Step.class, 107);
        registry.record(Reply.Ok.class, 110);
        registry.record(Reply.Rejected.class, 111);
        registry.record(Reply.NotFound.class, 112);
        Interaction.registerTypes(registry);
        Agent.registerTypes(registry);
        Router.registerTypes(registry);
        Queue.registerTypes(registry);
        Backlog.registerTypes(registry);
        Directory.registerTypes(registry);
        DesktopTicket.registerTypes(registry);
        Transcript.registerTypes(registry);
        EventLog.registerTypes(registry);
        Customer.registerTypes(registry);
        CannedReplies.registerTypes(registry);
    }
}
