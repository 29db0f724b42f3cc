package io.acd.gateway.email;

import com.typesafe.config.Config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code acd.channels.email}: see its reference.conf for what each setting means. */
record EmailSettings(int smtpPort, String smtpInterface, String hostname, URI relay, boolean startTls,
                     Map<String, Route> addresses, long maxMessageSize, long maxAttachmentSize, String imapUrl,
                     String imapAddress, Duration imapPollInterval) {

    record Route(String queue, int priority, Map<String, Integer> skills) {
    }

    static EmailSettings from(Config config) {
        Map<String, Route> addresses = new LinkedHashMap<>();
        Config addressConfig = config.getConfig("addresses");
        addressConfig.root().keySet().forEach(address -> {
            Config route = addressConfig.getConfig("\"" + address + "\"");
            Map<String, Integer> skills = new TreeMap<>();
            if (route.hasPath("skills")) {
                Config s = route.getConfig("skills");
                s.root().keySet().forEach(skill -> skills.put(skill, s.getInt(skill)));
            }
            addresses.put(address.toLowerCase(Locale.ROOT), new Route(route.getString("queue"),
                    route.hasPath("priority") ? route.getInt("priority") : 0, Map.copyOf(skills)));
        });
        Config imap = config.getConfig("imap");
        return new EmailSettings(config.getInt("smtp-port"), config.getString("smtp-interface"),
                config.getString("hostname"), URI.create(config.getString("relay")), config.getBoolean("start-tls"),
                Map.copyOf(addresses), config.getBytes("max-message-size"), config.getBytes("max-attachment-size"),
                imap.getString("url"), imap.getString("address").toLowerCase(Locale.ROOT),
                imap.getDuration("poll-interval"));
    }

    boolean isOn() {
        return !addresses.isEmpty();
    }
}
