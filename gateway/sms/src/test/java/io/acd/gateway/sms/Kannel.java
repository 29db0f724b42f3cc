package io.acd.gateway.sms;

import io.acd.gateway.TestNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Kannel (bearerbox + smsbox), started by the project's own script, and the phones beside it: Kannel's
 * {@code fakesmsc}, the test SMSC client, which sends one SMS per run and prints each SMS it gets. Kannel's
 * fake SMSC takes one client at a time, so each SMS sent ends the previous client; what Kannel sends while none
 * is connected it keeps and delivers to the next.
 */
final class Kannel implements AutoCloseable {

    static final Path FAKESMSC = Path.of("/usr/lib/kannel/test/fakesmsc");
    private static final Pattern GOT = Pattern.compile("Got message \\d+: <(\\S+) (\\S+) text (.*)>");

    final int sendsmsPort;
    final int smscPort;
    final String secret = "kannel-test-secret-0123";
    private final Path dir;
    private final Process boxes;
    /** Its own lock, not this one: a phone's reader adds to it while a send waits for that phone. */
    private final List<Received> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Process phone;

    record Received(String from, String to, String text) {
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/sbin/bearerbox")) && Files.isExecutable(FAKESMSC);
    }

    private Kannel(int sendsmsPort, int smscPort, Path dir, Process boxes) {
        this.sendsmsPort = sendsmsPort;
        this.smscPort = smscPort;
        this.dir = dir;
        this.boxes = boxes;
    }

    /** Ports first, so the engine can be told where Kannel is before either starts. */
    static int[] ports() throws IOException {
        return new int[]{TestNode.freePort(), TestNode.freePort(), TestNode.freePort(), TestNode.freePort()};
    }

    static Kannel start(int[] ports, int enginePort, String secret) throws Exception {
        Path dir = Files.createTempDirectory("acd-kannel");
        Process boxes = new ProcessBuilder("kannel/run-kannel.sh", "--dir", dir.toString(), "--secret", secret,
                "--engine", "http://127.0.0.1:" + enginePort, "--sendsms-port", String.valueOf(ports[0]),
                "--smsc-port", String.valueOf(ports[1]), "--smsbox-port", String.valueOf(ports[2]),
                "--admin-port", String.valueOf(ports[3])).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(boxes.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                StringBuilder seen = new StringBuilder();
                for (String line; (line = out.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    if (line.startsWith("Kannel ready")) {
                        return line;
                    }
                }
                throw new IllegalStateException("Kannel stopped: " + seen);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        ready.get(30, TimeUnit.SECONDS);
        return new Kannel(ports[0], ports[1], dir, boxes);
    }

    /** A phone sends one SMS (Kannel's fakesmsc, plain text). */
    void sms(String from, String to, String text) throws IOException {
        send(from + " " + to + " text " + text);
    }

    /**
     * A phone sends a long SMS as the parts of a concatenated message: each part with the user data header
     * (3GPP TS 23.040: IEI 0, reference, count, number) and its text, URL-encoded, one fakesmsc run each.
     */
    void concatenated(String from, String to, int reference, String... parts) throws IOException {
        for (int i = 0; i < parts.length; i++) {
            String udh = String.format("%%05%%00%%03%%%02X%%%02X%%%02X", reference, parts.length, i + 1);
            send(from + " " + to + " udh " + udh + " " + java.net.URLEncoder.encode(parts[i],
                    StandardCharsets.UTF_8));
        }
    }

    private synchronized void send(String message) throws IOException {
        hangUp();
        Process next = new ProcessBuilder(FAKESMSC.toString(), "-H", "127.0.0.1", "-r", String.valueOf(smscPort),
                "-i", "0", "-m", "1", message).redirectErrorStream(true).start();
        phone = next;
        java.util.concurrent.CountDownLatch sent = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> read(next, sent), "fakesmsc");
        reader.setDaemon(true);
        reader.start();
        try {
            // The next SMS ends this phone: not before this one is out.
            if (!sent.await(15, TimeUnit.SECONDS)) {
                throw new IllegalStateException("fakesmsc did not send: " + message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(Process process, java.util.concurrent.CountDownLatch sent) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.contains("fakesmsc: sent message")) {
                    sent.countDown();
                }
                Matcher got = GOT.matcher(line);
                if (got.find()) {
                    received.add(new Received(got.group(1), got.group(2), got.group(3)));
                }
            }
        } catch (IOException e) {
            // The phone was hung up.
        }
    }

    /** Every SMS the phones got so far. */
    List<Received> received() {
        return List.copyOf(received);
    }

    private void hangUp() throws IOException {
        if (phone != null) {
            phone.destroy();
            try {
                phone.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("smsbox.log")) + Files.readString(dir.resolve("bearerbox.log"));
    }

    @Override
    public void close() throws Exception {
        hangUp();
        List<ProcessHandle> children = boxes.descendants().toList();
        boxes.destroy();
        boxes.waitFor(20, TimeUnit.SECONDS);
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
