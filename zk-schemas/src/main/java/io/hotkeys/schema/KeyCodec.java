package io.hotkeys.schema;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Turns any cache key into bytes, and bytes into a ZooKeeper node name, and back.
 *
 * <p>A cache key is a Java string; on the wire and in ZooKeeper it travels as its UTF-8 bytes, so
 * it comes back byte for byte. A string that is not well-formed UTF-16 (a lone surrogate) has no
 * UTF-8 form and is refused rather than silently altered.
 *
 * <p>ZooKeeper node names cannot hold {@code /}, most control characters, or be {@code .} or {@code
 * ..}, and long names make every listing of the parent large. Node names are therefore:
 *
 * <ul>
 *   <li>{@code =} followed by the key in percent-encoding (bytes outside a small safe ASCII set
 *       become {@code %XX}) when that is at most {@value #MAX_READABLE_NAME_CHARS} characters, so
 *       operators can read them;
 *   <li>{@code #} followed by the hex SHA-256 of the key bytes otherwise. The full key is then only
 *       in the node's data (which always carries it).
 * </ul>
 *
 * <p>Keys longer than {@value #MAX_KEY_BYTES} bytes are refused: ZooKeeper node data is limited to
 * about 1 MB by default ({@code jute.maxbuffer}), and a key that large is almost always a value
 * used by mistake as a key.
 */
public final class KeyCodec {
    /** Longest key, in UTF-8 bytes, that the pipeline tracks. */
    public static final int MAX_KEY_BYTES = 64 * 1024;

    /** Longest node name made by percent-encoding; longer keys get a digest name. */
    public static final int MAX_READABLE_NAME_CHARS = 200;

    static final char READABLE_PREFIX = '=';
    static final char DIGEST_PREFIX = '#';
    private static final String SAFE_PUNCTUATION = "-_.~:@!$*+,;()";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private KeyCodec() {}

    /**
     * Returns the UTF-8 bytes of a key.
     *
     * @throws SchemaException if the key is not well-formed UTF-16 or is longer than {@link
     *     #MAX_KEY_BYTES} bytes
     */
    public static byte[] toBytes(String key) {
        if (key.length() > MAX_KEY_BYTES) {
            throw tooLong(key.length() + " or more");
        }
        byte[] bytes = encodeStrict(key);
        if (bytes.length > MAX_KEY_BYTES) {
            throw tooLong(Integer.toString(bytes.length));
        }
        return bytes;
    }

    /**
     * Returns the key whose UTF-8 bytes these are.
     *
     * @throws SchemaException if the bytes are not valid UTF-8 or are too many
     */
    public static String fromBytes(byte[] bytes) {
        if (bytes.length > MAX_KEY_BYTES) {
            throw tooLong(Integer.toString(bytes.length));
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SchemaException("key bytes are not valid UTF-8: " + e.getMessage());
        }
    }

    /** Returns the ZooKeeper node name for a key given as its UTF-8 bytes. */
    public static String nodeName(byte[] keyBytes) {
        String readable = percentEncode(keyBytes);
        if (readable.length() <= MAX_READABLE_NAME_CHARS) {
            return readable;
        }
        return DIGEST_PREFIX + HexFormat.of().formatHex(sha256(keyBytes));
    }

    /**
     * Returns the key bytes a node name stands for, or empty when the name is a digest (the key
     * must then be read from the node's data).
     *
     * @throws SchemaException if the name was not made by {@link #nodeName(byte[])}
     */
    public static Optional<byte[]> keyFromNodeName(String name) {
        if (!name.isEmpty() && name.charAt(0) == DIGEST_PREFIX) {
            checkDigestName(name);
            return Optional.empty();
        }
        if (name.isEmpty() || name.charAt(0) != READABLE_PREFIX) {
            throw new SchemaException(
                    "node name '" + name + "' is not a key name: it must start with '=' or '#'");
        }
        byte[] bytes = percentDecode(name);
        if (!percentEncode(bytes).equals(name)) {
            throw new SchemaException("node name '" + name + "' is not in canonical form");
        }
        return Optional.of(bytes);
    }

    /** Tells whether a node name is the name of these key bytes. */
    public static boolean nameMatches(String name, byte[] keyBytes) {
        return nodeName(keyBytes).equals(name);
    }

    private static byte[] encodeStrict(String key) {
        try {
            ByteBuffer buffer =
                    StandardCharsets.UTF_8
                            .newEncoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .encode(CharBuffer.wrap(key));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new SchemaException(
                    "key is not well-formed UTF-16 (it holds a lone surrogate) and has no UTF-8"
                            + " form; fix the code that builds this key");
        }
    }

    private static SchemaException tooLong(String size) {
        return new SchemaException(
                "key is "
                        + size
                        + " bytes long; keys longer than "
                        + MAX_KEY_BYTES
                        + " bytes are not tracked (ZooKeeper node data is limited to about 1 MB)");
    }

    private static String percentEncode(byte[] bytes) {
        StringBuilder name = new StringBuilder(bytes.length + 1).append(READABLE_PREFIX);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isSafe(c)) {
                name.append((char) c);
            } else {
                name.append('%').append(HEX.toHexDigits((byte) c));
            }
        }
        return name.toString();
    }

    private static byte[] percentDecode(String name) {
        ByteBuffer out = ByteBuffer.allocate(name.length());
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%') {
                out.put(escapedByte(name, i));
                i += 2;
            } else if (c < 128 && isSafe(c)) {
                out.put((byte) c);
            } else {
                throw new SchemaException(
                        "node name '"
                                + name
                                + "' holds '"
                                + c
                                + "' at "
                                + i
                                + ", which must be escaped");
            }
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    private static byte escapedByte(String name, int index) {
        if (index + 3 > name.length()) {
            throw new SchemaException("node name '" + name + "' ends inside an escape at " + index);
        }
        try {
            return (byte) HexFormat.fromHexDigits(name, index + 1, index + 3);
        } catch (NumberFormatException e) {
            throw new SchemaException("node name '" + name + "' has a bad escape at " + index);
        }
    }

    private static void checkDigestName(String name) {
        boolean hex =
                name.length() == 65 && name.substring(1).chars().allMatch(KeyCodec::isLowerHex);
        if (!hex) {
            throw new SchemaException(
                    "node name '" + name + "' starts with '#' but is not '#' and 64 hex digits");
        }
    }

    private static boolean isLowerHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static boolean isSafe(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || SAFE_PUNCTUATION.indexOf(c) >= 0;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
