package io.acd.engine.serialization;

import com.typesafe.config.ConfigFactory;
import io.acd.engine.access.Directory;
import io.acd.engine.access.DirectoryState;
import io.acd.engine.access.Role;
import io.acd.engine.agent.Agent;
import io.acd.engine.agent.AgentState;
import io.acd.engine.agent.AgentStatus;
import io.acd.engine.agent.HoldingPhase;
import io.acd.engine.backlog.Backlog;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.canned.CannedReplies;
import io.acd.engine.customer.Customer;
import io.acd.engine.events.EventLog;
import io.acd.engine.events.OutEvent;
import io.acd.engine.conversation.TranscriptState;
import io.acd.engine.backlog.BacklogView;
import io.acd.engine.backlog.FeedOffset;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.interaction.InteractionStatus;
import io.acd.engine.router.Router;
import io.acd.engine.routing.Channel;
import io.acd.engine.routing.Decision;
import io.acd.engine.routing.QueuePolicy;
import io.acd.engine.routing.SelectionStrategy;
import io.acd.engine.routing.Step;
import io.acd.engine.routing.WaitingContact;
import io.acd.engine.queue.Queue;
import io.acd.persistence.KryoCodec;
import io.acd.persistence.KryoSerializer;
import org.junit.jupiter.api.Test;

import java.io.NotSerializableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every stored event type and every state stored as a snapshot has a committed fixture: the bytes an earlier
 * build wrote. Reading them back proves that a change to an event or a state keeps old journals and snapshot
 * stores readable. When a new stored type is added, run
 * {@code mvn -pl engine test -Dtest=StoredEventsTest -Dacd.fixtures.write=true} once and commit the new
 * file; never regenerate an existing fixture.
 */
class StoredEventsTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/events");
    private static final Path SNAPSHOT_FIXTURES = Path.of("src/test/resources/fixtures/snapshots");
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00.123456Z");

    private final KryoCodec codec = new KryoCodec(KryoSerializer.registrars(ConfigFactory.load()));

    /** One sample of every event, by fixture name. */
    static Map<String, Object> samples() {
        Map<String, Object> samples = new LinkedHashMap<>();
        // Stored before Created had routing wishes: reads with them absent.
        samples.put("interaction-created", new Interaction.Created("i-1", Channel.CHAT, "billing", 5,
                Map.of("billing", 3, "lang.pl", 4), "c-17", "fingerprint", AT, null, null));
        samples.put("interaction-created-with-routing", new Interaction.Created("i-1", Channel.CHAT, "billing", 5,
                Map.of("billing", 3), "c-17", "fingerprint", AT, new Interaction.RoutingWishes(
                        Map.of("lang.de", 2), java.util.Set.of("bob"), "ala", AT.plusSeconds(120)), null));
        samples.put("interaction-created-comment", new Interaction.Created("i-3", Channel.SOCIAL, "social", 0,
                Map.of(), "social:5512", "thread:social-post:1234_77", AT, Interaction.RoutingWishes.NONE, "comment"));
        samples.put("interaction-queued", new Interaction.Queued(AT));
        // Stored before Offered had its routing decision: reads with routing absent.
        samples.put("interaction-offered", new Interaction.Offered("ala", AT, AT.plusSeconds(20), null));
        samples.put("interaction-offered-with-routing", new Interaction.Offered("ala", AT, AT.plusSeconds(20),
                new Decision("agent_freed", "billing", 1, 7.5, 31_000, SelectionStrategy.MOST_SKILLED, 3, "i-2",
                        "effective priority 5.000 < 7.500", null)));
        // Stored before decisions had their time: reads with decidedAt absent (above); since then with it.
        samples.put("interaction-offered-with-decision-time", new Interaction.Offered("ala", AT.plusMillis(40),
                AT.plusSeconds(20), new Decision("contact_arrived", "billing", 0, 5.0, 12_000,
                SelectionStrategy.LONGEST_IDLE, 2, "bob", "idle 3.000 s < 9.000 s", AT)));
        samples.put("interaction-offer-rejected", new Interaction.OfferRejected("ala", "rejected", AT));
        samples.put("interaction-offer-timed-out", new Interaction.OfferTimedOut("ala", AT));
        samples.put("interaction-accepted", new Interaction.Accepted("ala", AT));
        samples.put("interaction-completed", new Interaction.Completed("ala", AT));
        samples.put("interaction-wrapped-up", new Interaction.WrappedUp("ala", "solved", "refund issued", AT));
        samples.put("interaction-abandoned", new Interaction.Abandoned(AT));
        // Stored before agents had groups: reads with none (a missing set reads as an empty one).
        samples.put("agent-profile-updated", new Agent.ProfileUpdated("Ala", Map.of("billing", 4),
                Map.of(Channel.VOICE, 1, Channel.CHAT, 3), AT, java.util.Set.of()));
        samples.put("agent-profile-updated-with-groups", new Agent.ProfileUpdated("Ala", Map.of("billing", 4),
                Map.of(Channel.VOICE, 1), AT, java.util.Set.of("billing-tier1")));
        samples.put("agent-status-changed", new Agent.StatusChanged(AgentStatus.NOT_READY, "break", AT));
        samples.put("agent-reserved", new Agent.Reserved("i-1", Channel.CHAT, "billing", 5, AT));
        samples.put("agent-holding-changed", new Agent.HoldingChanged("i-1", HoldingPhase.OFFERED,
                AT.plusSeconds(20), AT));
        samples.put("agent-released", new Agent.Released("i-1", "completed", AT));
        // Stored before queues had agent groups: reads with none.
        samples.put("queue-policy-set", new Queue.PolicySet(new QueuePolicy("billing", 0.05, 2, List.of(
                new Step(Duration.ofSeconds(30), 1, java.util.Set.of("lang.pl"), false),
                new Step(Duration.ofMinutes(2), 0, java.util.Set.of(), true)), SelectionStrategy.MOST_SKILLED), AT));
        samples.put("queue-policy-set-with-groups", new Queue.PolicySet(new QueuePolicy("billing", 0, 1, List.of(
                new Step(Duration.ofSeconds(30), 0, java.util.Set.of(), false, java.util.Set.of("tier2"))),
                SelectionStrategy.LONGEST_IDLE, java.util.Set.of("tier1")), AT));
        var waiting = new WaitingContact("i-1", Channel.CHAT, "billing", 5, Map.of("billing", 3),
                Map.of("lang.de", 2), java.util.Set.of("bob"), "ala", AT.plusSeconds(120), AT);
        samples.put("backlog-observed", new Backlog.Observed(List.of(
                new Backlog.Change("i-1", Backlog.Kind.CREATED, waiting, AT),
                new Backlog.Change("i-2", Backlog.Kind.OFFERED, null, AT.plusSeconds(3)),
                new Backlog.Change("i-3", Backlog.Kind.REQUEUED, null, AT.plusSeconds(4)),
                new Backlog.Change("i-4", Backlog.Kind.ENDED, null, AT.plusSeconds(5))),
                new FeedOffset(FeedOffset.Type.SEQUENCE, 4711, 0)));
        samples.put("transcript-message-added", new Transcript.MessageAdded(new Transcript.Message("m-1",
                Transcript.Direction.OUT, "ala", "Dzień dobry", null, AT, Transcript.Delivery.QUEUED)));
        samples.put("transcript-email-added", new Transcript.MessageAdded(new Transcript.Message("m-2",
                Transcript.Direction.IN, "email:jan@example.org", "My parcel is late", "email:<first@example.org>", AT,
                null, new Transcript.Content("Parcel 123", "<p>My parcel is <b>late</b></p>", List.of(
                new Transcript.Attachment("original.eml", "message/rfc822", 1234, "ab".repeat(32)))))));
        samples.put("transcript-delivery-changed", new Transcript.DeliveryChanged("m-1",
                Transcript.Delivery.DELIVERED, AT));
        OutEvent out = new OutEvent("interaction:i-1:2", "interaction.offered", AT,
                "{\"eventId\":\"interaction:i-1:2\",\"type\":\"interaction.offered\",\"interactionId\":\"i-1\"}");
        samples.put("events-logged", new EventLog.Logged(out, 3, new FeedOffset(FeedOffset.Type.SEQUENCE, 812, 0)));
        samples.put("events-logged-within-batch", new EventLog.Logged(out, 1, null));
        samples.put("events-read", new EventLog.Read(0, new FeedOffset(FeedOffset.Type.TIME_UUID, -42, 77)));
        Customer.Visit visit = new Customer.Visit("i-1", Channel.SMS, "sms", "sms:+48500100200", AT);
        samples.put("customer-recorded", new Customer.Recorded(List.of(visit,
                new Customer.Visit("i-2", Channel.EMAIL, "support", null, AT.plusSeconds(60)))));
        samples.put("customer-thread-opened", new Customer.ThreadOpened("sms:+48500100200", visit));
        samples.put("customer-named-event", new Customer.Named("Jan Kowalski", AT));
        samples.put("customer-opt-out-changed", new Customer.OptOutChanged(Channel.SMS, true, AT));
        samples.put("canned-reply-saved", new CannedReplies.Saved("greeting", "Dzień dobry {{customer.name}}", AT));
        samples.put("canned-reply-removed", new CannedReplies.Removed("greeting", AT));
        samples.put("customer-indexed", new Customer.Indexed(2, new FeedOffset(FeedOffset.Type.SEQUENCE, 77, 0)));
        samples.put("transcript-customer-token-set", new Transcript.CustomerTokenSet(
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", AT));
        samples.put("directory-tenant-created", new Directory.TenantCreated("acme", AT));
        samples.put("directory-key-created", new Directory.KeyCreated(AGENT_KEY, AT));
        samples.put("directory-key-revoked", new Directory.KeyRevoked("key-0123456789abcdef", AT));
        samples.put("directory-authentication-failed", new Directory.AuthenticationFailed("10.0.0.7",
                "pekko://acd@10.0.0.1:25520", 12, AT.minusSeconds(40), AT));
        return samples;
    }

    private static final Directory.KeyRecord AGENT_KEY = new Directory.KeyRecord("key-0123456789abcdef",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", Role.AGENT, "acme", "a1",
            "Ala's desktop", AT, null);

    /** One sample of every agent state that can be stored as a snapshot, by fixture name. */
    static Map<String, Object> snapshots() {
        var profile = new AgentState.Profile("Ala", Map.of("billing", 4, "lang.pl", 3),
                Map.of(Channel.VOICE, 1, Channel.CHAT, 3), java.util.Set.of("billing-tier1"));
        var offered = new Agent.Holding("i-1", Channel.CHAT, "billing", 5, HoldingPhase.OFFERED, AT,
                AT.plusSeconds(20));
        var connected = new Agent.Holding("i-2", Channel.VOICE, "sales", 0, HoldingPhase.CONNECTED,
                AT.minusSeconds(300), null);
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("agent-logged-out", new AgentState.LoggedOut("ala", profile, null, AT));
        samples.put("agent-available", new AgentState.Available("ala", profile, null, AT.minusSeconds(600),
                AT.minusSeconds(60), Map.of("i-1", offered, "i-2", connected)));
        samples.put("agent-not-ready", new AgentState.NotReady("ala", profile, "missed_offer", AT,
                Map.of("i-2", connected)));
        var waiting = new WaitingContact("i-1", Channel.EMAIL, "billing", 2, Map.of("billing", 1), AT);
        samples.put("backlog", new Backlog.Snapshot(List.of(new BacklogView.Live(waiting, true, AT),
                new BacklogView.Live(new WaitingContact("i-2", Channel.VOICE, "sales", 0, Map.of(), AT), false,
                        AT.plusSeconds(9))),
                new FeedOffset(FeedOffset.Type.TIME_UUID, -5_000_000_000L, 0x1ef0000000001000L)));
        samples.put("directory", new DirectoryState(3, Set.of("default", "acme"),
                Map.of(AGENT_KEY.keyId(), AGENT_KEY), List.of(new Directory.TenantCreated("acme", AT),
                new Directory.KeyCreated(AGENT_KEY, AT))));
        samples.put("customer", new Customer.State(List.of(new Customer.Visit("i-1", Channel.CHAT, "chat", "webchat",
                AT)), Map.of("webchat", "i-1"), null, List.of()));
        samples.put("customer-named", new Customer.State(List.of(), Map.of(), "Jan Kowalski", List.of()));
        samples.put("customer-opted-out", new Customer.State(List.of(), Map.of(), null, List.of(Channel.SMS)));
        samples.put("canned-replies", new CannedReplies.State(Map.of("greeting",
                "Dzień dobry {{customer.name|}}, tu {{agent.name}}.")));
        samples.put("event-log", new EventLog.State(List.of(FeedOffset.START,
                new FeedOffset(FeedOffset.Type.SEQUENCE, 9, 0))));
        return samples;
    }

    @Test
    void everyCommittedFixtureStillReadsAsItsEvent() throws Exception {
        readsBack(FIXTURES, samples());
    }

    @Test
    void everyCommittedSnapshotFixtureStillReadsAsItsState() throws Exception {
        readsBack(SNAPSHOT_FIXTURES, snapshots());
    }

    private void readsBack(Path fixtures, Map<String, Object> samples) throws Exception {
        if (Boolean.getBoolean("acd.fixtures.write")) {
            Files.createDirectories(fixtures);
            for (Map.Entry<String, Object> sample : samples.entrySet()) {
                Path file = fixtures.resolve(sample.getKey() + ".bin");
                if (!Files.exists(file)) {
                    Files.write(file, codec.toBinary(sample.getValue()));
                    Files.writeString(fixtures.resolve(sample.getKey() + ".manifest"),
                            codec.manifest(sample.getValue()));
                }
            }
        }
        for (Map.Entry<String, Object> sample : samples.entrySet()) {
            byte[] bytes = Files.readAllBytes(fixtures.resolve(sample.getKey() + ".bin"));
            String manifest = Files.readString(fixtures.resolve(sample.getKey() + ".manifest")).trim();
            assertEquals(sample.getValue(), codec.fromBinary(bytes, manifest), sample.getKey());
        }
    }

    @Test
    void everyEventTypeHasAFixture() {
        List<Class<?>> covered = samples().values().stream().<Class<?>>map(Object::getClass).toList();
        for (Class<?> type : leaves(Interaction.Event.class, Agent.Event.class, Queue.Event.class,
                Backlog.Event.class, Directory.Event.class, Transcript.Event.class, EventLog.Event.class,
                Customer.Event.class, Customer.IndexEvent.class, CannedReplies.Event.class)) {
            assertTrue(covered.contains(type), type.getName() + " has no stored-bytes fixture");
        }
    }

    @Test
    void everySnapshotStateHasAFixture() {
        List<Class<?>> covered = snapshots().values().stream().<Class<?>>map(Object::getClass).toList();
        for (Class<?> type : leaves(AgentState.Registered.class, DirectoryState.class, EventLog.State.class,
                Customer.State.class, CannedReplies.State.class)) {
            assertTrue(covered.contains(type), type.getName() + " has no stored-bytes snapshot fixture");
        }
    }

    @Test
    void everyMessageEventAndReplyIsRegisteredWithKryo() {
        for (Class<?> type : leaves(Interaction.Command.class, Interaction.Event.class, InteractionState.class,
                Agent.Command.class, Agent.Event.class, Agent.DesktopEvent.class, Agent.ReserveReply.class,
                AgentState.class, Router.Command.class, Queue.Command.class, Queue.Event.class,
                Backlog.Command.class, Backlog.Event.class, Backlog.Queued.class, Backlog.Snapshot.class,
                Directory.Command.class, Directory.Event.class, Directory.ViewReply.class, DirectoryState.class,
                Transcript.Command.class, Transcript.Event.class, Transcript.Page.class, TranscriptState.class,
                Transcript.Update.class, Interaction.Update.class, EventLog.Command.class, EventLog.Event.class,
                EventLog.State.class, io.acd.engine.events.OutEvent.class, Customer.Command.class,
                Customer.IndexCommand.class, Customer.Event.class, Customer.IndexEvent.class, Customer.State.class,
                CannedReplies.Command.class, CannedReplies.Event.class, CannedReplies.State.class,
                io.acd.engine.Reply.class)) {
            assertTrue(codec.isRegistered(type), type.getName() + " is not registered with Kryo");
        }
        for (Class<?> type : List.of(InteractionState.Contact.class, Interaction.RoutingWishes.class,
                Interaction.Refusal.class, Interaction.OfferFailure.class, AgentState.Profile.class,
                Agent.Holding.class, Agent.Refusal.class, Agent.ReserveRefusal.class, Router.Stats.class,
                InteractionStatus.class, Queue.State.class, Queue.Refusal.class, QueuePolicy.class, Step.class,
                Decision.class, Directory.KeyRecord.class, Role.class, Directory.Refusal.class)) {
            assertTrue(codec.isRegistered(type), type.getName() + " is not registered with Kryo");
        }
    }

    @Test
    void aManifestFromTheFutureIsRefused() {
        org.junit.jupiter.api.Assertions.assertThrows(NotSerializableException.class,
                () -> codec.fromBinary(new byte[] {1, 0}, "99999"));
    }

    private static List<Class<?>> leaves(Class<?>... roots) {
        List<Class<?>> leaves = new ArrayList<>();
        for (Class<?> root : roots) {
            collect(root, leaves);
        }
        return leaves;
    }

    private static void collect(Class<?> type, List<Class<?>> into) {
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                collect(sub, into);
            }
        } else {
            into.add(type);
        }
    }

}
