package io.acd.gateway.sms;

import io.acd.engine.Reply;
import io.acd.engine.client.EngineClient;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.customer.Customer;
import io.acd.engine.routing.Channel;
import io.acd.engine.tenant.ScopedId;
import io.acd.gateway.channel.Answers;
import io.acd.gateway.channel.ChannelAdapter;
import io.acd.gateway.conversation.Conversations;
import io.acd.gateway.conversation.Sticky;
import io.acd.gateway.conversation.Threads;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

/**
 * SMS through Kannel. Each SMS a customer sends arrives from Kannel's smsbox at
 * {@code GET /v1/channels/sms/kannel} and is a message on the thread of the customer's number with the
 * tenant's number: it joins the thread's open interaction or opens one ({@link Threads}). Agents' replies leave
 * through the SMS outbox ({@link KannelSender}); Kannel's delivery reports come back at {@code …/kannel/dlr}.
 * A message that is only a stop or start keyword opts the number out of (or back into) SMS.
 */
final class Sms extends AllDirectives implements ChannelAdapter {

    static final String THREAD_PREFIX = "sms:";
    private static final String CUSTOMER_PREFIX = "tel:";
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9A-Za-z]{1,20}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Logger log = LoggerFactory.getLogger(Sms.class);

    private final EngineClient engine;
    /** The node's configuration's settings: the default tenant's, when they name a number. */
    private final SmsSettings defaults;
    private final KannelSender kannel;
    private final Sticky sticky;
    private volatile Tenants tenants;

    /** A number of a tenant's, with that tenant's settings. */
    record Number(String tenant, SmsSettings settings, SmsSettings.Line line) {
    }

    /** Every tenant's settings, and their numbers. */
    record Tenants(Map<String, SmsSettings> byTenant, Map<String, Number> numbers) {

        static Tenants of(Map<String, SmsSettings> byTenant) {
            Map<String, Number> numbers = new java.util.HashMap<>();
            byTenant.forEach((tenant, settings) -> settings.numbers().forEach((number, line) ->
                    numbers.putIfAbsent(number, new Number(tenant, settings, line))));
            return new Tenants(Map.copyOf(byTenant), Map.copyOf(numbers));
        }
    }

    Sms(ActorSystem<?> system, EngineClient engine, SmsSettings defaults) {
        this.engine = engine;
        this.defaults = defaults;
        this.kannel = new KannelSender(system, tenant -> tenants.byTenant().get(tenant));
        this.sticky = Sticky.from(system.settings().config(), java.time.Clock.systemUTC());
        configure(Map.of());
    }

    @Override
    public void configure(Map<String, com.typesafe.config.Config> byTenant) {
        Map<String, SmsSettings> all = new java.util.HashMap<>();
        byTenant.forEach((tenant, config) -> all.put(tenant, SmsSettings.from(config)));
        if (defaults.isOn()) {
            all.putIfAbsent(ScopedId.DEFAULT_TENANT, defaults);
        }
        tenants = Tenants.of(all);
    }

    @Override
    public Optional<String> check(String tenant, com.typesafe.config.Config config) {
        SmsSettings settings;
        try {
            settings = SmsSettings.from(config);
        } catch (com.typesafe.config.ConfigException e) {
            return Optional.of(e.getMessage());
        }
        if (!settings.isOn()) {
            return Optional.of("numbers names no number");
        }
        if (!settings.secret().matches("[A-Za-z0-9_-]{16,}")) {
            return Optional.of("secret is 16 or more letters, digits, _ or - (Kannel's URLs carry it)");
        }
        for (String number : settings.numbers().keySet()) {
            Number owner = tenants.numbers().get(number);
            if (owner != null && !owner.tenant().equals(tenant)) {
                return Optional.of("number " + number + " is another tenant's");
            }
        }
        return Optional.empty();
    }

    /** The customer's number in a customer id of this channel's; null for another kind of customer. */
    static String number(String customerId) {
        return customerId != null && customerId.startsWith(CUSTOMER_PREFIX)
                ? customerId.substring(CUSTOMER_PREFIX.length()) : null;
    }

    @Override
    public Optional<Outlet> outlet() {
        return Optional.of(new Outlet(Channel.SMS, kannel, defaults.isOn() ? List.of(ScopedId.DEFAULT_TENANT)
                : List.of()));
    }

    @Override
    public Route routes() {
        return pathPrefix(segment("v1").slash("channels").slash("sms").slash("kannel"), () -> concat(
                pathEnd(() -> get(() -> parameterMap(this::inbound))),
                path("dlr", () -> get(() -> parameterMap(this::report)))));
    }

    private Route inbound(Map<String, String> query) {
        Number number = tenants.numbers().get(query.getOrDefault("to", ""));
        if (number != null && !secretMatches(number.settings(), query.get("secret"))) {
            log.warn("An SMS delivery with a wrong secret was refused");
            return complete(Answers.error(StatusCodes.FORBIDDEN, "bad_secret", "The secret is not this channel's"));
        }
        String from = query.get("from");
        String to = query.get("to");
        String text = query.get("text");
        String id = query.get("id");
        if (from == null || !NUMBER.matcher(from).matches() || to == null || text == null
                || (id != null && !ID.matcher(id).matches())) {
            return complete(Answers.error(StatusCodes.BAD_REQUEST, "invalid_field", "An SMS needs from (a number),"
                    + " to, text and, for retries to be recognised, Kannel's id: see the get-url in docs/channels.md"));
        }
        if (number == null) {
            log.warn("An SMS to {}, which is no number of this channel, was refused", to);
            return complete(Answers.error(StatusCodes.NOT_FOUND, "unknown_number", "No conversation is routed"
                    + " from " + to));
        }
        SmsSettings settings = number.settings();
        SmsSettings.Line line = number.line();
        EngineClient engine = this.engine.inTenant(number.tenant());
        if (text.length() > settings.maxMessageLength()) {
            return complete(Answers.error(StatusCodes.BAD_REQUEST, "message_too_long", "An SMS holds at most "
                    + settings.maxMessageLength() + " characters here; this one has " + text.length()));
        }
        String customerId = CUSTOMER_PREFIX + from;
        String externalId = id == null ? null : "kannel:" + id;
        CompletionStage<HttpResponse> answer = switch (settings.keyword(text)) {
            case STOP -> optOut(engine, settings, customerId, from, to, text, externalId, true);
            case START -> optOut(engine, settings, customerId, from, to, text, externalId, false);
            case NONE -> Threads.receive(engine, sticky, new Threads.Inbound(THREAD_PREFIX + to, Channel.SMS,
                    line.queue(), line.priority(), line.skills(), customerId, text, externalId))
                    .thenApply(received -> received.message() instanceof Reply.Ok<Transcript.Message>
                            ? Answers.text(StatusCodes.OK, "accepted")
                            : Answers.error(StatusCodes.CONFLICT, "refused", String.valueOf(received.message())));
        };
        return onComplete(answer, done -> complete(done.isSuccess() ? done.get()
                // Kannel tries the call again later (its http-request-retry): the message is not lost.
                : Answers.error(StatusCodes.SERVICE_UNAVAILABLE, "unavailable", "The SMS was not stored; retry")));
    }

    /**
     * A stop or start keyword: stored on the open conversation, if there is one, so its agent sees it, with a
     * note of what it did; confirmed to the number by the configured reply.
     */
    private CompletionStage<HttpResponse> optOut(EngineClient engine, SmsSettings settings, String customerId,
                                                 String from, String to, String text, String externalId,
                                                 boolean out) {
        return engine.<Done>askCustomer(customerId, r -> new Customer.SetOptOut(Channel.SMS, out, r))
                .thenCompose(done -> engine.<Optional<String>>askCustomer(customerId,
                        r -> new Customer.GetThread(THREAD_PREFIX + to, r)))
                .thenCompose(open -> open.isEmpty() ? CompletableFuture.completedFuture(null)
                        : Conversations.add(engine, open.get(), Transcript.Direction.IN, null, text, externalId)
                        .thenCompose(added -> added instanceof Reply.Ok<Transcript.Message>
                                ? Conversations.add(engine, open.get(), Transcript.Direction.NOTE, null, out
                                        ? "The customer opted out of SMS: nothing more can be sent to them by SMS"
                                        : "The customer opted in to SMS again", externalId == null ? null
                                        : externalId + ":note")
                                : CompletableFuture.completedFuture(added)))
                .thenApply(stored -> {
                    String reply = out ? settings.stopReply() : settings.startReply();
                    if (!reply.isBlank()) {
                        kannel.sendOwn(settings, to, from, reply).whenComplete((result, failure) -> {
                            if (failure != null || !(result instanceof io.acd.gateway.outbound.Sender.Accepted)) {
                                log.warn("The {} confirmation to {} was not sent: {}", out ? "stop" : "start", from,
                                        failure != null ? failure.getMessage() : result);
                            }
                        });
                    }
                    log.info("{} opted {} of SMS", from, out ? "out" : "in");
                    return Answers.text(StatusCodes.OK, "accepted");
                });
    }

    /** Kannel's delivery report on an agent's message: {@code status} is Kannel's %d. */
    private Route report(Map<String, String> query) {
        String tenant = query.getOrDefault("t", "");
        String interactionId = query.getOrDefault("i", "");
        String messageId = query.getOrDefault("m", "");
        String signature = query.getOrDefault("sig", "");
        SmsSettings settings = tenants.byTenant().get(tenant);
        if (settings == null || !ID.matcher(interactionId).matches()
                || !ID.matcher(messageId).matches() || !MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8),
                KannelSender.reportSignature(settings.secret(), tenant, interactionId, messageId)
                        .getBytes(StandardCharsets.UTF_8))) {
            return complete(Answers.error(StatusCodes.FORBIDDEN, "bad_signature",
                    "This delivery report's URL was not made by this channel"));
        }
        Transcript.Delivery delivery = switch (query.getOrDefault("status", "")) {
            case "1" -> Transcript.Delivery.DELIVERED;
            case "2", "16" -> Transcript.Delivery.FAILED;
            case "8" -> Transcript.Delivery.SENT;
            default -> null; // 4: buffered by the SMSC, still on its way
        };
        if (delivery == null) {
            return complete(Answers.text(StatusCodes.OK, "noted"));
        }
        EngineClient tenantEngine = engine.inTenant(tenant);
        CompletionStage<Reply<Transcript.Message>> updated = tenantEngine.<Reply<Transcript.Message>>askTranscript(
                interactionId, r -> new Transcript.UpdateDelivery(messageId, delivery, r)).thenCompose(reply ->
                delivery == Transcript.Delivery.FAILED && reply instanceof Reply.Ok<Transcript.Message>
                        ? Conversations.add(tenantEngine, interactionId, Transcript.Direction.NOTE, null,
                        "Not delivered to the customer: the carrier reports the SMS failed",
                        "dlr-failed:" + messageId).thenApply(note -> reply)
                        : CompletableFuture.completedFuture(reply));
        return onComplete(updated, done -> complete(done.isSuccess() ? Answers.text(StatusCodes.OK, "noted")
                : Answers.error(StatusCodes.SERVICE_UNAVAILABLE, "unavailable", "Not recorded; retry")));
    }

    private static boolean secretMatches(SmsSettings settings, String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                settings.secret().getBytes(StandardCharsets.UTF_8));
    }
}
