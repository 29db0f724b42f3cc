package io.acd.gateway.email;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * What the channel takes from one mail: who wrote it, its threading headers, its subject without reply and
 * forward prefixes, its text (the plain part, or the HTML part's text), its HTML made safe to show on a desktop,
 * and its attachments; or, for a delivery report (a bounce), the Message-ID of the mail that bounced.
 */
record ParsedMail(String messageId, List<String> references, String inReplyTo, String fromAddress, String fromName,
                  String subject, String text, String html, List<File> files, List<String> leftOut,
                  String bouncedMessageId, String bounceReason) {

    /** An attachment's name, type and bytes. */
    record File(String name, String contentType, byte[] bytes) {
    }

    /** A mail that cannot be read: refused with 554 (SMTP) and logged. */
    static final class Malformed extends Exception {
        Malformed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Re:, RE:, Aw:, Fwd:, Fw:, Wg:, Odp:, Sv:, Vs:, Tr:, and [ticket] tags, repeated. */
    private static final Pattern PREFIXES = Pattern.compile(
            "^(\\s*((re|aw|fwd?|wg|odp|sv|vs|tr|antw)(\\[\\d+])?\\s*:|\\[[^]]{1,40}]))+\\s*", Pattern.CASE_INSENSITIVE);
    private static final Session SESSION = Session.getInstance(new Properties());
    /** What the desktop may show of a mail's HTML: formatting and links, no script, style, form or remote image. */
    private static final Safelist SAFE = Safelist.relaxed().removeTags("img")
            .addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow");

    static String withoutPrefixes(String subject) {
        return subject == null ? "" : PREFIXES.matcher(subject).replaceFirst("").strip();
    }

    boolean isBounce() {
        return bouncedMessageId != null;
    }

    static ParsedMail parse(byte[] raw, long maxAttachment) throws Malformed {
        try {
            MimeMessage mail = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            String messageId = mail.getMessageID();
            String from = null;
            String name = null;
            jakarta.mail.Address[] senders = mail.getFrom();
            if (senders != null && senders.length > 0 && senders[0] instanceof InternetAddress a) {
                from = a.getAddress() == null ? null : a.getAddress().toLowerCase(Locale.ROOT);
                name = a.getPersonal();
            }
            String subject = withoutPrefixes(mail.getSubject());
            Walk walk = new Walk(maxAttachment);
            walk.part(mail);
            String text = walk.plain != null ? walk.plain
                    : walk.html != null ? Jsoup.parse(walk.html).wholeText() : "";
            String html = walk.html == null ? null : Jsoup.clean(walk.html, SAFE);
            return new ParsedMail(messageId, MessageIds.all(mail.getHeader("References", " ")),
                    first(MessageIds.all(mail.getHeader("In-Reply-To", " "))), from, name, subject,
                    text.replace("\r\n", "\n").strip(), html, List.copyOf(walk.files), List.copyOf(walk.leftOut),
                    walk.bounced, walk.bounceReason);
        } catch (MessagingException | IOException | RuntimeException e) {
            throw new Malformed("The mail could not be read: " + e.getMessage(), e);
        }
    }

    private static String first(List<String> ids) {
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** Walks the MIME tree: the first plain and HTML bodies, the attachments, a report's bounced mail. */
    private static final class Walk {
        private final long maxAttachment;
        private String plain;
        private String html;
        private final List<File> files = new ArrayList<>();
        private final List<String> leftOut = new ArrayList<>();
        private String bounced;
        private String bounceReason;

        Walk(long maxAttachment) {
            this.maxAttachment = maxAttachment;
        }

        void part(Part part) throws MessagingException, IOException {
            String type = part.getContentType() == null ? "text/plain" : part.getContentType().toLowerCase(Locale.ROOT);
            String disposition = part.getDisposition();
            String fileName = part.getFileName() == null ? null : MimeUtility.decodeText(part.getFileName());
            if (type.startsWith("multipart/")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    part(child);
                }
            } else if (type.startsWith("message/delivery-status")) {
                bounceReason = reason(read(part));
            } else if ((type.startsWith("message/rfc822") || type.startsWith("text/rfc822-headers"))
                    && bounceReason != null) {
                InternetHeaders headers = new InternetHeaders(part.getInputStream());
                bounced = headers.getHeader("Message-ID", null);
            } else if (Part.ATTACHMENT.equalsIgnoreCase(disposition) || fileName != null) {
                byte[] bytes = read(part);
                String name = fileName == null ? "attachment" : fileName;
                if (bytes.length > maxAttachment) {
                    leftOut.add(name + " (" + bytes.length + " bytes)");
                } else {
                    files.add(new File(name, type.split(";")[0].strip(), bytes));
                }
            } else if (type.startsWith("text/plain") && plain == null) {
                plain = String.valueOf(part.getContent());
            } else if (type.startsWith("text/html") && html == null) {
                html = String.valueOf(part.getContent());
            }
        }

        private static byte[] read(Part part) throws MessagingException, IOException {
            try (InputStream in = part.getInputStream()) {
                return in.readAllBytes();
            }
        }

        /** A delivery-status report's Status and Diagnostic-Code lines, for a person. */
        private static String reason(byte[] status) {
            StringBuilder reason = new StringBuilder();
            for (String line : new String(status, java.nio.charset.StandardCharsets.UTF_8).split("\r?\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("status:") || lower.startsWith("diagnostic-code:")) {
                    reason.append(reason.length() == 0 ? "" : "; ").append(line.strip());
                }
            }
            return reason.length() == 0 ? "the mail server reports the mail undeliverable" : reason.toString();
        }
    }
}
