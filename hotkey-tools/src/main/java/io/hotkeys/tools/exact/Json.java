package io.hotkeys.tools.exact;

/** The little JSON writing the reports need, so the tools carry no JSON library. */
final class Json {
    private Json() {}

    /** Returns the string as a JSON string literal, quotes included. */
    static String quote(String value) {
        return '"' + escape(value) + '"';
    }

    /**
     * Returns the string with quotes, backslashes and control characters escaped as JSON does; also
     * how keys are shown in tables, so that a key cannot break a line.
     */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            appendEscaped(out, value.charAt(i));
        }
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, char c) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
    }
}
