package io.acd.persistence.cassandra;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Asks a port whether CQL answers there, in the native protocol itself: an OPTIONS request, to which a CQL
 * server replies SUPPORTED (its protocol and compression options). A TCP connect alone would take anything
 * that accepts connections on the port for a Cassandra.
 */
public final class CqlProbe {

    /** What is on the port. */
    public enum Answer {
        /** A CQL server answered OPTIONS with SUPPORTED. */
        CQL,
        /** Something accepted the connection but did not answer in CQL in time. */
        NOT_CQL,
        /** Nothing accepted the connection. */
        NOTHING
    }

    /** Protocol v4: every Cassandra since 2.2 speaks it, and before STARTUP its frames need no v5 framing. */
    private static final byte VERSION = 0x04;
    private static final byte RESPONSE = (byte) 0x80;
    private static final byte OPTIONS = 0x05;
    private static final byte SUPPORTED = 0x06;
    private static final short STREAM = 0x2A;
    /** SUPPORTED lists a few option names and values: far below this. */
    private static final int MAX_BODY = 64 * 1024;

    private CqlProbe() {
    }

    /** Connects, sends OPTIONS and reads the answer, all within the timeout. */
    public static Answer probe(String host, int port, Duration timeout) {
        int millis = (int) Math.max(1, timeout.toMillis());
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(host, port), millis);
            } catch (IOException e) {
                return Answer.NOTHING;
            }
            socket.setSoTimeout(millis);
            return exchange(socket) ? Answer.CQL : Answer.NOT_CQL;
        } catch (IOException e) {
            return Answer.NOT_CQL;
        }
    }

    public static boolean answers(String host, int port, Duration timeout) {
        return probe(host, port, timeout) == Answer.CQL;
    }

    private static boolean exchange(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        // The header: version, flags, stream id (two bytes), opcode, body length (four bytes); no body.
        out.write(new byte[] {VERSION, 0, (byte) (STREAM >> 8), (byte) STREAM, OPTIONS, 0, 0, 0, 0});
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte version = in.readByte();
        in.readByte(); // flags
        short stream = in.readShort();
        byte opcode = in.readByte();
        int length = in.readInt();
        if ((version & RESPONSE) == 0 || stream != STREAM || opcode != SUPPORTED
                || length < 0 || length > MAX_BODY) {
            return false;
        }
        in.readFully(new byte[length]);
        return true;
    }
}
