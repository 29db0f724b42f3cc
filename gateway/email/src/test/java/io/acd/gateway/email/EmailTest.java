package io.acd.gateway.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.acd.gateway.Client;
import io.acd.gateway.TestNode;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * E-mail end to end: swaks plays the customer's mail server and sends into the SMTP listener; the agent reads and
 * answers on the desktop; the answer arrives at GreenMail (the relay) with the threading headers; the customer's
 * reply to it joins the same interaction; a bounce of an answer marks it failed; mail in an IMAP mailbox
 * (GreenMail's IMAP) is taken too; mail to another address, too large or malformed is refused and stores nothing.
 */
class EmailTest {

    private static final String SUPPORT = "support@acme.example";
    private static final String SALES = "sales@acme.example";
    /** The first test's own address and agent, so that no other test's mail is offered to that agent. */
    private static final String HELP = "help@acme.example";
    private static TestNode node;
    private static Client admin;
    private static GreenMail relay;
    private static Swaks swaks;

    @BeforeAll
    static void start() throws Exception {
        // CI installs swaks (.ci/run); a developer's machine without it skips this test, CI never does.
        assumeTrue(Swaks.installed() || System.getenv("CI") != null, "No swaks on this machine");
        int smtp = TestNode.freePort();
        relay = new GreenMail(new ServerSetup[]{new ServerSetup(TestNode.freePort(), "127.0.0.1", "smtp"),
                new ServerSetup(TestNode.freePort(), "127.0.0.1", "imap")});
        relay.start();
        relay.setUser("inbox@acme.example", "inbox", "inbox-password");
        Map<String, Object> settings = new HashMap<>();
        settings.put("acd.routing.start-delay", "0s");
        settings.put("acd.interaction.offer-timeout", "60s");
        settings.put("acd.channels.email.smtp-port", smtp);
        settings.put("acd.channels.email.smtp-interface", "127.0.0.1");
        settings.put("acd.channels.email.hostname", "acd.acme.example");
        settings.put("acd.channels.email.relay", "smtp://127.0.0.1:" + relay.getSmtp().getPort());
        settings.put("acd.channels.email.addresses.\"" + SUPPORT + "\".queue", "email");
        settings.put("acd.channels.email.addresses.\"" + SUPPORT + "\".skills.mail", 1);
        settings.put("acd.channels.email.addresses.\"" + HELP + "\".queue", "help");
        settings.put("acd.channels.email.addresses.\"" + HELP + "\".skills.help", 1);
        settings.put("acd.channels.email.addresses.\"" + SALES + "\".queue", "sales-mail");
        settings.put("acd.channels.email.max-message-size", "200KiB");
        settings.put("acd.channels.email.max-attachment-size", "50KiB");
        settings.put("acd.channels.email.imap.url", "imap://inbox:inbox-password@127.0.0.1:"
                + relay.getImap().getPort() + "/INBOX");
        settings.put("acd.channels.email.imap.address", SALES);
        settings.put("acd.channels.email.imap.poll-interval", "500ms");
        node = TestNode.start(settings);
        admin = node.admin();
        swaks = new Swaks(smtp);
        assertEquals(200, admin.put("/v1/agents/max", "{\"name\":\"Max\",\"skills\":{\"mail\":1},"
                + "\"capacity\":{\"email\":3}}").status());
        assertEquals(200, admin.put("/v1/agents/hana", "{\"name\":\"Hana\",\"skills\":{\"help\":1},"
                + "\"capacity\":{\"email\":3}}").status());
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.stop();
        }
        if (relay != null) {
            relay.stop();
        }
    }

    private static JsonNode messages(String interactionId) {
        return admin.get("/v1/interactions/" + interactionId + "/messages").body().path("messages");
    }

    private static String interactionOf(String customer) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode visits = admin.get("/v1/customers/email:" + URLEncoder.encode(customer, StandardCharsets.UTF_8)
                    + "/interactions").body().path("interactions");
            id[0] = visits.isEmpty() ? null : visits.get(0).path("interactionId").asText();
            return id[0] != null;
        });
        return id[0];
    }

    private static MimeMessage awaitRelayed(String to, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> relayedTo(to).size() >= count);
        return relayedTo(to).get(count - 1);
    }

    private static List<MimeMessage> relayedTo(String to) {
        return Arrays.stream(relay.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(to));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    @Test
    void aMailIsAnsweredInTheSameThreadAndTheRepliesJoinIt() throws Exception {
        String jan = "jan@example.org";
        Client.Desktop desktop = admin.desktop("hana");
        assertEquals(200, admin.post("/v1/agents/hana/state", "{\"state\":\"available\"}").status());
        for (int i = 0; i < 10; i++) {
            Swaks.Result sent = swaks.send(jan, HELP, "Hello,\nmy parcel 123 has not arrived.\nJan",
                    "From: \"Jan Nowak\" <jan@example.org>", "Subject: Parcel 123 is late",
                    "Message-ID: <first-123@example.org>");
            assertTrue(sent.accepted(), sent.output());
        }
        JsonNode offer = desktop.next("offer");
        assertEquals("email", offer.path("channel").asText());
        String interaction = offer.path("interactionId").asText();
        assertEquals(interaction, interactionOf(jan));
        desktop.send("{\"type\":\"accept\",\"interactionId\":\"" + interaction + "\"}");
        assertEquals("connected", desktop.next("ack").path("status").asText());
        JsonNode first = desktop.next("transcript").path("messages");
        assertEquals(1, first.size(), "a mail sent ten times is one message: " + first);
        assertTrue(first.get(0).path("text").asText().contains("my parcel 123 has not arrived"));
        assertEquals("Parcel 123 is late", first.get(0).path("subject").asText());
        JsonNode original = first.get(0).path("attachments").get(0);
        assertEquals("original.eml", original.path("name").asText());
        byte[] eml = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + node.port() + "/v1/interactions/" + interaction + "/attachments/" + original.path("sha256")
                        .asText())).header("Authorization", "Bearer " + admin.key()).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertTrue(new String(eml, StandardCharsets.UTF_8).contains("Message-Id: <first-123@example.org>"),
                "the original, byte for byte");

        desktop.send("{\"type\":\"send_message\",\"interactionId\":\"" + interaction
                + "\",\"text\":\"Dear Jan, your parcel leaves today.\",\"clientId\":\"e-1\"}");
        assertEquals("e-1", desktop.next("ack").path("clientId").asText());
        MimeMessage answer = awaitRelayed(jan, 1);
        assertEquals("Re: Parcel 123 is late", answer.getSubject());
        assertEquals(HELP, answer.getFrom()[0].toString());
        assertEquals("<first-123@example.org>", answer.getHeader("In-Reply-To", null));
        assertTrue(answer.getHeader("References", " ").contains("<first-123@example.org>"));
        String ours = answer.getMessageID();
        assertTrue(ours.startsWith("<acd." + interaction + "."), ours);
        assertTrue(GreenMailUtil.getBody(answer).contains("your parcel leaves today"));
        await().atMost(Duration.ofSeconds(10)).until(() -> messages(interaction).get(1).path("status").asText()
                .equals("sent"));

        // Jan answers from a mail program: Re: and the threading headers of the answer.
        Swaks.Result reply = swaks.send(jan, HELP, "Thank you!", "Subject: Re: Parcel 123 is late",
                "Message-ID: <reply-1@example.org>", "In-Reply-To: " + ours,
                "References: <first-123@example.org> " + ours);
        assertTrue(reply.accepted(), reply.output());
        // And once more, from a program that sets In-Reply-To only.
        assertTrue(swaks.send(jan, HELP, "One more thing.", "Subject: AW: Parcel 123 is late",
                "Message-ID: <reply-2@example.org>", "In-Reply-To: " + ours).accepted());
        await().atMost(Duration.ofSeconds(20)).until(() -> messages(interaction).size() == 4);
        assertEquals("Thank you!", messages(interaction).get(2).path("text").asText());
        assertEquals("One more thing.", messages(interaction).get(3).path("text").asText());

        desktop.send("{\"type\":\"send_message\",\"interactionId\":\"" + interaction
                + "\",\"text\":\"You are welcome.\"}");
        MimeMessage second = awaitRelayed(jan, 2);
        assertEquals("<reply-2@example.org>", second.getHeader("In-Reply-To", null));
        String references = second.getHeader("References", " ");
        assertTrue(references.startsWith("<first-123@example.org>") && references.contains(ours)
                && references.contains("<reply-1@example.org>"), references);
        desktop.close();
    }

    @Test
    void htmlIsMadeSafeAndLargeAttachmentsAreLeftOutWithANote() throws Exception {
        String ewa = "ewa@example.org";
        String big = "A".repeat(60 * 1024);
        String mail = "From: ewa@example.org\nTo: " + SUPPORT + "\nSubject: Invoice\nMessage-ID: <html-1@example.org>\n"
                + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n"
                + "--b1\nContent-Type: text/html; charset=UTF-8\n\n"
                + "<p>My <b>invoice</b> is wrong<script>alert(1)</script><img src=\"http://tracker.example/p.gif\"></p>\n"
                + "--b1\nContent-Type: text/plain; name=\"note.txt\"\nContent-Disposition: attachment; filename=\"note.txt\"\n\n"
                + "order 77\n"
                + "--b1\nContent-Type: application/octet-stream; name=\"scan.bin\"\nContent-Disposition: attachment; "
                + "filename=\"scan.bin\"\n\n" + big + "\n--b1--\n";
        Swaks.Result sent = swaks.sendRaw(ewa, SUPPORT, mail);
        assertTrue(sent.accepted(), sent.output());
        String interaction = interactionOf(ewa);
        JsonNode message = messages(interaction).get(0);
        assertTrue(message.path("text").asText().contains("My invoice is wrong"), message.toString());
        assertTrue(message.path("text").asText().contains("not kept, over the size limit: scan.bin"));
        String html = message.path("html").asText();
        assertTrue(html.contains("<b>invoice</b>"), html);
        assertFalse(html.contains("script") || html.contains("tracker.example"), html);
        List<String> names = message.path("attachments").findValuesAsText("name");
        assertEquals(List.of("original.eml", "note.txt"), names);
    }

    @Test
    void mailToAnotherAddressTooLargeOrMalformedIsRefusedAndStoresNothing() throws Exception {
        long before = admin.get("/v1/routing").body().path("waiting").asLong(-1);
        assertFalse(swaks.send("eve@example.org", "ceo@acme.example", "hi").accepted());
        Swaks.Result tooLarge = swaks.send("eve@example.org", SUPPORT, "x".repeat(300 * 1024),
                "Subject: big");
        assertFalse(tooLarge.accepted());
        assertTrue(tooLarge.output().contains("552"), tooLarge.output());
        Swaks.Result malformed = swaks.sendRaw("eve@example.org", SUPPORT, "From: eve@example.org\nSubject: x\n"
                + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"nowhere\"\n\nno parts at all\n");
        assertFalse(malformed.accepted(), malformed.output());
        assertTrue(malformed.output().contains("554"), malformed.output());
        assertEquals(before, admin.get("/v1/routing").body().path("waiting").asLong(-1));
        assertEquals(0, admin.get("/v1/customers/email:eve%40example.org/interactions").body()
                .path("interactions").size());
    }

    @Test
    void aBounceOfAnAnswerMarksItFailed() throws Exception {
        String ola = "ola@example.org";
        assertTrue(swaks.send(ola, SUPPORT, "Where is my refund?", "Subject: Refund",
                "Message-ID: <refund-1@example.org>").accepted());
        String interaction = interactionOf(ola);
        assertEquals(200, admin.post("/v1/agents/max/state", "{\"state\":\"available\"}").status());
        await().atMost(Duration.ofSeconds(20)).until(() -> "offered".equals(admin.get("/v1/interactions/"
                + interaction).body().path("status").asText()));
        assertEquals(200, admin.post("/v1/interactions/" + interaction + "/accept", "{\"agentId\":\"max\"}").status());
        assertEquals(201, admin.post("/v1/interactions/" + interaction + "/messages",
                "{\"direction\":\"out\",\"agentId\":\"max\",\"text\":\"It is on its way.\"}").status());
        String ours = awaitRelayed(ola, 1).getMessageID();

        String dsn = "From: MAILER-DAEMON@example.org\nTo: " + SUPPORT + "\nSubject: Undelivered Mail Returned to Sender\n"
                + "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"r1\"\n\n"
                + "--r1\nContent-Type: text/plain\n\nThe mail could not be delivered.\n"
                + "--r1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
                + "Final-Recipient: rfc822; ola@example.org\nAction: failed\nStatus: 5.1.1\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n"
                + "--r1\nContent-Type: text/rfc822-headers\n\nFrom: " + SUPPORT + "\nTo: ola@example.org\n"
                + "Subject: Re: Refund\nMessage-ID: " + ours + "\n--r1--\n";
        assertTrue(swaks.sendRaw("<>", SUPPORT, dsn).accepted());
        await().atMost(Duration.ofSeconds(20)).until(() -> messages(interaction).get(1).path("status").asText()
                .equals("failed"));
        assertTrue(messages(interaction).toString().contains("550 5.1.1 user unknown"), messages(interaction).toString());
    }

    @Test
    void mailInTheImapMailboxIsTakenOnce() throws Exception {
        GreenMailUtil.sendTextEmail("inbox@acme.example", "piotr@example.org", "New offer", "Please send me an offer.",
                new ServerSetup(relay.getSmtp().getPort(), "127.0.0.1", "smtp"));
        String interaction = interactionOf("piotr@example.org");
        assertEquals("sales-mail", admin.get("/v1/interactions/" + interaction).body().path("queue").asText());
        assertEquals("Please send me an offer.", messages(interaction).get(0).path("text").asText());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() ->
                messages(interaction).size() == 1);
    }
}
