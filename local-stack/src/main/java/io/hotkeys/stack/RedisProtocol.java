package io.hotkeys.stack;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Sends one command to a Redis server over a fresh socket and reads the reply, in RESP2 (the
 * protocol every Redis version speaks without a handshake).
 *
 * <p>Only what {@link LocalRedis} needs: the command goes out as an array of bulk strings, and a
 * reply can be a simple string, an error, an integer or a bulk string. The connection is closed
 * after each command, which is fine for the few administrative calls made here and keeps this class
 * free of connection state.
 */
final class RedisProtocol {
    private static final byte[] CRLF = {'\r', '\n'};

    private RedisProtocol() {}

    /**
     * Sends {@code args} as one command and returns the reply as text; an integer reply comes back
     * in decimal and a null bulk string as {@code null}.
     *
     * @throws RedisErrorReply if the server answers with an error
     * @throws IOException if the server cannot be reached, does not answer within {@code
     *     timeoutMs}, or answers with something this class does not read
     */
    static String call(String host, int port, int timeoutMs, String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            OutputStream out = socket.getOutputStream();
            out.write(encode(args));
            out.flush();
            return readReply(new BufferedInputStream(socket.getInputStream()));
        }
    }

    static byte[] encode(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        writeLine(buffer, "*" + args.length);
        for (String arg : args) {
            byte[] bytes = arg.getBytes(UTF_8);
            writeLine(buffer, "$" + bytes.length);
            buffer.writeBytes(bytes);
            buffer.writeBytes(CRLF);
        }
        return buffer.toByteArray();
    }

    static String readReply(InputStream in) throws IOException {
        int type = in.read();
        if (type == -1) {
            throw new IOException("connection closed before a reply");
        }
        String line = readLine(in);
        switch (type) {
            case '+':
            case ':':
                return line;
            case '-':
                throw new RedisErrorReply(line);
            case '$':
                return readBulk(in, Integer.parseInt(line));
            default:
                throw new IOException("unexpected reply type '" + (char) type + "': " + line);
        }
    }

    private static String readBulk(InputStream in, int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length || !readLine(in).isEmpty()) {
            throw new IOException("bulk string of " + length + " bytes cut short");
        }
        return new String(bytes, UTF_8);
    }

    /** Reads up to CRLF and returns the line without it. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b != -1; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, UTF_8);
            }
            line.write(b);
            previous = b;
        }
        throw new IOException("connection closed in the middle of a reply");
    }

    private static void writeLine(ByteArrayOutputStream buffer, String line) {
        buffer.writeBytes(line.getBytes(UTF_8));
        buffer.writeBytes(CRLF);
    }

    /** The server understood the command and refused it; the message is Redis's own. */
    static final class RedisErrorReply extends IOException {
        private static final long serialVersionUID = 1L;

        RedisErrorReply(String message) {
            super(message);
        }
    }
}
