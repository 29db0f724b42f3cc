package io.acd.gateway.outbound;

import io.acd.engine.client.EngineClient;

import java.util.concurrent.CompletionStage;

/**
 * A channel's way out: hands one agent's message to the channel's provider (Kannel's sendsms, an SMTP relay, a
 * social network's send API). The {@link OutboxEntity} calls it, retries it, and records what it answered.
 */
public interface Sender {

    /**
     * @param engine the client of the message's tenant, for what the channel needs beyond the message (an
     *               e-mail's threading headers from the transcript)
     */
    CompletionStage<Result> send(EngineClient engine, Outbox.Pending message);

    /** What the provider answered. */
    sealed interface Result {
    }

    /**
     * The provider took the message.
     *
     * @param providerId the provider's id of it, if it gives one; null otherwise
     */
    record Accepted(String providerId) implements Result {
    }

    /** It did not take it this time (down, overloaded, timed out): the outbox tries again later. */
    record Retry(String reason) implements Result {
    }

    /** It will never take it (an address it refuses, a message it cannot carry): the message fails at once. */
    record Refused(String reason) implements Result {
    }
}
