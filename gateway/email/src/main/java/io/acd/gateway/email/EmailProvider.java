package io.acd.gateway.email;

import com.typesafe.config.Config;
import io.acd.engine.client.EngineClient;
import io.acd.gateway.channel.Attachments;
import io.acd.gateway.channel.ChannelAdapter;
import io.acd.gateway.channel.ChannelAdapterProvider;
import org.apache.pekko.actor.typed.ActorSystem;

import java.util.Optional;

/** E-mail is on when {@code acd.channels.email.addresses} names an address. */
public final class EmailProvider implements ChannelAdapterProvider {

    @Override
    public String channel() {
        return "email";
    }

    @Override
    public Optional<ChannelAdapter> start(ActorSystem<?> system, EngineClient engine, Config settings) {
        EmailSettings email = EmailSettings.from(settings);
        if (!email.isOn()) {
            return Optional.empty();
        }
        if (!email.imapUrl().isBlank() && !email.addresses().containsKey(email.imapAddress())) {
            throw new IllegalArgumentException("acd.channels.email.imap.address must be one of the addresses, not '"
                    + email.imapAddress() + "'");
        }
        return Optional.of(new Email(system, engine, email, Attachments.from(system.settings().config())));
    }
}
