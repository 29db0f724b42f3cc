package io.acd.gateway.sms;

import com.typesafe.config.Config;
import io.acd.engine.client.EngineClient;
import io.acd.gateway.channel.ChannelAdapter;
import io.acd.gateway.channel.ChannelAdapterProvider;
import org.apache.pekko.actor.typed.ActorSystem;

import java.util.Optional;

/**
 * SMS for the default tenant when {@code acd.channels.sms.numbers} names a number, and for every tenant that puts
 * its settings over the API.
 */
public final class SmsProvider implements ChannelAdapterProvider {

    @Override
    public String channel() {
        return "sms";
    }

    @Override
    public Optional<ChannelAdapter> start(ActorSystem<?> system, EngineClient engine, Config settings) {
        SmsSettings sms = SmsSettings.from(settings);
        // Started without numbers too: a tenant may set its own over the API.
        if (sms.isOn() && sms.secret().isBlank()) {
            throw new IllegalArgumentException("acd.channels.sms.secret is empty: Kannel's calls could not be told"
                    + " from anyone else's");
        }
        return Optional.of(new Sms(system, engine, sms));
    }
}
