package io.acd.engine.interaction;

import java.util.Locale;

public enum InteractionStatus {
    QUEUED, OFFERED, CONNECTED, WRAP_UP, COMPLETED, ABANDONED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETED || this == ABANDONED;
    }
}
