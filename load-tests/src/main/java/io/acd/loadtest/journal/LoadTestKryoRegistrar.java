package io.acd.loadtest.journal;

import io.acd.persistence.KryoRegistrar;
import io.acd.persistence.KryoRegistry;

/** The load-test drivers' types: ids in the 9000s, apart from the engine's and the gateway's. */
public final class LoadTestKryoRegistrar implements KryoRegistrar {

    @Override
    public void register(KryoRegistry registry) {
        JournalProbe.registerTypes(registry);
    }
}
