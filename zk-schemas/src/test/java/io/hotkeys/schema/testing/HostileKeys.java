package io.hotkeys.schema.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cache keys that break naive encodings, by what makes them hostile. Shared with the tests of the
 * other modules through zk-schemas' test jar.
 */
public final class HostileKeys {
    private HostileKeys() {}

    /** Each hostile key under a short description. */
    public static Map<String, String> byName() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("slashes", "/a/b//c/");
        keys.put("control characters", "a\u0000b\u0001c\n\t\u007f\u0085");
        keys.put("emoji", "\uD83D\uDD25hot\uD83D\uDE80");
        keys.put("dot", ".");
        keys.put("dot dot", "..");
        keys.put("zookeeper", "zookeeper");
        keys.put("empty", "");
        keys.put("upper case", "Key");
        keys.put("lower case", "key");
        keys.put("percent", "%2F");
        keys.put("prefix characters", "=#");
        keys.put("long", "x".repeat(5000));
        return keys;
    }

    /** The hostile keys. */
    public static List<String> all() {
        return List.copyOf(byName().values());
    }
}
