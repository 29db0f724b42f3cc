package io.acd.gateway.webchat;

import com.fasterxml.jackson.databind.JsonNode;
import io.acd.gateway.Client;
import io.acd.gateway.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A customer chats with an agent through the web chat page in a real browser (headless Chromium), the agent
 * through its desktop socket: the chat starts, is offered and accepted, messages go both ways, the page is
 * reloaded and shows the transcript again, the agent completes and the page shows the end.
 */
class WebChatBrowserTest {

    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(Map.of("acd.channels.webchat.queues", List.of("chat"),
                "acd.channels.webchat.title", "Chat with Example Co."));
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    @Test
    void aCustomerAndAnAgentChatThroughThePage() throws Exception {
        Optional<Path> browser = Chromium.binary();
        // CI installs Chromium (.ci/run); a developer's machine without it skips this test, CI never does.
        assumeTrue(browser.isPresent() || System.getenv("CI") != null, "No Chromium on this machine");
        Client admin = node.admin();
        assertEquals(200, admin.put("/v1/agents/ala", "{\"name\":\"Ala\",\"skills\":{},\"capacity\":{\"chat\":2}}")
                .status());
        assertEquals(200, admin.post("/v1/agents/ala/state", "{\"state\":\"available\"}").status());
        Client.Desktop desktop = admin.desktop("ala");
        desktop.next("agent_state");

        try (Chromium page = Chromium.start(browser.orElseThrow(() ->
                new AssertionError("CI must have Chromium: .ci/run installs it")))) {
            String url = "http://127.0.0.1:" + node.port() + "/chat/";
            page.navigate(url);
            waitFor(page, "document.getElementById('acd-chat').getAttribute('data-phase') === 'start'"
                    + " && document.querySelector('.acd-head h1').textContent === 'Chat with Example Co.'");
            page.eval("document.getElementById('acd-name').value = 'Jan';"
                    + "document.getElementById('acd-first').value = 'Hello, my invoice is wrong';"
                    + "document.getElementById('acd-start-button').click(); true");
            waitFor(page, "document.getElementById('acd-status').textContent.startsWith('Waiting for an agent')");

            JsonNode offer = desktop.next("offer");
            String interactionId = offer.path("interactionId").asText();
            assertEquals("chat", offer.path("channel").asText());
            desktop.send("{\"type\":\"accept\",\"interactionId\":\"" + interactionId + "\"}");
            assertEquals("connected", desktop.next("ack").path("status").asText());
            JsonNode transcript = desktop.next("transcript");
            assertTrue(transcript.toString().contains("Hello, my invoice is wrong"), transcript.toString());
            assertTrue(transcript.toString().contains("Jan started a chat"), "the agent sees who started it");
            waitFor(page, "document.getElementById('acd-status').textContent === 'You are chatting with Ala'");

            desktop.send("{\"type\":\"send_message\",\"interactionId\":\"" + interactionId
                    + "\",\"text\":\"Hi Jan, let me check that for you.\",\"clientId\":\"d-1\"}");
            assertEquals("d-1", desktop.next("ack").path("clientId").asText());
            waitFor(page, "[...document.querySelectorAll('.acd-msg.out')].some(m =>"
                    + " m.textContent.includes('let me check that for you'))");

            page.eval("document.getElementById('acd-input').value = 'Thank you!';"
                    + "document.getElementById('acd-send').click(); true");
            JsonNode fromCustomer = nextMessage(desktop, "Thank you!");
            assertEquals("in", fromCustomer.path("direction").asText());

            // The page acknowledged the agent's message: the channel moved it to delivered.
            await().atMost(Chromium.bound()).until(() -> admin.get("/v1/interactions/" + interactionId
                    + "/messages").body().path("messages").toString().contains("\"status\":\"delivered\""));
            waitFor(page, "document.querySelectorAll('.acd-msg').length === 3"
                    + " && !document.querySelector('.acd-msg.pending')");
            page.screenshot(Path.of("target", "webchat.png"));

            page.reload();
            waitFor(page, "document.getElementById('acd-status').textContent === 'You are chatting with Ala'"
                    + " && document.querySelectorAll('.acd-msg').length === 3");
            assertEquals("Hello, my invoice is wrong|Hi Jan, let me check that for you.|Thank you!",
                    page.eval("[...document.querySelectorAll('.acd-msg .acd-text')].map(m => m.textContent)"
                            + ".join('|')").asText(), "the transcript is back, in order, without notes");

            desktop.send("{\"type\":\"complete\",\"interactionId\":\"" + interactionId + "\"}");
            waitFor(page, "document.getElementById('acd-chat').getAttribute('data-phase') === 'ended'"
                    + " && document.getElementById('acd-status').textContent === 'The chat has ended.'");
        }
    }

    /** The message pushed with this text; the customer's first one may come as a push too, if offered by then. */
    private static JsonNode nextMessage(Client.Desktop desktop, String text) {
        while (true) {
            JsonNode message = desktop.next("message");
            if (text.equals(message.path("text").asText())) {
                return message;
            }
        }
    }

    private static void waitFor(Chromium page, String condition) {
        await().atMost(Chromium.bound()).ignoreExceptions().until(() -> page.eval(condition).asBoolean());
    }
}
