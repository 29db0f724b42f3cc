package io.acd.gateway.webchat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A headless Chromium driven over the DevTools protocol: one page, navigated, read and clicked through
 * JavaScript, screenshotted. Plain JDK (its HTTP client and WebSocket) and Jackson, so the test needs nothing
 * but the browser itself, which {@code .ci/run} installs.
 */
final class Chromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();

    /** The browser on this machine: {@code ACD_CHROMIUM}, or the first of the usual names on the PATH. */
    static Optional<Path> binary() {
        String configured = System.getenv("ACD_CHROMIUM");
        if (configured != null) {
            return Optional.of(Path.of(configured));
        }
        return Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                .flatMap(dir -> Stream.of("chromium", "chromium-browser", "google-chrome").map(n -> Path.of(dir, n)))
                .filter(Files::isExecutable).findFirst();
    }

    static Chromium start(Path binary) throws Exception {
        Path profile = Files.createTempDirectory("acd-chromium");
        Process process = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--user-data-dir=" + profile, "--window-size=480,760", "about:blank")
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<String> browserUrl = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = output.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        browserUrl.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                browserUrl.completeExceptionally(e);
            }
            browserUrl.completeExceptionally(new IllegalStateException("Chromium exited before it listened"));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        URI browser = URI.create(browserUrl.get(60, TimeUnit.SECONDS));
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        String pageUrl = null;
        for (JsonNode target : JSON.readTree(list)) {
            if ("page".equals(target.path("type").asText())) {
                pageUrl = target.path("webSocketDebuggerUrl").asText();
            }
        }
        if (pageUrl == null) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium opened no page: " + list);
        }
        return new Chromium(process, http, URI.create(pageUrl));
    }

    private Chromium(Process process, HttpClient http, URI pageUrl) throws Exception {
        this.process = process;
        this.page = http.newWebSocketBuilder().buildAsync(pageUrl, new Listener()).get(30, TimeUnit.SECONDS);
        call("Page.enable", Map.of());
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    CompletableFuture<JsonNode> answer = message.has("id")
                            ? answers.remove(message.get("id").asInt()) : null;
                    if (answer != null) {
                        answer.complete(message);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }

    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        page.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    void reload() throws Exception {
        call("Page.reload", Map.of());
    }

    /** The value of a JavaScript expression in the page; a thrown error fails the call. */
    JsonNode eval(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("In the page: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    void screenshot(Path file) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    @Override
    public void close() {
        try {
            page.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the browser goes anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static Duration bound() {
        return Duration.ofSeconds(20);
    }
}
