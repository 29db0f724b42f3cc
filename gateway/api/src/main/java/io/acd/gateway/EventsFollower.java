package io.acd.gateway;

import io.acd.engine.client.EngineClient;
import io.acd.engine.events.EventLog;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.typed.javadsl.ActorSink;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An entity that reads a tenant's events out one at a time (a webhook, a channel's outbox): the stream from a
 * position into the entity, each event waiting for the entity's acknowledgement, stopped with the switch it
 * answers. The entity restarts it from the position it stored when the stream ends or fails.
 */
public final class EventsFollower {

    private EventsFollower() {
    }

    /**
     * @param arrived an event and whom to acknowledge it to, as the entity's command
     * @param started the stream's start and whom to acknowledge that to
     * @param ended   the command for the stream's end, or its failure (null for an end without one)
     */
    public static <C, A> UniqueKillSwitch follow(EngineClient engine, long after, ActorContext<C> context,
                                                 BiFunction<ActorRef<A>, EventLog.Positioned, C> arrived,
                                                 Function<ActorRef<A>, C> started, A ack,
                                                 Function<Throwable, C> ended) {
        return engine.eventsAfter(after)
                .viaMat(KillSwitches.single(), Keep.right())
                .toMat(ActorSink.<EventLog.Positioned, C, A>actorRefWithBackpressure(context.getSelf(),
                        arrived::apply, started::apply, ack, ended.apply(null), ended::apply), Keep.left())
                .run(context.getSystem());
    }
}
