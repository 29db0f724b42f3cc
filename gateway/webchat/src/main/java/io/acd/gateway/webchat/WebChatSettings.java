package io.acd.gateway.webchat;

import com.typesafe.config.Config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code acd.channels.webchat}: see its reference.conf for what each setting means. */
record WebChatSettings(List<String> queues, int priority, Map<String, Integer> skills, String title,
                       int maxMessageLength, double messagesPerSecond, double messagesBurst,
                       int sessionsPerAddress, int startsPerAddressPerHour) {

    static WebChatSettings from(Config config) {
        Map<String, Integer> skills = new TreeMap<>();
        Config skillConfig = config.getConfig("skills");
        skillConfig.root().keySet().forEach(skill -> skills.put(skill, skillConfig.getInt(skill)));
        return new WebChatSettings(List.copyOf(config.getStringList("queues")), config.getInt("priority"),
                Map.copyOf(skills), config.getString("title"), config.getInt("max-message-length"),
                config.getDouble("messages.per-second"), config.getDouble("messages.burst"),
                config.getInt("sessions-per-address"), config.getInt("starts-per-address-per-hour"));
    }

    boolean isOn() {
        return !queues.isEmpty();
    }
}
