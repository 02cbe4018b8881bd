package io.hotkeys.schema;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of an {@link AccessBatch} on Kafka, version {@value #FORMAT_VERSION}.
 *
 * <pre>
 * magic            2 bytes  'H' 'K'
 * version          1 byte   1
 * app              u16 length + UTF-8
 * instanceId       u16 length + UTF-8
 * bucketMs         varint   &gt; 0
 * sentAtMs         8 bytes  big-endian
 * droppedAccesses  varint   &gt;= 0
 * entryCount       varint
 * entryCount times:
 *   bucketStartMs  zig-zag varint, difference from the previous entry's (0 before the first)
 *   keyLength      varint   &lt;= KeyCodec.MAX_KEY_BYTES
 *   key            keyLength bytes
 *   count          varint   &gt; 0
 * </pre>
 *
 * Decoding checks every field and says which one is wrong and at which byte offset.
 */
public final class AccessBatchCodec {
    public static final int FORMAT_VERSION = 1;
    private static final byte MAGIC_0 = 'H';
    private static final byte MAGIC_1 = 'K';

    private AccessBatchCodec() {}

    public static byte[] encode(AccessBatch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 24 * batch.counts().size());
        out.write(MAGIC_0);
        out.write(MAGIC_1);
        out.write(FORMAT_VERSION);
        writeShortString(out, batch.app());
        writeShortString(out, batch.instanceId());
        writeVarLong(out, batch.bucketMs());
        writeLong(out, batch.sentAtMs());
        writeVarLong(out, batch.droppedAccesses());
        writeVarLong(out, batch.counts().size());
        long previousBucket = 0;
        for (AccessCount count : batch.counts()) {
            writeVarLong(out, zigZag(count.bucketStartMs() - previousBucket));
            previousBucket = count.bucketStartMs();
            writeVarLong(out, count.key().length);
            out.write(count.key(), 0, count.key().length);
            writeVarLong(out, count.count());
        }
        return out.toByteArray();
    }

    /** Size in bytes that one count adds to an encoded batch, at most. */
    public static int maxEncodedSize(AccessCount count) {
        return 10 + 5 + count.key().length + 10;
    }

    /**
     * Decodes a batch.
     *
     * @throws SchemaException naming the field and byte offset that is wrong
     */
    public static AccessBatch decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            checkHeader(in);
            String app = readShortString(in, "app");
            String instanceId = readShortString(in, "instanceId");
            long bucketMs = readPositive(in, "bucketMs");
            long sentAtMs = in.getLong();
            long dropped = readNonNegative(in, "droppedAccesses");
            List<AccessCount> counts = readCounts(in, bucketMs);
            if (in.hasRemaining()) {
                throw fieldError(in, "end", in.remaining() + " unexpected trailing bytes");
            }
            return new AccessBatch(app, instanceId, bucketMs, sentAtMs, dropped, counts);
        } catch (BufferUnderflowException e) {
            throw new SchemaException(
                    "access batch is truncated: it ends at byte "
                            + bytes.length
                            + " inside a field");
        }
    }

    private static void checkHeader(ByteBuffer in) {
        if (in.remaining() < 3 || in.get() != MAGIC_0 || in.get() != MAGIC_1) {
            throw new SchemaException(
                    "not an access batch: it does not start with the bytes 'HK' (was it written by"
                            + " something else on this topic?)");
        }
        int version = in.get() & 0xFF;
        if (version != FORMAT_VERSION) {
            throw new SchemaException(
                    "access batch has format version "
                            + version
                            + " but this reader knows only version "
                            + FORMAT_VERSION
                            + "; upgrade the job before the agents");
        }
    }

    private static List<AccessCount> readCounts(ByteBuffer in, long bucketMs) {
        long entries = readVarLong(in, "entryCount");
        if (entries > in.remaining() / 3) {
            throw fieldError(in, "entryCount", entries + " entries cannot fit in the batch");
        }
        List<AccessCount> counts = new ArrayList<>((int) entries);
        long bucket = 0;
        for (long i = 0; i < entries; i++) {
            bucket += unZigZag(readVarLong(in, "bucketStartMs"));
            if (Math.floorMod(bucket, bucketMs) != 0) {
                throw fieldError(in, "bucketStartMs", bucket + " is not a multiple of " + bucketMs);
            }
            byte[] key = readKey(in);
            long count = readPositive(in, "count");
            counts.add(new AccessCount(bucket, key, count));
        }
        return counts;
    }

    private static byte[] readKey(ByteBuffer in) {
        long length = readVarLong(in, "keyLength");
        if (length > KeyCodec.MAX_KEY_BYTES || length > in.remaining()) {
            throw fieldError(in, "keyLength", length + " is larger than allowed or available");
        }
        byte[] key = new byte[(int) length];
        in.get(key);
        return key;
    }

    private static long readNonNegative(ByteBuffer in, String field) {
        long value = readVarLong(in, field);
        if (value < 0) {
            throw fieldError(in, field, "must not be negative, was " + value);
        }
        return value;
    }

    private static long readPositive(ByteBuffer in, String field) {
        long value = readVarLong(in, field);
        if (value <= 0) {
            throw fieldError(in, field, "must be greater than 0, was " + value);
        }
        return value;
    }

    private static SchemaException fieldError(ByteBuffer in, String field, String problem) {
        return new SchemaException(
                "access batch field '" + field + "' near byte " + in.position() + ": " + problem);
    }

    private static void writeShortString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static String readShortString(ByteBuffer in, String field) {
        int length = in.getShort() & 0xFFFF;
        if (length > in.remaining()) {
            throw fieldError(in, field, "length " + length + " runs past the end");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeLong(ByteArrayOutputStream out, long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }

    private static void writeVarLong(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarLong(ByteBuffer in, String field) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw fieldError(in, field, "variable-length number is longer than 10 bytes");
    }

    private static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unZigZag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }
}
