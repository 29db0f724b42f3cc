package io.acd.gateway.sms;

import com.typesafe.config.Config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@code acd.channels.sms}: see its reference.conf for what each setting means. */
record SmsSettings(Map<String, Line> numbers, String secret, String sendsmsUrl, String username, String password,
                   String dlrUrl, Set<String> stopWords, Set<String> startWords, String stopReply, String startReply,
                   int maxMessageLength) {

    /** What a number's conversations are routed as. */
    record Line(String queue, int priority, Map<String, Integer> skills) {
    }

    static SmsSettings from(Config config) {
        Map<String, Line> numbers = new LinkedHashMap<>();
        Config numberConfig = config.getConfig("numbers");
        // A number's key holds a '+', so it is quoted in HOCON; root() gives the keys as they were written.
        numberConfig.root().keySet().forEach(number -> {
            Config line = numberConfig.getConfig("\"" + number + "\"");
            Map<String, Integer> skills = new TreeMap<>();
            if (line.hasPath("skills")) {
                Config s = line.getConfig("skills");
                s.root().keySet().forEach(skill -> skills.put(skill, s.getInt(skill)));
            }
            numbers.put(number, new Line(line.getString("queue"), line.hasPath("priority") ? line.getInt("priority")
                    : 0, Map.copyOf(skills)));
        });
        Config kannel = config.getConfig("kannel");
        return new SmsSettings(Map.copyOf(numbers), config.getString("secret"), kannel.getString("sendsms-url"),
                kannel.getString("username"), kannel.getString("password"), kannel.getString("dlr-url"),
                words(config.getStringList("keywords.stop")), words(config.getStringList("keywords.start")),
                config.getString("stop-reply"), config.getString("start-reply"), config.getInt("max-message-length"));
    }

    private static Set<String> words(List<String> words) {
        return words.stream().map(w -> w.strip().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    boolean isOn() {
        return !numbers.isEmpty();
    }

    /** What a message that is one keyword asks for; NONE for every other message. */
    Keyword keyword(String text) {
        String word = text.strip().toUpperCase(Locale.ROOT);
        return stopWords.contains(word) ? Keyword.STOP : startWords.contains(word) ? Keyword.START : Keyword.NONE;
    }

    enum Keyword { NONE, STOP, START }
}
