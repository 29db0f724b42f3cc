package io.acd.engine;

import com.typesafe.config.Config;
import io.acd.engine.router.RoutingSettings;
import io.acd.engine.routing.RoutingConfig;
import io.acd.engine.tenant.ScopedId;

import java.time.Duration;
import java.util.Set;

/**
 * Every {@code acd} setting the entities and the router use, read in this one place (each is explained in
 * the engine's reference.conf).
 *
 * @param heldCheckInterval how often an agent asks a contact it has been connected to, or wrapping up, for a
 *                          while whether it still holds it
 * @param routingDomain the routing domain of the entities these settings are for: their tenant (one router
 *                      per tenant), so nothing routes across tenants; see {@link #inTenant}
 * @param tagSlices how many tags a routing domain's events are spread over (see {@link #eventTags})
 * @param routing   the routing rules: queues and channel blocks under {@code acd.routing}
 */
public record EngineSettings(Duration offerTimeout, Duration wrapUpLimit, Duration reregisterInterval,
                             Duration heldCheckInterval, Duration routerStartDelay, Duration askTimeout,
                             String routingDomain, int tagSlices, RoutingConfig routing) {

    public EngineSettings {
        if (tagSlices < 1) {
            throw new IllegalArgumentException("acd.events.tag-slices must be at least 1, not " + tagSlices);
        }
    }

    public static EngineSettings from(Config config) {
        Config acd = config.getConfig("acd");
        return new EngineSettings(
                acd.getDuration("interaction.offer-timeout"),
                acd.getDuration("interaction.wrap-up-limit"),
                acd.getDuration("routing.reregister-interval"),
                acd.getDuration("agent.held-check-interval"),
                acd.getDuration("routing.start-delay"),
                acd.getDuration("routing.ask-timeout"),
                ScopedId.DEFAULT_TENANT,
                acd.getInt("events.tag-slices"),
                RoutingSettings.from(config));
    }

    /** The same settings for the entities of {@code tenant}: its routing domain, its event tags. */
    public EngineSettings inTenant(String tenant) {
        if (tenant.equals(routingDomain)) {
            return this;
        }
        return new EngineSettings(offerTimeout, wrapUpLimit, reregisterInterval, heldCheckInterval, routerStartDelay,
                askTimeout, tenant, tagSlices, routing);
    }

    public boolean hasWrapUpLimit() {
        return !wrapUpLimit.isZero();
    }

    /**
     * The tag an entity's events are stored with: its routing domain and one of {@link #tagSlices} slices,
     * {@code default-3}, so that a projection (a read model, events out) reads one domain's events in the order
     * they were written, and several instances of it share the slices. An entity's slice follows from its
     * persistence id and never changes while {@code tagSlices} stays the same.
     */
    public Set<String> eventTags(String persistenceId) {
        return Set.of(eventTag(Math.floorMod(persistenceId.hashCode(), tagSlices)));
    }

    /** The tag of one slice of this domain, for a projection that reads it. */
    public String eventTag(int slice) {
        return routingDomain + "-" + slice;
    }
}
