package io.acd.gateway.sms;

import io.acd.engine.client.EngineClient;
import io.acd.gateway.outbound.Outbox;
import io.acd.gateway.outbound.Sender;
import io.acd.gateway.webhook.Signature;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Hands an agent's reply to Kannel's sendsms interface, asking for delivery reports on the adapter's endpoint.
 * Kannel answers 202 once it took the message (it queues it itself while its SMSC is down); 4xx means it never
 * will (bad credentials, a bad number); anything else, or no answer, is tried again by the outbox.
 */
final class KannelSender implements Sender {

    /** Delivery reports wanted: delivered (1), failed (2), taken by the SMSC (8), refused by it (16). */
    private static final int DLR_MASK = 1 | 2 | 8 | 16;

    private final ActorSystem<?> system;
    private final java.util.function.Function<String, SmsSettings> tenants;

    /** @param tenants a tenant's SMS settings, or null when it has none */
    KannelSender(ActorSystem<?> system, java.util.function.Function<String, SmsSettings> tenants) {
        this.system = system;
        this.tenants = tenants;
    }

    @Override
    public CompletionStage<Result> send(EngineClient engine, Outbox.Pending message) {
        SmsSettings settings = tenants.apply(engine.tenant());
        if (settings == null) {
            return CompletableFuture.completedFuture(new Retry("tenant " + engine.tenant() + " has no SMS settings"));
        }
        String to = Sms.number(message.customerId());
        String from = message.thread() != null && message.thread().startsWith(Sms.THREAD_PREFIX)
                ? message.thread().substring(Sms.THREAD_PREFIX.length()) : null;
        if (to == null || from == null) {
            return CompletableFuture.completedFuture(new Refused("interaction " + message.interactionId()
                    + " has no phone number to answer (customer " + message.customerId() + ")"));
        }
        String report = settings.dlrUrl() + "?t=" + engine.tenant() + "&i=" + message.interactionId() + "&m="
                + message.messageId() + "&sig=" + reportSignature(settings.secret(), engine.tenant(),
                message.interactionId(), message.messageId()) + "&status=%d";
        return send(settings, from, to, message.text(), report);
    }

    /** A message of the number's own (a keyword's confirmation), outside any conversation: no report asked. */
    CompletionStage<Result> sendOwn(SmsSettings settings, String from, String to, String text) {
        return send(settings, from, to, text, null);
    }

    private CompletionStage<Result> send(SmsSettings settings, String from, String to, String text,
                                         String reportUrl) {
        boolean gsm = Gsm7.fits(text);
        StringBuilder url = new StringBuilder(settings.sendsmsUrl())
                .append("?username=").append(encode(settings.username()))
                .append("&password=").append(encode(settings.password()))
                .append("&from=").append(encode(from)).append("&to=").append(encode(to))
                .append("&text=").append(encode(text)).append("&charset=UTF-8")
                .append("&coding=").append(gsm ? 0 : 2);
        if (reportUrl != null) {
            url.append("&dlr-mask=").append(DLR_MASK).append("&dlr-url=").append(encode(reportUrl));
        }
        return Http.get(system).singleRequest(HttpRequest.GET(url.toString()))
                .thenCompose(response -> response.entity().toStrict(5_000, system)
                        .thenApply(strict -> {
                            int status = response.status().intValue();
                            String body = strict.getData().utf8String().strip();
                            if (status >= 200 && status < 300) {
                                return (Result) new Accepted(null);
                            }
                            String reason = "Kannel answered " + status + ": " + body;
                            return status >= 400 && status < 500 ? new Refused(reason) : new Retry(reason);
                        }));
    }

    /**
     * What signs a delivery-report URL: Kannel calls it back as it is, so it carries no secret, only which
     * message it reports on and this HMAC of it. Hex only, since Kannel reads {@code %} in it as its own escapes.
     */
    static String reportSignature(String secret, String tenant, String interactionId, String messageId) {
        return Signature.of(secret, tenant + "\n" + interactionId + "\n" + messageId).substring("sha256=".length());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
