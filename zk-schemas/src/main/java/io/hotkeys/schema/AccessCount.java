package io.hotkeys.schema;

import java.util.Arrays;

/**
 * How many times one key was accessed within one time bucket: the unit an agent ships and the job
 * counts.
 */
public final class AccessCount {
    private final long bucketStartMs;
    private final byte[] key;
    private final long count;

    /**
     * @param bucketStartMs start of the bucket, epoch milliseconds, a multiple of the bucket width
     * @param key the key's UTF-8 bytes (see {@link KeyCodec}); not copied
     * @param count accesses in the bucket, at least 1
     */
    public AccessCount(long bucketStartMs, byte[] key, long count) {
        this.bucketStartMs = bucketStartMs;
        this.key = key;
        this.count = count;
    }

    public long bucketStartMs() {
        return bucketStartMs;
    }

    /** The key's UTF-8 bytes; callers must not change them. */
    public byte[] key() {
        return key;
    }

    public long count() {
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessCount other
                && bucketStartMs == other.bucketStartMs
                && count == other.count
                && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(bucketStartMs) + Arrays.hashCode(key))
                + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return "AccessCount{bucket="
                + bucketStartMs
                + ", keyBytes="
                + key.length
                + ", count="
                + count
                + '}';
    }
}
