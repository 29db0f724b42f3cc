package io.acd.loadtest.sim.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The text side of a desktop socket, for a {@link WebSocket.Listener}: joins the frames of each message, reads
 * it as JSON and hands it over, then asks for the next frame. A message that cannot be read or handled goes to
 * {@code unreadable} with why; the socket goes on.
 */
public final class DesktopFrames {

    private final StringBuilder partial = new StringBuilder();
    private final Consumer<JsonNode> handler;
    private final BiConsumer<String, Exception> unreadable;

    public DesktopFrames(Consumer<JsonNode> handler, BiConsumer<String, Exception> unreadable) {
        this.handler = handler;
        this.unreadable = unreadable;
    }

    /** What the listener's {@code onText} returns. */
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                handler.accept(EngineApi.JSON.readTree(text));
            } catch (IOException | RuntimeException e) {
                unreadable.accept(text, e);
            }
        }
        ws.request(1);
        return null;
    }
}
