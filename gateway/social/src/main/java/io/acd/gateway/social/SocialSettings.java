package io.acd.gateway.social;

import com.typesafe.config.Config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** {@code acd.channels.social}: see its reference.conf for what each setting means. */
record SocialSettings(String appSecret, String verifyToken, String sendUrl, String commentReplyUrl,
                      Map<String, Page> pages, int maxMessageLength) {

    /** How a page's contacts route: private messages as {@code messages}, public comments as {@code comments}. */
    record Route(String queue, int priority, Map<String, Integer> skills) {
    }

    record Page(String accessToken, Route messages, Route comments) {
    }

    static SocialSettings from(Config config) {
        Map<String, Page> pages = new LinkedHashMap<>();
        Config pageConfig = config.getConfig("pages");
        pageConfig.root().keySet().forEach(id -> {
            Config page = pageConfig.getConfig("\"" + id + "\"");
            Route messages = route(page, null);
            Route comments = page.hasPath("comments") ? route(page.getConfig("comments"), messages) : messages;
            // Optional, so that a page may take messages before its token is at hand; its answers fail until then.
            pages.put(id, new Page(page.hasPath("access-token") ? page.getString("access-token") : "", messages,
                    comments));
        });
        return new SocialSettings(config.getString("app-secret"), config.getString("verify-token"),
                config.getString("send-url"), config.getString("comment-reply-url"), Map.copyOf(pages),
                config.getInt("max-message-length"));
    }

    private static Route route(Config config, Route defaults) {
        Map<String, Integer> skills = new TreeMap<>();
        if (config.hasPath("skills")) {
            Config s = config.getConfig("skills");
            s.root().keySet().forEach(skill -> skills.put(skill, s.getInt(skill)));
        } else if (defaults != null) {
            skills.putAll(defaults.skills());
        }
        return new Route(config.hasPath("queue") ? config.getString("queue") : defaults.queue(),
                config.hasPath("priority") ? config.getInt("priority") : defaults == null ? 0 : defaults.priority(),
                Map.copyOf(skills));
    }

    boolean isOn() {
        return !pages.isEmpty();
    }
}
