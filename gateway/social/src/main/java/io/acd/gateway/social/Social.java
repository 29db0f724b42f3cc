package io.acd.gateway.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acd.engine.Reply;
import io.acd.engine.client.EngineClient;
import io.acd.engine.conversation.Transcript;
import io.acd.engine.customer.Customer;
import io.acd.engine.routing.Channel;
import io.acd.engine.tenant.ScopedId;
import io.acd.gateway.channel.Answers;
import io.acd.gateway.channel.ChannelAdapter;
import io.acd.gateway.conversation.Sticky;
import io.acd.gateway.conversation.Threads;
import io.acd.gateway.webhook.Signature;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

/**
 * A social network's webhook: its subscription check ({@code GET}) and its deliveries ({@code POST}), each
 * signed with the app's secret. A private message is a conversation on the thread of the customer with the
 * page; a public comment opens an interaction of kind {@code comment} on the thread of the comment it answers
 * (or begins), which the customer's further replies under it join. A delivery is read whole before anything of
 * it is stored: one entry for a page that is not configured refuses all of it.
 */
final class Social extends AllDirectives implements ChannelAdapter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CUSTOMER_PREFIX = "social:";
    private static final Logger log = LoggerFactory.getLogger(Social.class);

    private final EngineClient engine;
    /** The node's configuration's settings: the default tenant's, when they name a page. */
    private final SocialSettings defaults;
    private final GraphSender sender;
    private final Sticky sticky;
    private volatile Tenants tenants;

    /** A page of a tenant's, with that tenant's settings. */
    record Owner(String tenant, SocialSettings settings) {
    }

    record Tenants(Map<String, SocialSettings> byTenant, Map<String, Owner> pages) {

        static Tenants of(Map<String, SocialSettings> byTenant) {
            Map<String, Owner> pages = new HashMap<>();
            byTenant.forEach((tenant, settings) -> settings.pages().keySet().forEach(page ->
                    pages.putIfAbsent(page, new Owner(tenant, settings))));
            return new Tenants(Map.copyOf(byTenant), Map.copyOf(pages));
        }
    }

    Social(ActorSystem<?> system, EngineClient engine, SocialSettings defaults) {
        this.engine = engine;
        this.defaults = defaults;
        this.sender = new GraphSender(system, tenant -> tenants.byTenant().get(tenant));
        this.sticky = Sticky.from(system.settings().config(), java.time.Clock.systemUTC());
        configure(Map.of());
    }

    @Override
    public void configure(Map<String, com.typesafe.config.Config> byTenant) {
        Map<String, SocialSettings> all = new HashMap<>();
        byTenant.forEach((tenant, config) -> all.put(tenant, SocialSettings.from(config)));
        if (defaults.isOn()) {
            all.putIfAbsent(ScopedId.DEFAULT_TENANT, defaults);
        }
        tenants = Tenants.of(all);
    }

    @Override
    public Optional<String> check(String tenant, com.typesafe.config.Config config) {
        SocialSettings settings;
        try {
            settings = SocialSettings.from(config);
        } catch (com.typesafe.config.ConfigException e) {
            return Optional.of(e.getMessage());
        }
        if (!settings.isOn()) {
            return Optional.of("pages names no page");
        }
        if (settings.appSecret().isBlank() || settings.verifyToken().isBlank()) {
            return Optional.of("app-secret and verify-token are needed to tell the network's deliveries apart");
        }
        for (String page : settings.pages().keySet()) {
            Owner owner = tenants.pages().get(page);
            if (owner != null && !owner.tenant().equals(tenant)) {
                return Optional.of("page " + page + " is another tenant's");
            }
        }
        return Optional.empty();
    }

    /**
     * A thread's key: {@code social:<page>} for the private messages of a customer with a page, or
     * {@code comment:<page>:<comment>} for the comments under the comment it began with.
     */
    record Thread(String pageId, String commentId) {

        String key() {
            return commentId == null ? "social:" + pageId : "comment:" + pageId + ":" + commentId;
        }

        static Thread parse(String key) {
            if (key == null) {
                return null;
            }
            if (key.startsWith("social:")) {
                return new Thread(key.substring("social:".length()), null);
            }
            if (key.startsWith("comment:")) {
                String[] parts = key.substring("comment:".length()).split(":", 2);
                return parts.length == 2 ? new Thread(parts[0], parts[1]) : null;
            }
            return null;
        }
    }

    /** The customer's id on the network, from a customer id of this channel's; null for another's. */
    static String userOf(String customerId) {
        return customerId != null && customerId.startsWith(CUSTOMER_PREFIX)
                ? customerId.substring(CUSTOMER_PREFIX.length()) : null;
    }

    @Override
    public Optional<Outlet> outlet() {
        return Optional.of(new Outlet(Channel.SOCIAL, sender, defaults.isOn() ? List.of(ScopedId.DEFAULT_TENANT)
                : List.of()));
    }

    @Override
    public Route routes() {
        return path(segment("v1").slash("channels").slash("social").slash("webhook"), () -> concat(
                get(() -> parameterMap(query -> {
                    String token = query.getOrDefault("hub.verify_token", "");
                    boolean known = tenants.byTenant().values().stream().anyMatch(t -> MessageDigest.isEqual(
                            token.getBytes(StandardCharsets.UTF_8), t.verifyToken().getBytes(StandardCharsets.UTF_8)));
                    if (!"subscribe".equals(query.get("hub.mode")) || !known) {
                        return complete(Answers.error(StatusCodes.FORBIDDEN, "bad_verify_token",
                                "hub.mode must be subscribe and hub.verify_token the channel's verify-token"));
                    }
                    return complete(Answers.text(StatusCodes.OK, query.getOrDefault("hub.challenge", "")));
                })),
                post(() -> optionalHeaderValueByName("X-Hub-Signature-256", signature ->
                        entity(org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller.entityToString(),
                                body -> delivery(signature.orElse(null), body))))));
    }

    /** One item of a delivery, read and checked before anything is stored. */
    private record Item(Thread thread, SocialSettings.Route route, String customerId, String name, String text,
                        String externalId, String kind) {
    }

    /**
     * A delivery is read before its signature is checked, since the page it is for tells whose app secret
     * signs it; nothing of it is stored before the check.
     */
    private Route delivery(String signature, String body) {
        JsonNode delivery;
        try {
            delivery = JSON.readTree(body);
        } catch (java.io.IOException e) {
            delivery = null;
        }
        if (delivery == null || !delivery.path("entry").isArray() || delivery.path("entry").isEmpty()) {
            return complete(Answers.error(StatusCodes.BAD_REQUEST, "malformed_json",
                    "A delivery is a JSON object with an entry array"));
        }
        Owner owner = null;
        for (JsonNode entry : delivery.path("entry")) {
            String pageId = entry.path("id").asText("");
            Owner of = tenants.pages().get(pageId);
            if (of == null) {
                log.warn("A social delivery for page {}, which is not configured, was refused", pageId);
                return complete(Answers.error(StatusCodes.NOT_FOUND, "unknown_page", "Page " + pageId
                        + " is not one of this channel's; nothing of the delivery was stored"));
            }
            if (owner != null && !owner.tenant().equals(of.tenant())) {
                return complete(Answers.error(StatusCodes.BAD_REQUEST, "invalid_field",
                        "A delivery's pages belong to one tenant"));
            }
            owner = of;
        }
        if (!Signature.matches(owner.settings().appSecret(), body, signature)) {
            log.warn("A social delivery with a missing or wrong X-Hub-Signature-256 was refused");
            return complete(Answers.error(StatusCodes.FORBIDDEN, "bad_signature",
                    "X-Hub-Signature-256 is not the body's HMAC-SHA256 with the app's secret"));
        }
        SocialSettings settings = owner.settings();
        EngineClient engine = this.engine.inTenant(owner.tenant());
        List<Item> items = new ArrayList<>();
        for (JsonNode entry : delivery.path("entry")) {
            String pageId = entry.path("id").asText("");
            SocialSettings.Page page = settings.pages().get(pageId);
            for (JsonNode event : entry.path("messaging")) {
                privateMessage(settings, pageId, page, event).ifPresent(items::add);
            }
            for (JsonNode change : entry.path("changes")) {
                comment(settings, pageId, page, change).ifPresent(items::add);
            }
        }
        CompletionStage<Boolean> stored = CompletableFuture.completedFuture(true);
        for (Item item : items) {
            stored = stored.thenCompose(ok -> store(engine, item).thenApply(one -> ok && one));
        }
        return onComplete(stored, done -> complete(done.isSuccess() && done.get()
                ? Answers.text(StatusCodes.OK, "EVENT_RECEIVED")
                // The network delivers it again later; what was stored of it is recognised then.
                : Answers.error(StatusCodes.SERVICE_UNAVAILABLE, "unavailable", "Not all was stored; deliver again")));
    }

    private Optional<Item> privateMessage(SocialSettings settings, String pageId, SocialSettings.Page page,
                                          JsonNode event) {
        JsonNode message = event.path("message");
        String sender = event.path("sender").path("id").asText("");
        if (message.isMissingNode() || message.path("is_echo").asBoolean(false) || sender.isEmpty()
                || sender.equals(pageId)) {
            return Optional.empty(); // a receipt, a read mark or the page's own message echoed
        }
        String text = text(settings, message.path("text").asText(""), message.path("attachments"));
        String mid = message.path("mid").asText(null);
        return text.isEmpty() ? Optional.empty() : Optional.of(new Item(new Thread(pageId, null), page.messages(),
                CUSTOMER_PREFIX + sender, null, text, mid == null ? null : "social:" + mid, null));
    }

    private Optional<Item> comment(SocialSettings settings, String pageId, SocialSettings.Page page,
                                   JsonNode change) {
        JsonNode value = change.path("value");
        String field = change.path("field").asText("");
        boolean facebook = field.equals("feed") && value.path("item").asText("").equals("comment")
                && value.path("verb").asText("").equals("add");
        boolean instagram = field.equals("comments");
        if (!facebook && !instagram) {
            return Optional.empty();
        }
        String commentId = value.path(facebook ? "comment_id" : "id").asText("");
        String from = value.path("from").path("id").asText("");
        if (commentId.isEmpty() || from.isEmpty() || from.equals(pageId)) {
            return Optional.empty();
        }
        // A reply under a comment joins the thread of the comment it answers; a comment on the post begins one.
        String parent = value.path("parent_id").asText("");
        String postId = facebook ? value.path("post_id").asText("") : value.path("media").path("id").asText("");
        String root = parent.isEmpty() || parent.equals(postId) ? commentId : parent;
        String text = text(settings, value.path(facebook ? "message" : "text").asText(""), null);
        String name = value.path("from").path(facebook ? "name" : "username").asText(null);
        return text.isEmpty() ? Optional.empty() : Optional.of(new Item(new Thread(pageId, root), page.comments(),
                CUSTOMER_PREFIX + from, name, text, "comment:" + commentId, "comment"));
    }

    private static String text(SocialSettings settings, String text, JsonNode attachments) {
        StringBuilder all = new StringBuilder(text);
        if (attachments != null) {
            for (JsonNode attachment : attachments) {
                all.append(all.length() == 0 ? "" : "\n").append('[').append(attachment.path("type").asText("file"))
                        .append("] ").append(attachment.path("payload").path("url").asText(""));
            }
        }
        String whole = all.toString().strip();
        return whole.length() > settings.maxMessageLength()
                ? whole.substring(0, settings.maxMessageLength() - 1) + "…" : whole;
    }

    private CompletionStage<Boolean> store(EngineClient engine, Item item) {
        CompletionStage<Done> named = item.name() == null ? CompletableFuture.completedFuture(Done.getInstance())
                : engine.askCustomer(item.customerId(), r -> new Customer.SetName(item.name(), r));
        return named.thenCompose(n -> Threads.receive(engine, sticky, new Threads.Inbound(item.thread().key(),
                        Channel.SOCIAL, item.route().queue(), item.route().priority(), item.route().skills(),
                        item.customerId(), item.text(), item.externalId(), item.kind(), null)))
                .thenApply(received -> received.message() instanceof Reply.Ok<Transcript.Message>);
    }
}
