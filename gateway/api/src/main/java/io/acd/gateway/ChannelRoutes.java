package io.acd.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.acd.engine.Reply;
import io.acd.engine.access.Role;
import io.acd.gateway.auth.Caller;
import io.acd.gateway.auth.Refusal;
import io.acd.gateway.channel.ChannelAdapter;
import io.acd.gateway.channel.ChannelSettings;
import io.acd.gateway.channel.ChannelSettingsView;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

/**
 * A tenant's channel settings, {@code /v1/channels/{channel}}: the same fields as {@code acd.channels.<channel>},
 * as JSON, checked by the channel's adapter before they are stored; every node takes them within about
 * {@code acd.http.channel-settings-refresh}. Admin and supervisor keys only; secrets are never shown again.
 */
final class ChannelRoutes extends AllDirectives {

    private static final Set<String> SECRETS = Set.of("secret", "password", "app-secret", "access-token",
            "verify-token", "url");

    private final Map<String, ChannelAdapter> adapters;
    private final RecipientRef<ChannelSettings.Command> store;
    private final ActorSystem<?> system;
    private final Duration askTimeout;

    ChannelRoutes(Map<String, ChannelAdapter> adapters, RecipientRef<ChannelSettings.Command> store,
                  ActorSystem<?> system, Duration askTimeout) {
        this.adapters = Map.copyOf(adapters);
        this.store = store;
        this.system = system;
        this.askTimeout = askTimeout;
    }

    Route routes(Caller caller) {
        return path(segment("channels").slash(segment()), channel -> {
            if (!caller.is(Role.ADMIN, Role.SUPERVISOR)) {
                return complete(HttpApi.refusal(Refusal.forbidden("Admin and supervisor keys set channels")));
            }
            ChannelAdapter adapter = adapters.get(channel);
            if (adapter == null) {
                throw new BadRequest("unknown_channel", "No channel " + channel + " is set per tenant here; one of "
                        + adapters.keySet().stream().sorted().toList());
            }
            return concat(
                    put(() -> entity(Unmarshaller.entityToString(), body -> put(caller.tenant(), channel, adapter,
                            body))),
                    get(() -> onSuccess(state(), state -> state.of(caller.tenant(), channel)
                            .map(json -> complete(HttpApi.response(StatusCodes.OK, shown(channel, json, state.version()))))
                            .orElseGet(() -> complete(HttpApi.response(StatusCodes.NOT_FOUND, Json.error("not_found",
                                    "Tenant " + caller.tenant() + " has no " + channel + " settings")))))),
                    delete(() -> onSuccess(AskPattern.<ChannelSettings.Command, Reply<ChannelSettings.State>>ask(store,
                                    r -> new ChannelSettings.Remove(caller.tenant(), channel, r), askTimeout,
                                    system.scheduler()),
                            reply -> complete(HttpApi.respond(reply, state ->
                                    "{\"channel\":\"" + channel + "\",\"deleted\":true}")))));
        });
    }

    private Route put(String tenant, String channel, ChannelAdapter adapter, String body) {
        JsonNode json = Json.parse(body);
        if (!json.isObject()) {
            throw new BadRequest("malformed_json", "The settings are a JSON object");
        }
        Config settings;
        try {
            settings = ChannelSettingsView.parse(channel, Json.write(json));
        } catch (RuntimeException e) {
            throw new BadRequest("invalid_settings", e.getMessage());
        }
        Optional<String> refused = adapter.check(tenant, settings);
        if (refused.isPresent()) {
            throw new BadRequest("invalid_settings", "The " + channel + " settings are refused: " + refused.get());
        }
        String stored = Json.write(json);
        return onSuccess(AskPattern.<ChannelSettings.Command, Reply<ChannelSettings.State>>ask(store,
                        r -> new ChannelSettings.Put(tenant, channel, stored, r), askTimeout, system.scheduler()),
                reply -> complete(HttpApi.respond(reply, state -> shown(channel, stored, state.version()))));
    }

    private CompletionStage<ChannelSettings.State> state() {
        return AskPattern.<ChannelSettings.Command, Optional<ChannelSettings.State>>ask(store,
                        r -> new ChannelSettings.GetIfNewer(-1, r), askTimeout, system.scheduler())
                .thenApply(Optional::orElseThrow);
    }

    /** The settings as stored, each secret (and each URL, which may hold a password) masked. */
    private static String shown(String channel, String json, long version) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("channel", channel);
        node.put("version", version);
        JsonNode settings = Json.parse(json);
        mask(settings);
        node.set("settings", settings);
        return Json.write(node);
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (SECRETS.contains(field.getKey()) && field.getValue().isTextual()
                        && !(field.getKey().equals("url") && !field.getValue().asText().contains("@"))) {
                    field.setValue(Json.MAPPER.getNodeFactory().textNode("********"));
                } else {
                    mask(field.getValue());
                }
            }
        }
    }
}
