package io.acd.loadtest.channels;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.acd.gateway.webhook.Signature;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Messages in per second through a channel's whole path, against a running engine: each message comes from a
 * customer of its own, so each opens an interaction, and the run ends when the engine's router holds them all
 * ({@code waiting} in GET /v1/routing). The clock runs from the first message sent to the last one queued.
 * <pre>
 * channel-load sms    --url U --key-file F --count N --fakesmsc-port P --to NUMBER
 * channel-load email  --url U --key-file F --count N --smtp host:port --to ADDRESS [--connections C]
 * channel-load social --url U --key-file F --count N --secret S --page ID [--concurrency C]
 * </pre>
 * SMS goes through Kannel: its own load generator, fakesmsc, sends the messages as fast as Kannel takes them.
 */
public final class ChannelLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ChannelLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("Usage: channel-load sms|email|social --url U --key-file F --count N ... (see the class)");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        String url = options.getOrDefault("--url", "http://127.0.0.1:8080");
        String key = Files.readString(Path.of(options.getOrDefault("--key-file", "data/admin.key"))).strip();
        int count = Integer.parseInt(options.getOrDefault("--count", "1000"));
        long before = waiting(url, key);
        String run = Long.toString(System.currentTimeMillis() % 1_000_000);
        long start = System.nanoTime();
        Process fakesmsc = null;
        switch (args[0]) {
            case "sms" -> fakesmsc = new ProcessBuilder("/usr/lib/kannel/test/fakesmsc", "-H", "127.0.0.1", "-r",
                    options.getOrDefault("--fakesmsc-port", "10000"), "-i", "0", "-m", String.valueOf(count), "-z", "1",
                    "+48" + run + "<rand> " + options.get("--to") + " text Load test message")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            case "email" -> email(options, count, run);
            case "social" -> social(options, count, run);
            default -> throw new IllegalArgumentException("sms, email or social, not " + args[0]);
        }
        long sent = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long queued;
        while ((queued = waiting(url, key) - before) < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long done = System.nanoTime();
        if (fakesmsc != null) {
            fakesmsc.destroy();
        }
        double seconds = (done - start) / 1e9;
        System.out.printf("%s: %d of %d messages queued as interactions in %.2f s: %.0f messages/s"
                        + " (the driver sent for %.2f s)%n", args[0], queued, count, seconds, queued / seconds,
                (sent - start) / 1e9);
        System.exit(queued >= count ? 0 : 1);
    }

    private static long waiting(String url, String key) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/routing"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("waiting").asLong();
    }

    /** Mails over a few SMTP connections, each kept open for its share, as a mail server relaying would. */
    private static void email(Map<String, String> options, int count, String run) throws Exception {
        String[] smtp = options.getOrDefault("--smtp", "127.0.0.1:2525").split(":");
        int connections = Integer.parseInt(options.getOrDefault("--connections", "4"));
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp[0]);
        props.put("mail.smtp.port", smtp[1]);
        Session session = Session.getInstance(props);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> all = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            all.add(pool.submit(() -> {
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect();
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        MimeMessage mail = new MimeMessage(session);
                        String from = "load" + run + "-" + i + "@example.org";
                        mail.setFrom(new InternetAddress(from));
                        mail.setRecipients(Message.RecipientType.TO, options.get("--to"));
                        mail.setSubject("Load test " + i);
                        mail.setText("Hello, this is load test mail " + i + ".\nRegards");
                        mail.saveChanges();
                        transport.sendMessage(mail, mail.getAllRecipients());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
    }

    /** Signed deliveries, one private message each, from several senders at once. */
    private static void social(Map<String, String> options, int count, String run) throws Exception {
        String url = options.getOrDefault("--url", "http://127.0.0.1:8080") + "/v1/channels/social/webhook";
        String secret = options.get("--secret");
        String page = options.get("--page");
        int concurrency = Integer.parseInt(options.getOrDefault("--concurrency", "16"));
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> all = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            all.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + page + "\",\"messaging\":[{"
                            + "\"sender\":{\"id\":\"u" + run + "-" + i + "\"},\"recipient\":{\"id\":\"" + page + "\"},"
                            + "\"message\":{\"mid\":\"m_" + run + "_" + i + "\",\"text\":\"Load test message " + i
                            + "\"}}]}]}";
                    HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/json")
                            .header("X-Hub-Signature-256", Signature.of(secret, body))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 200) {
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        if (refused.get() > 0) {
            System.out.println(refused.get() + " deliveries were not answered 200");
        }
    }
}
