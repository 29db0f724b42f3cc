package io.acd.engine.access;

import io.acd.engine.EngineTestKit;
import io.acd.engine.Reply;
import io.acd.engine.access.Directory.KeyRecord;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryTest {

    private static final ActorTestKit testKit = ActorTestKit.create(EngineTestKit.config());

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private final EventSourcedBehaviorTestKit<Directory.Command, Directory.Event, DirectoryState> kit =
            EventSourcedBehaviorTestKit.create(testKit.system(), DirectoryEntity.create(Clock.systemUTC()));

    private Reply<KeyRecord> create(String key, Role role, String tenant, String agentId) {
        return kit.<Reply<KeyRecord>>runCommand(r -> new Directory.CreateKey(ApiKeys.hash(key), role, tenant, agentId,
                "test", r)).reply();
    }

    @Test
    void aKeyNeedsItsTenantAndIsStoredAsAHashOnly() {
        String key = ApiKeys.generate();
        Reply<KeyRecord> refused = create(key, Role.GATEWAY, "acme", null);
        assertEquals(Directory.Refusal.UNKNOWN_TENANT, assertInstanceOf(Reply.Rejected.class, refused).reason());

        assertTrue(assertInstanceOf(Reply.Ok.class,
                kit.<Reply<String>>runCommand(r -> new Directory.PutTenant("acme", r)).reply()).created());
        assertFalse(assertInstanceOf(Reply.Ok.class,
                kit.<Reply<String>>runCommand(r -> new Directory.PutTenant("acme", r)).reply()).created());
        KeyRecord created = (KeyRecord) assertInstanceOf(Reply.Ok.class, create(key, Role.GATEWAY, "acme", null)).value();
        assertEquals(ApiKeys.hash(key), created.hash());
        assertEquals(ApiKeys.keyId(ApiKeys.hash(key)), created.keyId());
        assertFalse(kit.getState().toString().contains(key), "the key itself is stored nowhere");
        assertEquals(Directory.Refusal.KEY_EXISTS,
                assertInstanceOf(Reply.Rejected.class, create(key, Role.AGENT, "acme", "a1")).reason());
    }

    @Test
    void theAdminKeyIsRegisteredOnceAndARevokedOneStaysRevoked() {
        String hash = ApiKeys.hash(ApiKeys.generate());
        var first = kit.<Reply<KeyRecord>>runCommand(r -> new Directory.EnsureKey(hash, Role.ADMIN, "default", "f", r));
        assertEquals(1, first.events().size());
        var again = kit.<Reply<KeyRecord>>runCommand(r -> new Directory.EnsureKey(hash, Role.ADMIN, "default", "f", r));
        assertEquals(0, again.events().size(), "a second node with the same file registers nothing");

        String keyId = ApiKeys.keyId(hash);
        var revoked = kit.<Reply<KeyRecord>>runCommand(r -> new Directory.RevokeKey(keyId, r));
        assertFalse(((KeyRecord) assertInstanceOf(Reply.Ok.class, revoked.reply()).value()).isActive());
        var afterRevoke = kit.<Reply<KeyRecord>>runCommand(r -> new Directory.EnsureKey(hash, Role.ADMIN, "default",
                "f", r));
        assertEquals(Directory.Refusal.KEY_REVOKED, assertInstanceOf(Reply.Rejected.class, afterRevoke.reply()).reason());
        assertInstanceOf(Reply.NotFound.class,
                kit.<Reply<KeyRecord>>runCommand(r -> new Directory.RevokeKey("key-nothing", r)).reply());
    }

    @Test
    void aNodesCopyIsSentOnlyWhenItChangedAndHoldsActiveKeysOnly() {
        kit.<Reply<String>>runCommand(r -> new Directory.PutTenant("acme", r));
        String kept = ApiKeys.generate();
        String dropped = ApiKeys.generate();
        create(kept, Role.SUPERVISOR, "acme", null);
        create(dropped, Role.SUPERVISOR, "acme", null);
        kit.<Reply<KeyRecord>>runCommand(r -> new Directory.RevokeKey(ApiKeys.keyId(ApiKeys.hash(dropped)), r));

        Directory.View view = (Directory.View) kit.<Directory.ViewReply>runCommand(r -> new Directory.GetView(-1, r))
                .reply();
        assertEquals(List.of(ApiKeys.hash(kept)), view.activeKeys().stream().map(KeyRecord::hash).toList());
        assertTrue(view.tenants().containsAll(List.of("default", "acme")));
        assertInstanceOf(Directory.Unchanged.class,
                kit.<Directory.ViewReply>runCommand(r -> new Directory.GetView(view.version(), r)).reply());

        kit.restart();
        assertEquals(view, kit.<Directory.ViewReply>runCommand(r -> new Directory.GetView(-1, r)).reply(),
                "the same directory after a restart");
    }
}
