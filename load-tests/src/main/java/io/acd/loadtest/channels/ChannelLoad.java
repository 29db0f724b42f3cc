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
 * channel-load rest   --url U --key-file F --count N [--concurrency C]     (POST /v1/conversations/messages)
 * </pre>
 * {@code --customers K} (e-mail, social, rest) sends from K customers only, so that all but the first K messages
 * join a conversation that is open; those channels acknowledge a message once it is stored, so the driver's own
 * time is the rate then.
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
        int customers = Integer.parseInt(options.getOrDefault("--customers", String.valueOf(count)));
        options.put("--customers", String.valueOf(customers));
        int conversations = Math.min(count, customers);
        long before = waiting(url, key);
        String run = Long.toString(System.currentTimeMillis() % 1_000_000);
        long start = System.nanoTime();
        Process fakesmsc = null;
        switch (args[0]) {
            case "sms" -> fakesmsc = new ProcessBuilder("/usr/lib/kannel/test/fakesmsc", "-H", "127.0.0.1", "-r",
                    options.getOrDefault("--fakesmsc-port", "10000"), "-i", "0", "-m", String.valueOf(count), "-z", "1",
                    "+48" + run + " " + options.get("--to") + " text Load test message")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            case "email" -> email(options, count, run);
            case "social" -> social(options, count, run);
            case "rest" -> rest(options, key, count, run);
            default -> throw new IllegalArgumentException("sms, email or social, not " + args[0]);
        }
        long sent = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long queued;
        while ((queued = waiting(url, key) - before) < conversations && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long done = System.nanoTime();
        if (fakesmsc != null) {
            fakesmsc.destroy();
        }
        double seconds = (done - start) / 1e9;
        if (conversations == count) {
            System.out.printf("%s: %d of %d messages queued as interactions in %.2f s: %.0f messages/s"
                            + " (the driver sent for %.2f s)%n", args[0], queued, count, seconds, queued / seconds,
                    (sent - start) / 1e9);
        } else {
            double sending = (sent - start) / 1e9;
            System.out.printf("%s: %d messages from %d customers stored in %.2f s: %.0f messages/s (%d of %d"
                    + " conversations queued)%n", args[0], count, customers, sending, count / sending, queued,
                    conversations);
        }
        System.exit(queued >= conversations ? 0 : 1);
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
                        String from = "load" + run + "-" + (i % Integer.parseInt(options.get("--customers")))
                                + "@example.org";
                        if (Integer.parseInt(options.get("--customers")) < count) {
                            // A reply in the customer's thread: it refers to the customer's first mail.
                            mail.setHeader("References", "<first-" + run + "-"
                                    + (i % Integer.parseInt(options.get("--customers"))) + "@example.org>");
                        }
                        if (i < Integer.parseInt(options.get("--customers"))) {
                            mail.setHeader("Message-ID", "<first-" + run + "-" + i + "@example.org>");
                            mail.removeHeader("References");
                        }
                        mail.setFrom(new InternetAddress(from));
                        mail.setRecipients(Message.RecipientType.TO, options.get("--to"));
                        mail.setSubject("Load test " + i);
                        mail.setText("Hello, this is load test mail " + i + ".\nRegards");
                        String id = mail.getHeader("Message-ID", null);
                        mail.saveChanges();
                        if (id != null) {
                            mail.setHeader("Message-ID", id);
                        }
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

    /** The gateways' own API for threads, without a channel's protocol: the baseline of the adapters. */
    private static void rest(Map<String, String> options, String key, int count, String run) throws Exception {
        String url = options.getOrDefault("--url", "http://127.0.0.1:8080") + "/v1/conversations/messages";
        int customers = Integer.parseInt(options.get("--customers"));
        parallel(Integer.parseInt(options.getOrDefault("--concurrency", "16")), count, i -> {
            String body = "{\"thread\":\"rest:load\",\"channel\":\"social\",\"queue\":\"social\",\"customer\":{\"id\":"
                    + "\"rest:" + run + "-" + (i % customers) + "\"},\"text\":\"Load test message " + i
                    + "\",\"externalId\":\"r-" + run + "-" + i + "\"}";
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() < 300;
        });
    }

    interface Send {
        boolean send(int i) throws Exception;
    }

    /** {@code count} sends from {@code threads} threads at once; says how many were not answered 2xx. */
    private static void parallel(int threads, int count, Send send) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> all = new ArrayList<>();
        for (int c = 0; c < threads; c++) {
            all.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    if (!send.send(i)) {
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
            System.out.println(refused.get() + " requests were not answered 2xx");
        }
    }

    /** Signed deliveries, one private message each, from several senders at once. */
    private static void social(Map<String, String> options, int count, String run) throws Exception {
        String url = options.getOrDefault("--url", "http://127.0.0.1:8080") + "/v1/channels/social/webhook";
        String secret = options.get("--secret");
        String page = options.get("--page");
        int customers = Integer.parseInt(options.get("--customers"));
        parallel(Integer.parseInt(options.getOrDefault("--concurrency", "16")), count, i -> {
            String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + page + "\",\"messaging\":[{"
                    + "\"sender\":{\"id\":\"u" + run + "-" + (i % customers) + "\"},\"recipient\":{\"id\":\"" + page
                    + "\"},\"message\":{\"mid\":\"m_" + run + "_" + i + "\",\"text\":\"Load test message " + i
                    + "\"}}]}]}";
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .header("X-Hub-Signature-256", Signature.of(secret, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        });
    }
}
