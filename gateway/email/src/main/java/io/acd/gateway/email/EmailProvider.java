package io.acd.gateway.email;

import com.typesafe.config.Config;
import io.acd.engine.client.EngineClient;
import io.acd.gateway.channel.Attachments;
import io.acd.gateway.channel.ChannelAdapter;
import io.acd.gateway.channel.ChannelAdapterProvider;
import org.apache.pekko.actor.typed.ActorSystem;

import java.util.Optional;

/**
 * E-mail for the default tenant when {@code acd.channels.email.addresses} names an address, and for every tenant
 * that puts its settings over the API; the SMTP listener and the IMAP mailbox are the node's own settings.
 */
public final class EmailProvider implements ChannelAdapterProvider {

    @Override
    public String channel() {
        return "email";
    }

    @Override
    public Optional<ChannelAdapter> start(ActorSystem<?> system, EngineClient engine, Config settings) {
        EmailSettings email = EmailSettings.from(settings);
        // Started without addresses too: a tenant may set its own over the API (the listener is the node's).
        if (email.isOn() && !email.imapUrl().isBlank() && !email.addresses().containsKey(email.imapAddress())) {
            throw new IllegalArgumentException("acd.channels.email.imap.address must be one of the addresses, not '"
                    + email.imapAddress() + "'");
        }
        return Optional.of(new Email(system, engine, email, Attachments.from(system.settings().config())));
    }
}
