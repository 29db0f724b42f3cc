package io.acd.gateway.webchat;

import io.acd.gateway.auth.RateLimiter;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What one client address may do on this node: how many chat sockets it holds open, and how fast it starts
 * chats. A page behind a shared address (an office, a mobile carrier) counts as one, which is why both limits
 * are settings. Counted per node, like the API's rate limit.
 */
final class AddressLimits {

    private final int socketsPerAddress;
    private final RateLimiter starts;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    AddressLimits(WebChatSettings settings) {
        this.socketsPerAddress = settings.sessionsPerAddress();
        this.starts = new RateLimiter(settings.startsPerAddressPerHour() / 3600.0, settings.startsPerAddressPerHour(),
                System::nanoTime);
    }

    /** 0 when a chat may start from this address; else the seconds until one may. */
    long start(String address) {
        return starts.take(address);
    }

    /** True, and counted, when the address may open one more socket; {@link #closed} gives it back. */
    boolean open(String address) {
        boolean[] allowed = {false};
        open.compute(address, (a, count) -> {
            int now = count == null ? 0 : count;
            allowed[0] = now < socketsPerAddress;
            return allowed[0] ? now + 1 : (count == null ? null : now);
        });
        return allowed[0];
    }

    void closed(String address) {
        open.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }
}
