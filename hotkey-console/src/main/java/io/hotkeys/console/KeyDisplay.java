package io.hotkeys.console;

/**
 * Shows a cache key on a terminal: printable characters as they are, everything else (control
 * characters, line breaks) as a {@code \\uXXXX} escape, so a hostile key cannot move the cursor or
 * forge a line of output. Long keys are cut with their full length noted.
 */
final class KeyDisplay {
    static final int MAX_SHOWN_CHARS = 120;

    private KeyDisplay() {}

    static String show(String key) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(key.length(), MAX_SHOWN_CHARS);
        for (int i = 0; i < shown; i++) {
            appendChar(out, key.charAt(i));
        }
        if (shown < key.length()) {
            out.append("... (").append(key.length()).append(" chars)");
        }
        return key.isEmpty() ? "(empty key)" : out.toString();
    }

    private static void appendChar(StringBuilder out, char c) {
        if (c == '\\') {
            out.append("\\\\");
        } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
            out.append(String.format("\\u%04x", (int) c));
        } else {
            out.append(c);
        }
    }
}
