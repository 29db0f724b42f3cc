package io.acd.engine.agent;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum AgentStatus {
    LOGGED_OUT, AVAILABLE, NOT_READY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AgentStatus> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
