package io.acd.gateway.email;

import io.acd.engine.Reply;
import io.acd.engine.client.EngineClient;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.customer.Customer;
import io.acd.engine.interaction.Interaction;
import io.acd.engine.interaction.InteractionState;
import io.acd.engine.routing.Channel;
import io.acd.engine.tenant.ScopedId;
import io.acd.gateway.channel.Attachments;
import io.acd.gateway.channel.ChannelAdapter;
import io.acd.gateway.conversation.Conversations;
import io.acd.gateway.conversation.Sticky;
import io.acd.gateway.conversation.Threads;
import io.acd.gateway.outbound.Sender;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * E-mail: each mail to a support address, from the SMTP listener ({@link SmtpListener}) or an IMAP mailbox
 * ({@link ImapPoller}), is a message on the customer's thread with that address. The thread is the one of the
 * first mail it refers to: one of our answers' Message-IDs leads to its interaction's thread, otherwise the
 * first of References (the thread's first mail), else In-Reply-To, else the mail itself begins a thread. The
 * mail is stored whole, as an attachment {@code original.eml} beside its own attachments, outside the journal.
 * A delivery report on one of our answers marks it failed.
 */
final class Email implements ChannelAdapter {

    static final String EXTERNAL_PREFIX = "email:";
    private static final String CUSTOMER_PREFIX = "email:";
    private static final String THREAD_PREFIX = "email:";
    private static final int TEXT_ROOM = Transcript.MAX_TEXT - 200;
    private static final Logger log = LoggerFactory.getLogger(Email.class);

    private final EngineClient engine;
    /** The node's configuration: its listener and mailbox, and the default tenant's addresses, if it names any. */
    private final EmailSettings defaults;
    private final Attachments attachments;
    private final Sticky sticky;
    private final ExecutorService blocking;
    private final Sender relay;
    private final SmtpListener listener;
    private final ImapPoller poller;
    private volatile Tenants tenants;

    /** A support address of a tenant's, with that tenant's settings and the address's route. */
    record Address(String tenant, EmailSettings settings, EmailSettings.Route route) {
    }

    /** Every tenant's settings (each with its relay) and their addresses. */
    record Tenants(Map<String, RelaySender> relays, Map<String, Address> addresses) {
    }

    Email(ActorSystem<?> system, EngineClient engine, EmailSettings defaults, Attachments attachments) {
        this.engine = engine;
        this.defaults = defaults;
        this.attachments = attachments;
        this.sticky = Sticky.from(system.settings().config(), java.time.Clock.systemUTC());
        this.blocking = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "acd-email-relay");
            thread.setDaemon(true);
            return thread;
        });
        // Each tenant's answers go out through its own relay, with its own host name in their Message-IDs.
        this.relay = (tenantEngine, message) -> {
            RelaySender sender = tenants.relays().get(tenantEngine.tenant());
            return sender != null ? sender.send(tenantEngine, message) : CompletableFuture.completedFuture(
                    new Sender.Retry("tenant " + tenantEngine.tenant() + " has no e-mail settings"));
        };
        configure(Map.of());
        this.listener = defaults.smtpPort() > 0 ? SmtpListener.start(this, defaults) : null;
        this.poller = defaults.imapUrl().isBlank() || !defaults.isOn() ? null : ImapPoller.start(this, defaults);
    }

    @Override
    public void configure(Map<String, com.typesafe.config.Config> byTenant) {
        Map<String, EmailSettings> all = new HashMap<>();
        byTenant.forEach((tenant, config) -> all.put(tenant, EmailSettings.from(config)));
        if (defaults.isOn()) {
            all.putIfAbsent(ScopedId.DEFAULT_TENANT, defaults);
        }
        Map<String, RelaySender> relays = new HashMap<>();
        Map<String, Address> addresses = new HashMap<>();
        all.forEach((tenant, settings) -> {
            relays.put(tenant, new RelaySender(settings, blocking));
            settings.addresses().forEach((address, route) ->
                    addresses.putIfAbsent(address, new Address(tenant, settings, route)));
        });
        tenants = new Tenants(Map.copyOf(relays), Map.copyOf(addresses));
    }

    @Override
    public Optional<String> check(String tenant, com.typesafe.config.Config config) {
        EmailSettings settings;
        try {
            settings = EmailSettings.from(config);
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
        if (!settings.isOn()) {
            return Optional.of("addresses names no address");
        }
        if (!settings.imapUrl().isBlank()) {
            return Optional.of("an IMAP mailbox is read by the node's configuration only (acd.channels.email.imap)");
        }
        for (String address : settings.addresses().keySet()) {
            Address owner = tenants.addresses().get(address);
            if (owner != null && !owner.tenant().equals(tenant)) {
                return Optional.of("address " + address + " is another tenant's");
            }
        }
        return Optional.empty();
    }

    /** What became of a mail: stored (or known already), or refused with an SMTP code and reason. */
    record Outcome(int code, String reason) {
        static final Outcome STORED = new Outcome(250, "2.0.0 stored");

        boolean stored() {
            return code < 300;
        }
    }

    static String addressOf(String customerId) {
        return customerId != null && customerId.startsWith(CUSTOMER_PREFIX)
                ? customerId.substring(CUSTOMER_PREFIX.length()) : null;
    }

    /** The support address of a thread key {@code email:<support address> <first Message-ID>}. */
    static String supportAddressOf(String thread) {
        if (thread == null || !thread.startsWith(THREAD_PREFIX) || thread.indexOf(' ') < 0) {
            return null;
        }
        return thread.substring(THREAD_PREFIX.length(), thread.indexOf(' '));
    }

    boolean isOurs(String address) {
        return tenants.addresses().containsKey(address.toLowerCase(java.util.Locale.ROOT));
    }

    /** One mail to one of the support addresses. */
    CompletionStage<Outcome> receive(String address, byte[] raw) {
        Address owner = tenants.addresses().get(address.toLowerCase(java.util.Locale.ROOT));
        if (owner == null) {
            return done(new Outcome(550, "5.1.1 <" + address + ">: no such mailbox here"));
        }
        EmailSettings settings = owner.settings();
        EngineClient engine = this.engine.inTenant(owner.tenant());
        ParsedMail mail;
        try {
            mail = ParsedMail.parse(raw, settings.maxAttachmentSize());
        } catch (ParsedMail.Malformed e) {
            log.warn("A mail to {} was refused: {}", address, e.getMessage());
            return done(new Outcome(554, "5.6.0 " + e.getMessage()));
        }
        if (mail.isBounce()) {
            return bounced(engine, mail);
        }
        if (mail.fromAddress() == null) {
            return done(new Outcome(554, "5.6.0 The mail has no From address to answer"));
        }
        EmailSettings.Route route = owner.route();
        String customerId = CUSTOMER_PREFIX + mail.fromAddress();
        String messageId = mail.messageId() != null ? mail.messageId()
                : "<" + Attachments.sha256(raw) + "@" + settings.hostname() + ">";
        Transcript.Content content;
        try {
            content = content(mail, raw);
        } catch (IOException e) {
            log.warn("A mail to {} could not be kept: {}", address, e.getMessage());
            return done(new Outcome(451, "4.3.0 The mail could not be kept; try again later"));
        }
        String text = text(mail);
        return thread(engine, address, customerId, mail, messageId).thenCompose(thread -> named(engine, customerId,
                        mail.fromName())
                        .thenCompose(n -> Threads.receive(engine, sticky, new Threads.Inbound(thread, Channel.EMAIL,
                                route.queue(), route.priority(), route.skills(), customerId, text,
                                EXTERNAL_PREFIX + messageId, null, content))))
                .thenApply(received -> received.message() instanceof Reply.Ok<Transcript.Message> ? Outcome.STORED
                        : new Outcome(550, "5.7.0 Not taken: " + received.message()));
    }

    private static CompletionStage<Done> named(EngineClient engine, String customerId, String name) {
        return name == null || name.isBlank() ? done(Done.getInstance())
                : engine.askCustomer(customerId, r -> new Customer.SetName(name.strip(), r));
    }

    /** The thread a mail belongs to; see the class comment. */
    private static CompletionStage<String> thread(EngineClient engine, String address, String customerId,
                                                  ParsedMail mail, String messageId) {
        List<String> referred = new ArrayList<>();
        if (mail.inReplyTo() != null) {
            referred.add(mail.inReplyTo());
        }
        referred.addAll(mail.references());
        String root = !mail.references().isEmpty() ? mail.references().get(0)
                : mail.inReplyTo() != null ? mail.inReplyTo() : messageId;
        String own = THREAD_PREFIX + address.toLowerCase(java.util.Locale.ROOT) + " " + root;
        Optional<MessageIds.Ours> ours = referred.stream().map(MessageIds::parse).flatMap(Optional::stream)
                .findFirst();
        if (ours.isEmpty()) {
            return done(own);
        }
        return engine.askInteraction(ours.get().interactionId(), Interaction.Get::new).thenApply(reply -> {
            if (reply instanceof Reply.Ok<InteractionState.Existing> ok
                    && customerId.equals(ok.value().contact().customerId())
                    && ok.value().contact().requestFingerprint() != null
                    && ok.value().contact().requestFingerprint().startsWith("thread:" + THREAD_PREFIX)) {
                return ok.value().contact().requestFingerprint().substring("thread:".length());
            }
            return own; // someone else answering our mail (a forward): a thread of their own
        }).exceptionally(failure -> own);
    }

    private Transcript.Content content(ParsedMail mail, byte[] raw) throws IOException {
        List<Transcript.Attachment> files = new ArrayList<>();
        files.add(new Transcript.Attachment("original.eml", "message/rfc822", raw.length, attachments.store(raw)));
        for (ParsedMail.File file : mail.files()) {
            files.add(new Transcript.Attachment(file.name(), file.contentType(), file.bytes().length,
                    attachments.store(file.bytes())));
        }
        return new Transcript.Content(mail.subject(), mail.html(), List.copyOf(files));
    }

    private static String text(ParsedMail mail) {
        StringBuilder text = new StringBuilder(mail.text().isEmpty() ? "(no text)" : mail.text());
        if (text.length() > TEXT_ROOM) {
            text.setLength(TEXT_ROOM);
            text.append("\n[… the rest is in original.eml]");
        }
        if (!mail.leftOut().isEmpty()) {
            text.append("\n[not kept, over the size limit: ").append(String.join(", ", mail.leftOut())).append(']');
        }
        return text.toString();
    }

    /** A delivery report: if it is about one of our answers, that answer failed, and its agent is told why. */
    private static CompletionStage<Outcome> bounced(EngineClient engine, ParsedMail report) {
        Optional<MessageIds.Ours> ours = MessageIds.parse(report.bouncedMessageId());
        if (ours.isEmpty()) {
            log.info("A delivery report on a mail that is not one of our answers ({}) was taken and dropped",
                    report.bouncedMessageId());
            return done(Outcome.STORED);
        }
        String interactionId = ours.get().interactionId();
        String messageId = ours.get().messageId();
        return engine.<Reply<Transcript.Message>>askTranscript(interactionId,
                        r -> new Transcript.UpdateDelivery(messageId, Transcript.Delivery.FAILED, r))
                .thenCompose(updated -> updated instanceof Reply.Ok<Transcript.Message>
                        ? Conversations.add(engine, interactionId, Transcript.Direction.NOTE, null,
                        "Not delivered to the customer: " + report.bounceReason(), "bounce:" + messageId)
                        .thenApply(note -> Outcome.STORED)
                        : done(Outcome.STORED));
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    @Override
    public Optional<Outlet> outlet() {
        return Optional.of(new Outlet(Channel.EMAIL, relay, defaults.isOn() ? List.of(ScopedId.DEFAULT_TENANT)
                : List.of()));
    }

    @Override
    public Route routes() {
        return Directives.reject();
    }

    @Override
    public void stop() {
        if (listener != null) {
            listener.stop();
        }
        if (poller != null) {
            poller.stop();
        }
        blocking.shutdown();
    }
}
