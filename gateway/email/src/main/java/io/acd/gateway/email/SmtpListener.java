package io.acd.gateway.email;

import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The SMTP listener (SubEthaSMTP): it takes mail for the support addresses only (550 at RCPT for any other),
 * as large as {@code max-message-size} (announced as SIZE; 552 beyond), and answers 250 only once the mail is
 * stored: a failure answers 451, so the sending server keeps the mail and tries again, and nothing is lost.
 */
final class SmtpListener {

    private static final Logger log = LoggerFactory.getLogger(SmtpListener.class);
    /** How long one mail may take to store before the sender is told to try again. */
    private static final long STORE_SECONDS = 30;

    private final SMTPServer server;

    private SmtpListener(SMTPServer server) {
        this.server = server;
    }

    static SmtpListener start(Email email, EmailSettings settings) {
        SMTPServer server;
        try {
            server = SMTPServer.port(settings.smtpPort())
                    .bindAddress(InetAddress.getByName(settings.smtpInterface()))
                    .hostName(settings.hostname())
                    .softwareName("ACD e-mail channel")
                    .maxMessageSize((int) Math.min(Integer.MAX_VALUE, settings.maxMessageSize()))
                    .maxRecipients(50)
                    .messageHandlerFactory(context -> new Handler(email, context, settings.maxMessageSize()))
                    .build();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("acd.channels.email.smtp-interface: " + e.getMessage(), e);
        }
        server.start();
        log.info("E-mail: SMTP listener on {}:{}", settings.smtpInterface(), server.getPortAllocated());
        return new SmtpListener(server);
    }

    void stop() {
        server.stop();
    }

    /** One SMTP transaction. */
    private static final class Handler implements MessageHandler {
        private final Email email;
        private final MessageContext context;
        private final List<String> recipients = new ArrayList<>();

        private final long maxSize;

        Handler(Email email, MessageContext context, long maxSize) {
            this.email = email;
            this.context = context;
            this.maxSize = maxSize;
        }

        @Override
        public void from(String from) {
            // Any sender: a customer writes from anywhere; an empty one (<>) is a delivery report.
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            if (!email.isOurs(recipient)) {
                throw new RejectException(550, "5.1.1 <" + recipient + ">: no such mailbox here");
            }
            recipients.add(recipient);
        }

        @Override
        public String data(InputStream data) throws RejectException, IOException {
            // SIZE in MAIL FROM is refused before the data; a client that did not send it is counted here.
            byte[] raw = data.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxSize + 1));
            if (raw.length > maxSize) {
                data.transferTo(java.io.OutputStream.nullOutputStream());
                throw new RejectException(552, "5.3.4 The mail is larger than the " + maxSize + " bytes taken here");
            }
            for (String recipient : recipients) {
                Email.Outcome outcome;
                try {
                    outcome = email.receive(recipient, raw).toCompletableFuture().get(STORE_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RejectException(451, "4.3.0 Not stored; try again later");
                } catch (ExecutionException | TimeoutException e) {
                    log.warn("A mail from {} was not stored: {}", context.getRemoteAddress(), e.toString());
                    throw new RejectException(451, "4.3.0 Not stored; try again later");
                }
                if (!outcome.stored()) {
                    throw new RejectException(outcome.code(), outcome.reason());
                }
            }
            return null;
        }

        @Override
        public void done() {
        }
    }
}
