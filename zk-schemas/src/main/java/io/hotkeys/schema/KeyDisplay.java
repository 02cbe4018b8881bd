package io.hotkeys.schema;

/**
 * Shows a cache key to a person, on a terminal or in a log: printable characters as they are,
 * everything else (control characters, line breaks) as a {@code \\uXXXX} escape, so a hostile key
 * cannot move the cursor or forge a line of output. Long keys are cut with their full length noted.
 */
public final class KeyDisplay {
    /** How many characters of a key {@link #show(String)} shows. */
    public static final int MAX_SHOWN_CHARS = 120;

    private KeyDisplay() {}

    /** The key made safe to print, cut after {@value #MAX_SHOWN_CHARS} characters. */
    public static String show(String key) {
        return show(key, MAX_SHOWN_CHARS);
    }

    /** The key made safe to print, cut after {@code maxChars} characters. */
    public static String show(String key, int maxChars) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(key.length(), maxChars);
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
