package io.acd.gateway.email;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.URLName;
import jakarta.mail.search.FlagTerm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads an IMAP mailbox every {@code poll-interval}: each unseen mail is received as if sent to the mailbox's
 * support address, and marked seen once stored (or refused for good, so a malformed mail does not come back
 * at every poll). A mail not stored for a passing reason stays unseen and is taken at the next poll.
 */
final class ImapPoller {

    private static final Logger log = LoggerFactory.getLogger(ImapPoller.class);

    private final ScheduledExecutorService scheduler;

    private ImapPoller(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    static ImapPoller start(Email email, EmailSettings settings) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "acd-email-imap");
            thread.setDaemon(true);
            return thread;
        });
        Properties props = new Properties();
        props.put("mail.imap.connectiontimeout", "10000");
        props.put("mail.imap.timeout", "20000");
        props.put("mail.imaps.connectiontimeout", "10000");
        props.put("mail.imaps.timeout", "20000");
        Session session = Session.getInstance(props);
        URLName url = new URLName(settings.imapUrl());
        long every = settings.imapPollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> poll(email, session, url, settings.imapAddress()), 0, every,
                TimeUnit.MILLISECONDS);
        log.info("E-mail: reading {}://{}@{}:{}/{} every {}", url.getProtocol(), url.getUsername(), url.getHost(),
                url.getPort(), url.getFile(), settings.imapPollInterval());
        return new ImapPoller(scheduler);
    }

    private static void poll(Email email, Session session, URLName url, String address) {
        try (Store store = session.getStore(url)) {
            store.connect();
            Folder folder = store.getFolder(url.getFile() == null || url.getFile().isEmpty() ? "INBOX" : url.getFile());
            folder.open(Folder.READ_WRITE);
            try {
                for (Message message : folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    message.writeTo(raw);
                    Email.Outcome outcome = email.receive(address, raw.toByteArray()).toCompletableFuture()
                            .get(30, TimeUnit.SECONDS);
                    if (outcome.stored() || outcome.code() >= 500) {
                        message.setFlag(Flags.Flag.SEEN, true);
                    }
                    if (!outcome.stored()) {
                        log.warn("A mail in the IMAP mailbox was not taken: {} {}", outcome.code(), outcome.reason());
                    }
                }
            } finally {
                folder.close(false);
            }
        } catch (MessagingException | IOException e) {
            log.warn("The IMAP mailbox could not be read: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("The IMAP mailbox was read only in part: {}", e.toString());
        }
    }

    void stop() {
        scheduler.shutdownNow();
    }
}
