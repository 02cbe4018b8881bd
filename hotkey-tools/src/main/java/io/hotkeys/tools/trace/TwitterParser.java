package io.hotkeys.tools.trace;

import java.util.Arrays;

/**
 * Parses Twitter's cache trace: {@code timestamp,key,key size,value size,client id,operation,TTL}
 * with no header, timestamp in seconds, every row weighing 1.
 *
 * <p>The five columns after the key are read from the end of the line, and whatever lies between
 * the timestamp and them is the key, so a key holding a comma is kept whole. The numeric columns
 * and the operation are checked although only the timestamp and key are used: that is what lets
 * {@link TraceFormat#detect} tell this format from other comma-separated lines.
 */
final class TwitterParser implements LineParser {
    private static final int COLUMNS = 7;
    private static final int COLUMNS_AFTER_KEY = 5;
    private static final String[] TRAILING_NAMES = {
        "key size", "value size", "client id", "operation", "TTL"
    };
    private static final int OPERATION = 3;

    @Override
    public Access parse(String line) throws MalformedLineException {
        String[] fields = Fields.split(line, ',');
        if (fields.length < COLUMNS) {
            throw new MalformedLineException(
                    "expected " + COLUMNS + " comma-separated fields, found " + fields.length);
        }

        long timeMs = Fields.secondsAsMs(fields[0], "timestamp");
        int firstTrailing = fields.length - COLUMNS_AFTER_KEY;
        checkTrailing(fields, firstTrailing);
        String key = String.join(",", Arrays.copyOfRange(fields, 1, firstTrailing));
        return Access.of(timeMs, Fields.key(key, "key"));
    }

    private static void checkTrailing(String[] fields, int firstTrailing)
            throws MalformedLineException {
        for (int i = 0; i < COLUMNS_AFTER_KEY; i++) {
            String value = fields[firstTrailing + i];
            boolean valid = i == OPERATION ? isWord(value) : isWholeNumber(value);
            if (!valid) {
                String expected = i == OPERATION ? "a word" : "a whole number";
                throw new MalformedLineException(
                        TRAILING_NAMES[i] + " " + Fields.quote(value) + " is not " + expected);
            }
        }
    }

    private static boolean isWholeNumber(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isWord(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> Character.isLetter(c) || c == '_');
    }
}
