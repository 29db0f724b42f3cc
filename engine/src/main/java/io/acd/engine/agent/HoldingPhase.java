package io.acd.engine.agent;

import java.util.Locale;

/** Where an interaction an agent holds capacity for stands, from the agent's side. */
public enum HoldingPhase {
    /** Capacity set aside by the router; the interaction has not yet recorded the offer. */
    RESERVED,
    OFFERED,
    CONNECTED,
    WRAP_UP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
