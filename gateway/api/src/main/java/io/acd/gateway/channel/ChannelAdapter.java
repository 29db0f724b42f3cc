package io.acd.gateway.channel;

import io.acd.engine.routing.Channel;
import io.acd.gateway.outbound.Sender;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Optional;

/**
 * One channel's adapter on a node: it turns its protocol into engine-client commands and delivers what agents
 * send back through it. An adapter is a module of its own under {@code gateway/}, found on the launcher's
 * classpath by its {@link ChannelAdapterProvider}, and nothing of it is on the engine's.
 */
public interface ChannelAdapter {

    /**
     * What it serves on the node's HTTP port, beside {@code /v1}: pages, sockets, a provider's callbacks.
     * These routes do not take API keys; each authenticates its callers by the channel's own means (a
     * customer's session token, a provider's signature or shared secret).
     */
    Route routes();

    /**
     * How agents' messages leave through a provider: the channel's outbox (one per tenant) hands each to this
     * sender. Empty for an adapter that delivers them itself, to a customer who is there (the web chat's socket).
     */
    default Optional<Outlet> outlet() {
        return Optional.empty();
    }

    /**
     * Checks a tenant's settings of this channel, put over the API, before they are stored: empty when the
     * adapter takes them, else why not (a setting missing or malformed, a number another tenant has).
     */
    default Optional<String> check(String tenant, com.typesafe.config.Config settings) {
        return Optional.of("This channel is set in the node's configuration only");
    }

    /**
     * The tenants' settings of this channel as put over the API, each time any change (the default tenant's from
     * the node's configuration are not among them, but a tenant may put them here too).
     */
    default void configure(java.util.Map<String, com.typesafe.config.Config> byTenant) {
    }

    /** Stops what it runs beside the HTTP port (a listener of its own); the node is stopping. */
    default void stop() {
    }

    /**
     * @param tenants the tenants the node's configuration turns the channel on for, whose outboxes the node
     *                wakes at start; those configured over the API are woken as their settings arrive
     */
    record Outlet(Channel channel, Sender sender, java.util.List<String> tenants) {
    }
}
