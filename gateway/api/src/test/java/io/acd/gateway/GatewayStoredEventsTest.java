package io.acd.gateway;

import com.typesafe.config.ConfigFactory;
import io.acd.gateway.channel.ChannelSettings;
import io.acd.gateway.outbound.Outbox;
import io.acd.gateway.webhook.Webhook;
import io.acd.persistence.KryoCodec;
import io.acd.persistence.KryoSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's stored events and snapshots (webhooks, outboxes) read back from the bytes an earlier build wrote
 * (as the engine's StoredEventsTest does for its own). A new stored type: run
 * {@code mvn -pl gateway/api test -Dtest=GatewayStoredEventsTest -Dacd.fixtures.write=true} once, commit the file.
 */
class GatewayStoredEventsTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/events");
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00.123456Z");
    private static final Webhook.Attempt FAILED = new Webhook.Attempt(41, "interaction:i-1:1", 1, 503,
            "answered 503", AT, false);

    private final KryoCodec codec = new KryoCodec(KryoSerializer.registrars(ConfigFactory.load()));

    static Map<String, Object> samples() {
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("webhook-created", new Webhook.Created("https://crm.example.com/acd", List.of("interaction.*"),
                "a-shared-secret-of-the-crm", 40, AT));
        samples.put("webhook-attempted", new Webhook.Attempted(FAILED));
        samples.put("webhook-deleted", new Webhook.Deleted(AT));
        samples.put("webhook-snapshot", new Webhook.Subscription("wh-0123456789abcdef", "https://crm.example.com/acd",
                List.of("interaction.*", "agent.state_changed"), "a-shared-secret-of-the-crm", AT, 40,
                List.of(FAILED), false));
        Outbox.Pending pending = new Outbox.Pending("i-1", "m-1", "Dzień dobry, już sprawdzam.", "tel:+48600111222",
                "sms:+48500100200", "sms", AT, 77);
        samples.put("outbox-queued", new Outbox.Queued(pending));
        samples.put("outbox-read", new Outbox.Read(120));
        samples.put("outbox-sent", new Outbox.Sent("m-1", null, 2, AT));
        samples.put("outbox-failed", new Outbox.Failed("m-2", "Kannel answered 403: Authorization failed", 1, AT));
        samples.put("outbox-snapshot", new Outbox.State(120, Map.of("m-1", pending), 5, 1));
        String sms = "{\"numbers\":{\"+48500100500\":{\"queue\":\"sms\"}},\"secret\":\"acme-kannel-secret-0002\"}";
        samples.put("channel-settings-put", new ChannelSettings.SettingsPut("acme", "sms", sms, AT));
        samples.put("channel-settings-removed", new ChannelSettings.SettingsRemoved("acme", "sms", AT));
        samples.put("channel-settings-snapshot", new ChannelSettings.State(7, Map.of("acme|sms", sms)));
        return samples;
    }

    @Test
    void everyCommittedFixtureStillReadsAsItsValue() throws Exception {
        if (Boolean.getBoolean("acd.fixtures.write")) {
            Files.createDirectories(FIXTURES);
            for (Map.Entry<String, Object> sample : samples().entrySet()) {
                Path file = FIXTURES.resolve(sample.getKey() + ".bin");
                if (!Files.exists(file)) {
                    Files.write(file, codec.toBinary(sample.getValue()));
                    Files.writeString(FIXTURES.resolve(sample.getKey() + ".manifest"), codec.manifest(sample.getValue()));
                }
            }
        }
        for (Map.Entry<String, Object> sample : samples().entrySet()) {
            byte[] bytes = Files.readAllBytes(FIXTURES.resolve(sample.getKey() + ".bin"));
            String manifest = Files.readString(FIXTURES.resolve(sample.getKey() + ".manifest")).trim();
            assertEquals(sample.getValue(), codec.fromBinary(bytes, manifest), sample.getKey());
        }
    }

    @Test
    void everyEventTypeHasAFixture() {
        List<Class<?>> covered = samples().values().stream().<Class<?>>map(Object::getClass).toList();
        for (Class<?> events : List.of(Webhook.Event.class, Outbox.Event.class, ChannelSettings.Event.class)) {
            for (Class<?> type : events.getPermittedSubclasses()) {
                assertTrue(covered.contains(type), type.getName() + " has no stored-bytes fixture");
            }
        }
        for (Class<?> commands : List.of(Webhook.Command.class, Outbox.Command.class,
                ChannelSettings.Command.class)) {
            for (Class<?> type : commands.getPermittedSubclasses()) {
                assertTrue(codec.isRegistered(type), type.getName() + " is not registered with Kryo");
            }
        }
    }
}
