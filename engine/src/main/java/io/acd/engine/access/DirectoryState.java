package io.acd.engine.access;

import io.acd.engine.access.Directory.AuthenticationFailed;
import io.acd.engine.access.Directory.Event;
import io.acd.engine.access.Directory.KeyCreated;
import io.acd.engine.access.Directory.KeyRecord;
import io.acd.engine.access.Directory.KeyRevoked;
import io.acd.engine.access.Directory.TenantCreated;
import io.acd.engine.tenant.ScopedId;
import io.acd.persistence.KryoMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the directory holds: the tenants, every key ever created (revoked ones too, so that a revoked key is
 * never registered again) and the latest security events. Admin changes are rare, so each event copies it.
 *
 * @param version grows with every change of tenants or keys: a node's copy is current when it has this version
 * @param recent  the latest {@link #RECENT} security events, oldest first; the journal keeps all of them
 */
public record DirectoryState(long version, Set<String> tenants, Map<String, KeyRecord> keys, List<Event> recent)
        implements KryoMessage {

    static final int RECENT = 1000;

    static DirectoryState empty() {
        return new DirectoryState(0, Set.of(ScopedId.DEFAULT_TENANT), Map.of(), List.of());
    }

    public boolean hasTenant(String tenant) {
        return tenants.contains(tenant);
    }

    public Optional<KeyRecord> keyWithHash(String hash) {
        return keys.values().stream().filter(key -> key.hash().equals(hash)).findFirst();
    }

    DirectoryState apply(Event event) {
        List<Event> log = new ArrayList<>(recent);
        log.add(event);
        if (log.size() > RECENT) {
            log = log.subList(log.size() - RECENT, log.size());
        }
        log = List.copyOf(log);
        if (event instanceof TenantCreated created) {
            Set<String> more = new TreeSet<>(tenants);
            more.add(created.tenant());
            return new DirectoryState(version + 1, Set.copyOf(more), keys, log);
        } else if (event instanceof KeyCreated created) {
            Map<String, KeyRecord> more = new LinkedHashMap<>(keys);
            more.put(created.key().keyId(), created.key());
            return new DirectoryState(version + 1, tenants, Map.copyOf(more), log);
        } else if (event instanceof KeyRevoked revoked) {
            Map<String, KeyRecord> changed = new LinkedHashMap<>(keys);
            KeyRecord key = changed.get(revoked.keyId());
            changed.put(key.keyId(), new KeyRecord(key.keyId(), key.hash(), key.role(), key.tenant(), key.agentId(),
                    key.name(), key.createdAt(), revoked.at()));
            return new DirectoryState(version + 1, tenants, Map.copyOf(changed), log);
        } else if (event instanceof AuthenticationFailed) {
            return new DirectoryState(version, tenants, keys, log);
        }
        throw new IllegalArgumentException("Unknown directory event " + event);
    }

    Directory.View view() {
        return new Directory.View(version, tenants, keys.values().stream().filter(KeyRecord::isActive).toList());
    }
}
