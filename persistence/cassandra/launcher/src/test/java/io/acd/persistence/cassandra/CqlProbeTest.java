package io.acd.persistence.cassandra;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The probe against servers that are not Cassandra: each must give a clean answer, and in bounded time. */
class CqlProbeTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private final List<ServerSocket> servers = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (ServerSocket server : servers) {
            server.close();
        }
    }

    /** A server on a free loopback port whose every connection is handled by the handler, one at a time. */
    private int serve(Handler handler) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(server);
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    handler.handle(socket);
                } catch (IOException e) {
                    // closed by the test, or the probe gave up: either way the next connection
                }
            }
        }, "fake-server");
        thread.setDaemon(true);
        thread.start();
        return server.getLocalPort();
    }

    private interface Handler {
        void handle(Socket socket) throws IOException;
    }

    private static CqlProbe.Answer probe(int port) {
        return assertTimeoutPreemptively(Duration.ofSeconds(5), () -> CqlProbe.probe("127.0.0.1", port, TIMEOUT));
    }

    @Test
    void aServerThatAnswersOptionsWithSupportedIsCql() throws IOException {
        byte[][] request = new byte[1][];
        int port = serve(socket -> {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[9];
            in.readFully(header);
            request[0] = header;
            OutputStream out = socket.getOutputStream();
            // SUPPORTED on the request's stream, with an empty string multimap (two zero bytes) as its body.
            out.write(new byte[] {(byte) 0x84, 0, header[2], header[3], 0x06, 0, 0, 0, 2, 0, 0});
            out.flush();
        });

        assertEquals(CqlProbe.Answer.CQL, probe(port));
        assertArrayEquals(new byte[] {0x04, 0, 0, 0x2A, 0x05, 0, 0, 0, 0}, request[0], "an OPTIONS frame, v4");
    }

    @Test
    void aServerThatAnswersSomethingElseIsNotCql() throws IOException {
        int port = serve(socket -> {
            socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        });

        assertEquals(CqlProbe.Answer.NOT_CQL, probe(port));
    }

    @Test
    void aServerThatAcceptsAndSaysNothingIsNotCqlAfterTheTimeout() throws IOException {
        int port = serve(socket -> {
            socket.getInputStream().readAllBytes(); // until the probe gives up and closes
        });

        assertEquals(CqlProbe.Answer.NOT_CQL, probe(port));
    }

    @Test
    void aServerThatClosesAtOnceIsNotCql() throws IOException {
        int port = serve(socket -> { });

        assertEquals(CqlProbe.Answer.NOT_CQL, probe(port));
    }

    @Test
    void aPortWithNothingOnItIsNothing() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        assertEquals(CqlProbe.Answer.NOTHING, probe(port));
    }
}
