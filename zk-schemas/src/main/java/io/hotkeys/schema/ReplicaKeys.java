package io.hotkeys.schema;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Names of a hot key's replica keys in Redis. Replica {@code i} of key {@code k} is named {@code
 * {i.s~k}}: the braces make the whole name a Redis Cluster hash tag, so neither the original key's
 * own hash tag (if it has one) nor a common prefix pins every replica to one slot. The salt {@code
 * s} is the smallest number that gives the replica a cluster slot that neither the key nor an
 * earlier replica has, so the replicas of a key always land on different slots (and on different
 * shards when the slots are spread over shards). Every agent computes the same names.
 */
public final class ReplicaKeys {
    /** Number of Redis Cluster hash slots. */
    public static final int SLOTS = 16384;

    private static final int MAX_SALT = 10_000;

    private ReplicaKeys() {}

    /** The names of the first {@code count} replicas of a key. */
    public static String[] names(String key, int count) {
        String[] names = new String[count];
        Set<Integer> usedSlots = new HashSet<>();
        usedSlots.add(slot(key));
        for (int i = 0; i < count; i++) {
            names[i] = freeName(key, i, usedSlots);
        }
        return names;
    }

    private static String freeName(String key, int index, Set<Integer> usedSlots) {
        String name = name(key, index, 0);
        for (int salt = 0; salt < MAX_SALT; salt++) {
            name = name(key, index, salt);
            if (usedSlots.add(slot(name))) {
                return name;
            }
        }
        return name;
    }

    private static String name(String key, int index, int salt) {
        return "{" + index + "." + salt + "~" + key + "}";
    }

    /** The Redis Cluster hash slot of a key: CRC16 (XMODEM) of its hash tag or whole name. */
    public static int slot(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        int start = 0;
        int end = bytes.length;
        int open = indexOf(bytes, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(bytes, (byte) '}', open + 1);
            if (close > open + 1) {
                start = open + 1;
                end = close;
            }
        }
        return crc16(bytes, start, end) % SLOTS;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** CRC-16/XMODEM: polynomial 0x1021, initial value 0, no reflection. */
    private static int crc16(byte[] bytes, int start, int end) {
        int crc = 0;
        for (int i = start; i < end; i++) {
            crc ^= (bytes[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xFFFF;
    }
}
