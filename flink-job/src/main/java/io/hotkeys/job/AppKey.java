package io.hotkeys.job;

import java.nio.charset.StandardCharsets;

/**
 * The job's key for an app and a cache key: one string, so Flink can hash and compare it. The cache
 * key's bytes are mapped one to one onto chars (ISO-8859-1), so any bytes survive.
 */
final class AppKey {
    private static final char SEPARATOR = '\u0000';

    private AppKey() {}

    static String of(String app, byte[] key) {
        return app + SEPARATOR + new String(key, StandardCharsets.ISO_8859_1);
    }

    /** Returns {app, key chars}. App names cannot hold the separator, so the first one splits. */
    static String[] split(String appKey) {
        int at = appKey.indexOf(SEPARATOR);
        return new String[] {appKey.substring(0, at), appKey.substring(at + 1)};
    }

    static byte[] keyBytes(String keyChars) {
        return keyChars.getBytes(StandardCharsets.ISO_8859_1);
    }
}
