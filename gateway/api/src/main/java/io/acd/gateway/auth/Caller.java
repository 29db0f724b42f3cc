package io.acd.gateway.auth;

import io.acd.engine.access.Role;

import java.util.Arrays;

/**
 * Who sent a request, as its key says: a role in a tenant (for an admin, the tenant it chose with
 * {@code Acd-Tenant}) and, for an agent key, the one agent it speaks for.
 */
public record Caller(String keyId, Role role, String tenant, String agentId) {

    public boolean is(Role... roles) {
        return Arrays.asList(roles).contains(role);
    }

    /** True for the agent key of {@code agentId}. */
    public boolean isAgent(String agentId) {
        return role == Role.AGENT && this.agentId != null && this.agentId.equals(agentId);
    }
}
