package io.hotkeys.schema;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key of an app was written: every agent of the app drops its copy of the key. Agents send it to
 * the invalidation topic on Kafka after a write reaches the cache, and every agent of the app reads
 * it.
 *
 * <pre>
 * magic    2 bytes  'H' 'I'
 * version  1 byte   1
 * app      u16 length + UTF-8
 * origin   u16 length + UTF-8 (instance id of the agent that saw the write)
 * key      the rest: the key's UTF-8 bytes
 * </pre>
 *
 * @param app the app
 * @param origin instance id of the agent that saw the write
 * @param key the key's UTF-8 bytes
 */
public record Invalidation(String app, String origin, byte[] key) {
    public static final int FORMAT_VERSION = 1;
    private static final byte MAGIC_0 = 'H';
    private static final byte MAGIC_1 = 'I';

    public Invalidation {
        ZkLayout.checkApp(app);
        ZkLayout.checkInstanceId(origin);
        if (key.length > KeyCodec.MAX_KEY_BYTES) {
            throw new SchemaException(
                    "invalidation key is longer than " + KeyCodec.MAX_KEY_BYTES + " bytes");
        }
    }

    public byte[] encode() {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(8 + app.length() + origin.length() + key.length);
        out.write(MAGIC_0);
        out.write(MAGIC_1);
        out.write(FORMAT_VERSION);
        writeShortString(out, app);
        writeShortString(out, origin);
        out.write(key, 0, key.length);
        return out.toByteArray();
    }

    /**
     * Reads an invalidation.
     *
     * @throws SchemaException naming what is wrong
     */
    public static Invalidation decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            if (in.get() != MAGIC_0 || in.get() != MAGIC_1) {
                throw new SchemaException("not an invalidation: it does not start with 'HI'");
            }
            int version = in.get() & 0xFF;
            if (version != FORMAT_VERSION) {
                throw new SchemaException(
                        "invalidation has version "
                                + version
                                + "; this reader knows "
                                + FORMAT_VERSION);
            }
            String app = readShortString(in);
            String origin = readShortString(in);
            byte[] key = Arrays.copyOfRange(bytes, in.position(), bytes.length);
            return new Invalidation(app, origin, key);
        } catch (BufferUnderflowException e) {
            throw new SchemaException("invalidation is truncated at byte " + bytes.length);
        }
    }

    private static void writeShortString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static String readShortString(ByteBuffer in) {
        int length = in.getShort() & 0xFFFF;
        if (length > in.remaining()) {
            throw new SchemaException("invalidation field runs past the end");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Invalidation i
                && app.equals(i.app)
                && origin.equals(i.origin)
                && Arrays.equals(key, i.key);
    }

    @Override
    public int hashCode() {
        return 31 * app.hashCode() + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "Invalidation{app="
                + app
                + ", origin="
                + origin
                + ", key="
                + KeyCodec.nodeName(key)
                + '}';
    }
}
