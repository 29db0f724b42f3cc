package io.acd.engine.routing;

/** The pair the router reserves next; {@code decision} is null unless an explanation was asked for. */
public record Match(WaitingContact contact, AgentCandidate agent, Decision decision) {

    public Match(WaitingContact contact, AgentCandidate agent) {
        this(contact, agent, null);
    }
}
