package io.hotkeys.tools.trace;

import io.hotkeys.schema.KeyDisplay;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** Splitting lines and reading typed fields, with reasons fit for a {@link TraceProblem}. */
final class Fields {
    /** Values longer than this are cut in messages, so that one bad line cannot flood a report. */
    private static final int MAX_QUOTED_CHARS = 60;

    private Fields() {}

    /** Splits on a single character, keeping empty fields (including trailing ones). */
    static String[] split(String line, char delimiter) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int i = line.indexOf(delimiter); i >= 0; i = line.indexOf(delimiter, start)) {
            fields.add(line.substring(start, i));
            start = i + 1;
        }
        fields.add(line.substring(start));
        return fields.toArray(new String[0]);
    }

    /**
     * Reads a time in seconds, whole or decimal, as milliseconds (rounded down).
     *
     * @throws MalformedLineException naming the field if it is not a number or out of range
     */
    static long secondsAsMs(String value, String name) throws MalformedLineException {
        try {
            return Math.multiplyExact(Long.parseLong(value), 1000L);
        } catch (NumberFormatException e) {
            return decimalSecondsAsMs(value, name);
        } catch (ArithmeticException e) {
            throw outOfRange(value, name);
        }
    }

    private static long decimalSecondsAsMs(String value, String name)
            throws MalformedLineException {
        try {
            return new BigDecimal(value)
                    .movePointRight(3)
                    .setScale(0, RoundingMode.FLOOR)
                    .longValueExact();
        } catch (NumberFormatException e) {
            throw new MalformedLineException(name + " " + quote(value) + " is not a number");
        } catch (ArithmeticException e) {
            throw outOfRange(value, name);
        }
    }

    /**
     * Reads a weight: a whole number of at least 1.
     *
     * @throws MalformedLineException naming the field if it is not such a number
     */
    static long weight(String value, String name) throws MalformedLineException {
        long weight;
        try {
            weight = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new MalformedLineException(name + " " + quote(value) + " is not a whole number");
        }
        if (weight < 1) {
            throw new MalformedLineException(name + " " + quote(value) + " is less than 1");
        }
        return weight;
    }

    /**
     * Returns the value as a key.
     *
     * @throws MalformedLineException naming the field if it is empty
     */
    static String key(String value, String name) throws MalformedLineException {
        if (value.isEmpty()) {
            throw new MalformedLineException(name + " is empty");
        }
        return value;
    }

    /** Returns the value in single quotes, safe to print, cut short if long. */
    static String quote(String value) {
        return "'" + KeyDisplay.show(value, MAX_QUOTED_CHARS) + "'";
    }

    private static MalformedLineException outOfRange(String value, String name) {
        return new MalformedLineException(name + " " + quote(value) + " is out of range");
    }
}
