package io.hotkeys.agent;

import java.util.List;

/** Cache keys that break naive encodings. */
final class HostileKeys {
    private HostileKeys() {}

    static List<String> all() {
        return List.of(
                "/a/b//c/",
                "a\u0000b\u0001c\n\t\u007f",
                "\uD83D\uDD25hot\uD83D\uDE80",
                ".",
                "..",
                "zookeeper",
                "",
                "Key",
                "key",
                "%2F",
                "x".repeat(5000));
    }
}
