package io.acd.gateway.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Message-IDs: those of the answers this channel sends name the interaction and message they carry
 * ({@code <acd.<interaction>.<message>@host>}), so a reply or a bounce that refers to one leads back to its
 * interaction without a lookup.
 */
final class MessageIds {

    private static final Pattern ID = Pattern.compile("<[^<>\\s]+>");
    private static final Pattern OURS = Pattern.compile("<acd\\.([A-Za-z0-9-]{1,64})\\.([A-Za-z0-9-]{1,64})@[^<>\\s]+>");

    private MessageIds() {
    }

    static String ours(String interactionId, String messageId, String hostname) {
        return "<acd." + interactionId + "." + messageId + "@" + hostname + ">";
    }

    /** The interaction and message of one of our Message-IDs. */
    record Ours(String interactionId, String messageId) {
    }

    static Optional<Ours> parse(String messageId) {
        Matcher m = messageId == null ? null : OURS.matcher(messageId.strip());
        return m != null && m.matches() ? Optional.of(new Ours(m.group(1), m.group(2))) : Optional.empty();
    }

    /** The Message-IDs of a header (References may hold many), in order. */
    static List<String> all(String header) {
        List<String> ids = new ArrayList<>();
        if (header != null) {
            Matcher m = ID.matcher(header);
            while (m.find()) {
                ids.add(m.group());
            }
        }
        return ids;
    }
}
