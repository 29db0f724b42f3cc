package io.acd.gateway;

import io.acd.engine.access.Role;
import io.acd.engine.client.EngineClient;
import io.acd.engine.events.EventLog;
import io.acd.engine.events.OutEvent;
import io.acd.gateway.auth.Caller;
import io.acd.gateway.auth.Refusal;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code GET /v1/events}: the caller's tenant's events out as Server-Sent Events, each with its position as
 * the event id. A client that reconnects with {@code Last-Event-ID} (browsers do it by themselves) gets every
 * event after that position, in order, and none twice; without it the stream starts now.
 */
final class EventRoutes extends AllDirectives {

    /** A comment line this often keeps proxies and load balancers from closing a quiet stream. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    Route routes(Caller caller, EngineClient engine) {
        return path("events", () -> get(() -> {
            if (!caller.is(Role.ADMIN, Role.SUPERVISOR, Role.GATEWAY)) {
                return complete(HttpApi.refusal(Refusal.forbidden("Admin, supervisor and gateway keys read the"
                        + " events")));
            }
            return optionalHeaderValueByName("Last-Event-ID", lastEventId -> parameterOptional("after", after ->
                    parameterOptional("types", types -> {
                        List<String> patterns = types.map(t -> Arrays.asList(t.split(","))).orElse(List.of("*"));
                        Optional<String> from = lastEventId.isPresent() ? lastEventId : after;
                        if (from.isPresent()) {
                            return stream(engine, position(from.get()), patterns);
                        }
                        return onSuccess(engine.eventPosition(), now -> stream(engine, now, patterns));
                    })));
        }));
    }

    private Route stream(EngineClient engine, long after, List<String> patterns) {
        Source<ServerSentEvent, NotUsed> events = engine.eventsAfter(after)
                .filter(positioned -> matches(patterns, positioned.event()))
                .map(EventRoutes::sse)
                .keepAlive(KEEP_ALIVE, ServerSentEvent::heartbeat);
        return completeOK(events, EventStreamMarshalling.toEventStream());
    }

    private static ServerSentEvent sse(EventLog.Positioned positioned) {
        return ServerSentEvent.create(positioned.event().data(), Optional.of(positioned.event().type()),
                Optional.of(Long.toString(positioned.position())), OptionalInt.empty());
    }

    private static boolean matches(List<String> patterns, OutEvent event) {
        return patterns.stream().anyMatch(p -> OutEvent.matches(p.strip(), event.type()));
    }

    private static long position(String text) {
        try {
            long position = Long.parseLong(text.strip());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequest("invalid_field", "Last-Event-ID (or after) is a position: a number from an event's id");
    }
}
