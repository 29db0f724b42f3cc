package io.acd.engine.tenant;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An entity's id within its tenant, and the one Cluster Sharding and the journal know it by. Entities, their
 * events and the API speak of local ids ({@code a1}); only the entity id carries the tenant ({@code acme/a1}),
 * so two tenants' agents {@code a1} are two entities, and nothing addressed in one tenant reaches another.
 *
 * <p>The default tenant's entity ids are the local ids themselves: journals written before tenants existed
 * are the default tenant's, unchanged. A local id never contains {@code /} (the API's ids may not), so the
 * two forms cannot be confused.
 */
public record ScopedId(String tenant, String local) {

    public static final String DEFAULT_TENANT = "default";

    /** Tenant names: lower case, digits and dashes, so that they can be part of tags and entity ids. */
    public static final Pattern TENANT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private static final char SEPARATOR = '/';

    public ScopedId {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(local, "local");
        if (local.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("A local id may not contain '/': " + local);
        }
    }

    public static ScopedId inDefault(String local) {
        return new ScopedId(DEFAULT_TENANT, local);
    }

    /** The entity id {@link #entityId()} made. */
    public static ScopedId of(String entityId) {
        int separator = entityId.indexOf(SEPARATOR);
        return separator < 0 ? inDefault(entityId)
                : new ScopedId(entityId.substring(0, separator), entityId.substring(separator + 1));
    }

    public String entityId() {
        return tenant.equals(DEFAULT_TENANT) ? local : tenant + SEPARATOR + local;
    }

    public boolean isDefaultTenant() {
        return tenant.equals(DEFAULT_TENANT);
    }

    public static boolean isTenantName(String name) {
        return name != null && TENANT_NAME.matcher(name).matches();
    }
}
