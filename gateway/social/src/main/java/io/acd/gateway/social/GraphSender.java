package io.acd.gateway.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.acd.engine.client.EngineClient;
import io.acd.gateway.outbound.Outbox;
import io.acd.gateway.outbound.Sender;
import io.acd.gateway.webhook.Signature;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends an agent's reply through the network's Graph-API-style send API: a private message to the customer's
 * page-scoped id, or a reply under the comment the thread began with. Each call carries the page's access
 * token and its {@code appsecret_proof} (the HMAC-SHA256 of the token with the app's secret), so a stolen token
 * alone does not send. Rate limits (429, or the API's error codes 4, 17, 32, 613) and 5xx are tried again.
 */
final class GraphSender implements Sender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ActorSystem<?> system;
    private final java.util.function.Function<String, SocialSettings> tenants;

    /** @param tenants a tenant's social settings, or null when it has none */
    GraphSender(ActorSystem<?> system, java.util.function.Function<String, SocialSettings> tenants) {
        this.system = system;
        this.tenants = tenants;
    }

    @Override
    public CompletionStage<Result> send(EngineClient engine, Outbox.Pending message) {
        SocialSettings settings = tenants.apply(engine.tenant());
        if (settings == null) {
            return CompletableFuture.completedFuture(new Retry("tenant " + engine.tenant()
                    + " has no social settings"));
        }
        Social.Thread thread = Social.Thread.parse(message.thread());
        SocialSettings.Page page = thread == null ? null : settings.pages().get(thread.pageId());
        if (page == null) {
            return CompletableFuture.completedFuture(new Refused("interaction " + message.interactionId()
                    + " is on no page of this channel (thread " + message.thread() + ")"));
        }
        if (page.accessToken().isBlank()) {
            return CompletableFuture.completedFuture(new Refused("page " + thread.pageId() + " has no access-token"));
        }
        String url;
        String body;
        if (thread.commentId() != null) {
            url = settings.commentReplyUrl().replace("{comment}", encode(thread.commentId()));
            body = JSON.createObjectNode().put("message", message.text()).toString();
        } else {
            String recipient = Social.userOf(message.customerId());
            if (recipient == null) {
                return CompletableFuture.completedFuture(new Refused("customer " + message.customerId()
                        + " has no id on the network"));
            }
            ObjectNode json = JSON.createObjectNode();
            json.putObject("recipient").put("id", recipient);
            json.put("messaging_type", "RESPONSE");
            json.putObject("message").put("text", message.text());
            body = json.toString();
            url = settings.sendUrl();
        }
        String proof = Signature.of(settings.appSecret(), page.accessToken()).substring("sha256=".length());
        String call = url + (url.contains("?") ? "&" : "?") + "access_token=" + encode(page.accessToken())
                + "&appsecret_proof=" + proof;
        return Http.get(system).singleRequest(HttpRequest.POST(call).withEntity(ContentTypes.APPLICATION_JSON, body))
                .thenCompose(response -> response.entity().toStrict(10_000, system).thenApply(strict -> {
                    int status = response.status().intValue();
                    String answer = strict.getData().utf8String();
                    JsonNode parsed = parse(answer);
                    if (status >= 200 && status < 300) {
                        String id = parsed.path("message_id").asText(parsed.path("id").asText(null));
                        return (Result) new Accepted(id);
                    }
                    JsonNode error = parsed.path("error");
                    String reason = "the send API answered " + status + ": "
                            + error.path("message").asText(answer.length() > 200 ? answer.substring(0, 200) : answer);
                    int code = error.path("code").asInt(0);
                    boolean later = status == 429 || status >= 500 || code == 4 || code == 17 || code == 32
                            || code == 613;
                    return later ? new Retry(reason) : new Refused(reason);
                }));
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            return JSON.nullNode();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
