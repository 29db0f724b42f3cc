package io.acd.engine.routing;

/** The pair the router reserves next. */
public record Match(WaitingContact contact, AgentCandidate agent) {
}
