package io.hotkeys.tools.demo;

/** Shows keys on a terminal: control characters escaped, long keys cut. */
final class Display {
    private static final int MAX_CHARS = 60;

    private Display() {}

    static String key(String key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < key.length() && i < MAX_CHARS; i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (key.length() > MAX_CHARS) {
            out.append("...");
        }
        return key.isEmpty() ? "(empty key)" : out.toString();
    }
}
