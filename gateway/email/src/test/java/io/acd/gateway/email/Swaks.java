package io.acd.gateway.email;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The customer's mail server, played by swaks (Debian's SMTP test tool) sending to the channel's listener. */
final class Swaks {

    private final int port;

    Swaks(int port) {
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/swaks"));
    }

    record Result(int exit, String output) {
        boolean accepted() {
            return exit == 0;
        }
    }

    /** A mail built by swaks from headers and a body. */
    Result send(String from, String to, String body, String... headers) throws Exception {
        Path bodyFile = Files.createTempFile("acd-body", ".txt");
        Files.writeString(bodyFile, body, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port",
                String.valueOf(port), "--from", from, "--to", to, "--body", "@" + bodyFile, "--suppress-data"));
        for (String header : headers) {
            command.add("--header");
            // swaks replaces a header of its own only when the name is spelled as it spells it.
            command.add(header.startsWith("Message-ID:") ? "Message-Id:" + header.substring("Message-ID:".length())
                    : header);
        }
        return run(command);
    }

    /** A whole mail as written (headers and MIME), for what swaks does not build. */
    Result sendRaw(String envelopeFrom, String to, String mail) throws Exception {
        Path file = Files.createTempFile("acd-mail", ".eml");
        Files.writeString(file, mail.replace("\n", "\r\n"), StandardCharsets.UTF_8);
        return run(List.of("swaks", "--server", "127.0.0.1", "--port", String.valueOf(port), "--from", envelopeFrom,
                "--to", to, "--data", "@" + file));
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
