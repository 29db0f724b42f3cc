package io.acd.gateway.webhook;

import io.acd.persistence.KryoRegistrar;
import io.acd.persistence.KryoRegistry;

/** The gateway's own stored and sent types: ids from 1000 on, webhooks 1000s. */
public final class WebhookKryoRegistrar implements KryoRegistrar {

    @Override
    public void register(KryoRegistry registry) {
        Webhook.registerTypes(registry);
    }
}
