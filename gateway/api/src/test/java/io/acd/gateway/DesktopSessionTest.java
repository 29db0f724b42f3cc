package io.acd.gateway;

import io.acd.engine.agent.Agent;
import io.acd.engine.agent.AgentStatus;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A desktop keeps receiving its agent's pushes when the agent's entity starts again somewhere else. */
class DesktopSessionTest {

    private static final ActorTestKit kit = ActorTestKit.create();

    @AfterAll
    static void shutDown() {
        kit.shutdownTestKit();
    }

    /** Stands for the agent's entity: stops when told anything. */
    private static Behavior<Agent.Command> entity() {
        return Behaviors.receive((ctx, msg) -> Behaviors.stopped());
    }

    private record Session(ActorRef<Object> session, TestProbe<Agent.DesktopEvent> socket,
                           TestProbe<ActorRef<Agent.DesktopEvent>> attaches) {
    }

    private static Session start(Duration answerWithin) {
        TestProbe<Agent.DesktopEvent> socket = kit.createTestProbe();
        TestProbe<ActorRef<Agent.DesktopEvent>> attaches = kit.createTestProbe();
        ActorRef<Object> session = kit.spawn(DesktopSession.create(socket.ref(), attaches.ref()::tell, answerWithin));
        return new Session(session, socket, attaches);
    }

    @Test
    void pushesReachTheSocketButTheAttachedNoticeDoesNot() {
        Session s = start(Duration.ofSeconds(30));
        ActorRef<Agent.DesktopEvent> desktop = s.attaches().receiveMessage();
        ActorRef<Agent.Command> agent = kit.spawn(entity());
        desktop.tell(new Agent.DesktopAttached(agent));
        desktop.tell(new Agent.StatusPushed("ala", AgentStatus.AVAILABLE, null));

        assertEquals(new Agent.StatusPushed("ala", AgentStatus.AVAILABLE, null), s.socket().receiveMessage());
        s.socket().expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void attachesAgainWhenTheEntityItWatchesIsGone() {
        Session s = start(Duration.ofSeconds(30));
        ActorRef<Agent.DesktopEvent> desktop = s.attaches().receiveMessage();
        ActorRef<Agent.Command> first = kit.spawn(entity());
        desktop.tell(new Agent.DesktopAttached(first));
        s.attaches().expectNoMessage(Duration.ofMillis(200));

        first.tell(new Agent.Get(kit.system().ignoreRef()));

        assertEquals(desktop, s.attaches().receiveMessage(Duration.ofSeconds(5)));
        // The successor answers; the session is attached to it and forwards its pushes.
        desktop.tell(new Agent.DesktopAttached(kit.spawn(entity())));
        desktop.tell(new Agent.StatusPushed("ala", AgentStatus.NOT_READY, "break"));
        assertEquals(AgentStatus.NOT_READY, ((Agent.StatusPushed) s.socket().receiveMessage()).status());
        s.attaches().expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void attachesAgainUntilAnEntityAnswers() {
        TestProbe<Agent.DesktopEvent> socket = kit.createTestProbe();
        AtomicInteger attaches = new AtomicInteger();
        AtomicReference<ActorRef<Agent.DesktopEvent>> desktop = new AtomicReference<>();
        kit.spawn(DesktopSession.create(socket.ref(), ref -> {
            desktop.set(ref);
            attaches.incrementAndGet();
        }, Duration.ofMillis(200)));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> attaches.get() >= 3);
        desktop.get().tell(new Agent.DesktopAttached(kit.spawn(entity())));
        // Once a push sent after the answer arrives, the answer was handled: no attach follows it.
        desktop.get().tell(new Agent.StatusPushed("ala", AgentStatus.AVAILABLE, null));
        socket.receiveMessage();
        int answeredAfter = attaches.get();
        socket.expectNoMessage(Duration.ofMillis(800));
        assertEquals(answeredAfter, attaches.get());
    }

    @Test
    void endsWithItsSocket() {
        TestProbe<ActorRef<Agent.DesktopEvent>> attaches = kit.createTestProbe();
        ActorRef<Agent.DesktopEvent> socket = kit.spawn(Behaviors.<Agent.DesktopEvent>receive((ctx, m) -> Behaviors.stopped()));
        ActorRef<Object> session = kit.spawn(DesktopSession.create(socket, attaches.ref()::tell, Duration.ofSeconds(30)));
        TestProbe<Object> watcher = kit.createTestProbe();

        socket.tell(new Agent.StatusPushed("ala", AgentStatus.AVAILABLE, null));

        watcher.expectTerminated(session, Duration.ofSeconds(5));
    }
}
