package io.acd.gateway.auth;

import io.acd.engine.access.AccessView;
import io.acd.engine.access.ApiKeys;
import io.acd.engine.access.Directory.KeyRecord;
import io.acd.engine.access.Role;
import io.acd.engine.tenant.ScopedId;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Turns a request's {@code Authorization} and {@code Acd-Tenant} headers into a {@link Caller}, or says why
 * not, as API.md's "Authentication and tenants" lists: 401 for no key or one this cluster does not know (or
 * revoked), 404 for a tenant that does not exist, 403 for a key used outside its tenant, 429 over the rate.
 */
public final class Authenticator {

    /** Either a caller or a refusal. */
    public record Outcome(Caller caller, Refusal refusal) {

        static Outcome of(Caller caller) {
            return new Outcome(caller, null);
        }

        static Outcome refused(Refusal refusal) {
            return new Outcome(null, refusal);
        }
    }

    private static final String BEARER = "bearer ";

    private final AccessView access;
    private final RateLimiter rates;
    private final FailedAuthentications failures;

    public Authenticator(AccessView access, RateLimiter rates, FailedAuthentications failures) {
        this.access = access;
        this.rates = rates;
        this.failures = failures;
    }

    public CompletionStage<Outcome> authenticate(Optional<String> authorization, Optional<String> tenant,
                                                 String source) {
        Optional<String> key = bearer(authorization);
        if (key.isEmpty()) {
            failures.failed(source);
            return done(Refusal.unauthorized(authorization.isEmpty()
                    ? "Send the key as Authorization: Bearer <key>"
                    : "The Authorization header must be Bearer <key>"));
        }
        if (!ApiKeys.isWellFormed(key.get())) {
            failures.failed(source);
            return done(Refusal.unauthorized("That is not a key of this engine"));
        }
        return access.key(ApiKeys.hash(key.get())).thenCompose(found -> {
            if (found.isEmpty()) {
                failures.failed(source);
                return done(Refusal.unauthorized("Unknown or revoked key"));
            }
            long retryAfter = rates.take(found.get().keyId());
            if (retryAfter > 0) {
                return done(new Refusal(429, "rate_limited",
                        "Too many requests with this key; retry after " + retryAfter + " s", retryAfter));
            }
            return inTenant(found.get(), tenant);
        });
    }

    private CompletionStage<Outcome> inTenant(KeyRecord key, Optional<String> asked) {
        if (key.role() != Role.ADMIN) {
            if (asked.isPresent() && !asked.get().equals(key.tenant())) {
                return done(Refusal.forbidden("A " + key.role().wireName() + " key works in its own tenant, "
                        + key.tenant() + ", only"));
            }
            return CompletableFuture.completedFuture(Outcome.of(
                    new Caller(key.keyId(), key.role(), key.tenant(), key.agentId())));
        }
        String tenant = asked.orElse(ScopedId.DEFAULT_TENANT);
        if (!ScopedId.isTenantName(tenant)) {
            return done(new Refusal(400, "invalid_field", "Acd-Tenant must be a tenant name: lower case letters,"
                    + " digits and dashes, at most 40", 0));
        }
        return access.hasTenant(tenant).thenApply(exists -> exists
                ? Outcome.of(new Caller(key.keyId(), Role.ADMIN, tenant, null))
                : Outcome.refused(new Refusal(404, "not_found", "No tenant " + tenant
                        + "; create it with PUT /v1/tenants/" + tenant, 0)));
    }

    /** A desktop ticket that is malformed, unknown, used or expired: counted as a failed authentication. */
    public Refusal badTicket(String source) {
        failures.failed(source);
        return Refusal.unauthorized("The ticket is unknown, used or expired: ask for a new one with"
                + " POST /v1/agents/{agentId}/desktop-ticket");
    }

    /** The key of an {@code Authorization: Bearer <key>} header; the scheme's case does not matter. */
    static Optional<String> bearer(Optional<String> authorization) {
        return authorization
                .filter(value -> value.length() > BEARER.length()
                        && value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(value -> value.substring(BEARER.length()).trim());
    }

    private static CompletionStage<Outcome> done(Refusal refusal) {
        return CompletableFuture.completedFuture(Outcome.refused(refusal));
    }
}
