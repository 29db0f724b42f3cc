package io.acd.gateway.email;

import io.acd.engine.client.EngineClient;
import io.acd.engine.conversation.Transcript;
import io.acd.gateway.outbound.Outbox;
import io.acd.gateway.outbound.Sender;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Sends an agent's answer through the relay as a reply in the customer's thread: From the support address the
 * customer wrote to, Subject {@code Re:} the thread's subject, In-Reply-To the customer's latest mail and
 * References every mail of the thread so far, oldest first, and a Message-ID that names the interaction and
 * message (so the customer's reply, and a bounce, come back to it). A 5xx from the relay fails the message; no
 * answer, or a 4xx, is tried again by the outbox. Sending blocks, so it runs on the given executor.
 */
final class RelaySender implements Sender {

    /** References grow with the thread; mail programs keep the first and the latest ones when they cut it. */
    private static final int MAX_REFERENCES = 20;

    private final EmailSettings settings;
    private final Session session;
    private final Executor blocking;

    RelaySender(EmailSettings settings, Executor blocking) {
        this.settings = settings;
        this.blocking = blocking;
        Properties props = new Properties();
        props.put("mail.smtp.host", settings.relay().getHost());
        props.put("mail.smtp.port", String.valueOf(settings.relay().getPort() < 0 ? 25 : settings.relay().getPort()));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "10000");
        props.put("mail.smtp.writetimeout", "10000");
        props.put("mail.smtp.localhost", settings.hostname());
        if (settings.startTls()) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        String userInfo = settings.relay().getUserInfo();
        if (userInfo != null) {
            props.put("mail.smtp.auth", "true");
            String[] parts = userInfo.split(":", 2);
            this.session = Session.getInstance(props, new jakarta.mail.Authenticator() {
                @Override
                protected jakarta.mail.PasswordAuthentication getPasswordAuthentication() {
                    return new jakarta.mail.PasswordAuthentication(parts[0], parts.length > 1 ? parts[1] : "");
                }
            });
        } else {
            this.session = Session.getInstance(props);
        }
    }

    @Override
    public CompletionStage<Result> send(EngineClient engine, Outbox.Pending message) {
        String to = Email.addressOf(message.customerId());
        String from = Email.supportAddressOf(message.thread());
        if (to == null || from == null) {
            return CompletableFuture.completedFuture(new Refused("interaction " + message.interactionId()
                    + " has no e-mail address to answer (customer " + message.customerId() + ")"));
        }
        return engine.<Transcript.Page>askTranscript(message.interactionId(),
                        r -> new Transcript.Read(0, Transcript.MAX_MESSAGES, r))
                .thenComposeAsync(page -> CompletableFuture.completedFuture(
                        deliver(message, from, to, page.messages())), blocking);
    }

    private Result deliver(Outbox.Pending pending, String from, String to, List<Transcript.Message> thread) {
        String subject = "";
        String inReplyTo = null;
        List<String> references = new ArrayList<>();
        for (Transcript.Message m : thread) {
            if (m.direction() == Transcript.Direction.IN && m.externalId() != null
                    && m.externalId().startsWith(Email.EXTERNAL_PREFIX)) {
                String id = m.externalId().substring(Email.EXTERNAL_PREFIX.length());
                references.add(id);
                inReplyTo = id;
                if (subject.isEmpty() && m.content() != null && m.content().subject() != null) {
                    subject = m.content().subject();
                }
            } else if (m.direction() == Transcript.Direction.OUT && !m.messageId().equals(pending.messageId())) {
                references.add(MessageIds.ours(pending.interactionId(), m.messageId(), settings.hostname()));
            }
        }
        if (references.size() > MAX_REFERENCES) {
            List<String> kept = new ArrayList<>(references.subList(0, 1));
            kept.addAll(references.subList(references.size() - MAX_REFERENCES + 1, references.size()));
            references = kept;
        }
        String ownId = MessageIds.ours(pending.interactionId(), pending.messageId(), settings.hostname());
        try {
            MimeMessage mail = new MimeMessage(session) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", ownId);
                }
            };
            mail.setFrom(new InternetAddress(from));
            mail.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
            mail.setSubject(subject.isEmpty() ? "Re: your message" : "Re: " + subject, "UTF-8");
            if (inReplyTo != null) {
                mail.setHeader("In-Reply-To", inReplyTo);
            }
            if (!references.isEmpty()) {
                mail.setHeader("References", String.join(" ", references));
            }
            mail.setSentDate(new Date());
            mail.setText(pending.text(), "UTF-8");
            mail.saveChanges();
            Transport.send(mail);
            return new Accepted(ownId);
        } catch (AddressException e) {
            return new Refused("not an e-mail address: " + to);
        } catch (SMTPSendFailedException e) {
            return outcome(e.getReturnCode(), e.getMessage());
        } catch (SendFailedException e) {
            Exception next = e.getNextException();
            if (next instanceof SMTPAddressFailedException address) {
                return outcome(address.getReturnCode(), address.getMessage());
            }
            return new Retry("the relay did not take it: " + e.getMessage());
        } catch (MessagingException e) {
            return new Retry("the relay " + settings.relay().getHost() + " did not answer: " + e.getMessage());
        }
    }

    private static Result outcome(int code, String message) {
        String reason = "the relay answered " + code + ": " + String.valueOf(message).strip();
        return code >= 500 ? new Refused(reason) : new Retry(reason);
    }
}
