package io.acd.gateway.sms;

import com.typesafe.config.Config;
import io.acd.engine.client.EngineClient;
import io.acd.gateway.channel.ChannelAdapter;
import io.acd.gateway.channel.ChannelAdapterProvider;
import org.apache.pekko.actor.typed.ActorSystem;

import java.util.Optional;

/** SMS is on when {@code acd.channels.sms.numbers} names a number. */
public final class SmsProvider implements ChannelAdapterProvider {

    @Override
    public String channel() {
        return "sms";
    }

    @Override
    public Optional<ChannelAdapter> start(ActorSystem<?> system, EngineClient engine, Config settings) {
        SmsSettings sms = SmsSettings.from(settings);
        if (!sms.isOn()) {
            return Optional.empty();
        }
        if (sms.secret().isBlank()) {
            throw new IllegalArgumentException("acd.channels.sms.secret is empty: Kannel's calls could not be told"
                    + " from anyone else's");
        }
        return Optional.of(new Sms(system, engine, sms));
    }
}
