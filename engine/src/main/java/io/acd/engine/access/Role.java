package io.acd.engine.access;

import java.util.Arrays;
import java.util.Optional;

/** What a key may do; the rights of each are listed in docs/api.md ("Roles"). */
public enum Role {
    /** Tenants, keys, and everything in any tenant. */
    ADMIN,
    /** Its tenant: reads everything, sets queues, agents and their states. */
    SUPERVISOR,
    /** Its tenant: creates interactions, reads them, ends them when the customer leaves. */
    GATEWAY,
    /** Its tenant and its own agent: its profile, its state, its desktop, the interactions it holds. */
    AGENT;

    public String wireName() {
        return name().toLowerCase();
    }

    public static Optional<Role> fromWire(String name) {
        return Arrays.stream(values()).filter(role -> role.wireName().equals(name)).findFirst();
    }
}
