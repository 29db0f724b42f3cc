package io.acd.loadtest.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the commands that build the network, one process each. A failure names the command, its exit code
 * and what it wrote to stderr, which is where ip and nft say what is wrong ("Operation not permitted",
 * "File exists").
 */
final class Shell {

    /** What a command did. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {

        boolean ok() {
            return exitCode == 0;
        }

        /** The failure as a sentence: the command line, its exit code and its stderr. */
        String describe() {
            String why = stderr.isBlank() ? stdout.strip() : stderr.strip();
            return "`" + String.join(" ", command) + "` failed with exit code " + exitCode
                    + (why.isEmpty() ? "" : ": " + why);
        }
    }

    /** ip and nft answer in milliseconds; a command still running after this is stuck. */
    private static final long TIMEOUT_SECONDS = 30;

    private Shell() {
    }

    /** Runs the command and gives its stdout; a non-zero exit is a {@link NetworkException}. */
    static String check(List<String> command) {
        return check(command, null);
    }

    static String check(List<String> command, String stdin) {
        Result result = run(command, stdin);
        if (!result.ok()) {
            throw new NetworkException(result.describe());
        }
        return result.stdout();
    }

    /** Runs the command and gives whatever it did, failure included. */
    static Result run(List<String> command) {
        return run(command, null);
    }

    static Result run(List<String> command, String stdin) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new NetworkException("Cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        }
        // Both streams at once: a command that fills one pipe while we wait on the other would never end.
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The command ended before reading its input; its exit code and stderr tell why.
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new NetworkException("`" + String.join(" ", command) + "` did not end within "
                        + TIMEOUT_SECONDS + " s");
            }
            return new Result(List.copyOf(command), process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new NetworkException("Interrupted while running `" + String.join(" ", command) + "`", e);
        }
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
