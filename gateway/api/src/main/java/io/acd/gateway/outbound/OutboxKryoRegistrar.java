package io.acd.gateway.outbound;

import io.acd.persistence.KryoRegistrar;
import io.acd.persistence.KryoRegistry;

/** The outboxes' stored and sent types (ids 1050 to 1099), and the tenants' channel settings' (1300s). */
public final class OutboxKryoRegistrar implements KryoRegistrar {

    @Override
    public void register(KryoRegistry registry) {
        Outbox.registerTypes(registry);
        io.acd.gateway.channel.ChannelSettings.registerTypes(registry);
    }
}
