package io.acd.gateway;

import io.acd.engine.agent.Agent;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Keeps one desktop socket attached to its agent wherever the agent's entity runs. The entity lives on one node
 * and keeps its desktops in memory only, so when it starts again elsewhere (its node died, or a rolling restart
 * handed its shard over) it knows no desktop, and a socket left on a surviving node would stay silent. The
 * session stands between the two: it attaches, watches the entity that answers, and attaches again when that
 * entity is gone or when no entity answered in time. The agent then pushes its state and pending offers again,
 * as it does on connect. The session ends with its socket.
 */
final class DesktopSession {

    private DesktopSession() {
    }

    /** The session's own timer; the rest of what it receives is the agent's pushes. */
    private record AttachTimedOut() {
    }

    /**
     * @param socket       the socket's push source: every push but {@link Agent.DesktopAttached} goes on to it
     * @param attach       sends {@link Agent.AttachDesktop} with the session as the desktop, through sharding
     * @param answerWithin how long an attach may go unanswered before it is sent again
     */
    static Behavior<Object> create(ActorRef<Agent.DesktopEvent> socket,
                                   Consumer<ActorRef<Agent.DesktopEvent>> attach, Duration answerWithin) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.watch(socket);
            ActorRef<Agent.DesktopEvent> self = context.getSelf().narrow();
            Runnable attachNow = () -> {
                attach.accept(self);
                timers.startSingleTimer(AttachTimedOut.class, new AttachTimedOut(), answerWithin);
            };
            attachNow.run();
            ActorRef<?>[] watched = {null};
            return Behaviors.receive(Object.class)
                    .onMessage(Agent.DesktopAttached.class, attached -> {
                        timers.cancel(AttachTimedOut.class);
                        if (!attached.agent().equals(watched[0])) {
                            if (watched[0] != null) {
                                context.unwatch(watched[0]);
                            }
                            watched[0] = attached.agent();
                            context.watch(attached.agent());
                        }
                        return Behaviors.same();
                    })
                    .onMessage(AttachTimedOut.class, timedOut -> {
                        attachNow.run();
                        return Behaviors.same();
                    })
                    .onMessage(Agent.DesktopEvent.class, push -> {
                        socket.tell(push);
                        return Behaviors.same();
                    })
                    .onSignal(Terminated.class, terminated -> {
                        if (terminated.getRef().equals(socket)) {
                            return Behaviors.stopped();
                        }
                        if (terminated.getRef().equals(watched[0])) {
                            watched[0] = null;
                            attachNow.run();
                        }
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
