package io.acd.engine.routing;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The media a contact arrives on; an agent's capacity is counted per channel. */
public enum Channel {
    VOICE, CHAT, SMS, EMAIL, SOCIAL;

    /** The name used on the wire and in configuration. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Channel> fromWire(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
    }
}
