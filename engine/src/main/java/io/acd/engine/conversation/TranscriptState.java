package io.acd.engine.conversation;

import io.acd.engine.conversation.Transcript.Message;
import io.acd.persistence.KryoMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The messages in the order they were added, and which external ids are stored, so a delivery the channel
 * retries is stored once. Transcripts are short (at most {@link Transcript#MAX_MESSAGES}), so each event copies.
 */
public record TranscriptState(List<Message> messages, Map<String, String> byExternalId, String customerTokenHash)
        implements KryoMessage {

    static TranscriptState empty() {
        return new TranscriptState(List.of(), Map.of(), null);
    }

    TranscriptState withCustomerToken(String tokenHash) {
        return new TranscriptState(messages, byExternalId, tokenHash);
    }

    Optional<Message> withExternalId(String externalId) {
        String id = externalId == null ? null : byExternalId.get(externalId);
        return id == null ? Optional.empty() : find(id);
    }

    Optional<Message> find(String messageId) {
        return messages.stream().filter(m -> m.messageId().equals(messageId)).findFirst();
    }

    TranscriptState added(Message message) {
        List<Message> more = new ArrayList<>(messages);
        more.add(message);
        Map<String, String> ids = byExternalId;
        if (message.externalId() != null) {
            ids = new HashMap<>(byExternalId);
            ids.put(message.externalId(), message.messageId());
            ids = Map.copyOf(ids);
        }
        return new TranscriptState(List.copyOf(more), ids, customerTokenHash);
    }

    TranscriptState deliveryChanged(Transcript.DeliveryChanged e) {
        return new TranscriptState(messages.stream().map(m -> m.messageId().equals(e.messageId())
                ? new Message(m.messageId(), m.direction(), m.author(), m.text(), m.externalId(), m.sentAt(),
                e.delivery(), m.content())
                : m).toList(), byExternalId, customerTokenHash);
    }
}
