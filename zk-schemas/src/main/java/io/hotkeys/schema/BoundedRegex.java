package io.hotkeys.schema;

import java.util.regex.Pattern;

/**
 * A regular expression of a rule, matched against keys with a bound on the work it may do.
 *
 * <p>Java's regex engine backtracks, so a pattern such as {@code (a+)+b} takes exponential time on
 * a key of many {@code a}s that does not end in {@code b}. Keys come from the traffic being
 * watched, and a crawler or an attacker chooses them; one such key must not stall detection for
 * everyone. The engine reads its input only through {@link CharSequence#charAt}, so counting those
 * reads bounds the steps of a match. A match that runs out of steps, or out of stack, is abandoned
 * and counts as no match.
 */
final class BoundedRegex {
    /** Character reads every match may make, however short the key. */
    static final long BASE_READS = 100_000;

    /** Further character reads allowed for each character of the key. */
    static final long READS_PER_KEY_CHAR = 16;

    /** Most character reads of any match, whatever the key: a few milliseconds of work. */
    static final long MAX_READS = 1_000_000;

    private final Pattern pattern;

    BoundedRegex(Pattern pattern) {
        this.pattern = pattern;
    }

    Pattern pattern() {
        return pattern;
    }

    /** The outcome of one match. */
    enum Outcome {
        MATCHED,
        NOT_MATCHED,
        /** Abandoned: the pattern backtracked past its budget of character reads. */
        TOO_MANY_STEPS,
        /** Abandoned: the engine's recursion outgrew the thread's stack. */
        TOO_DEEP
    }

    Outcome matches(String key) {
        long budget = Math.min(MAX_READS, BASE_READS + READS_PER_KEY_CHAR * key.length());
        try {
            boolean matched = pattern.matcher(new CountedChars(key, budget)).matches();
            return matched ? Outcome.MATCHED : Outcome.NOT_MATCHED;
        } catch (OutOfReads e) {
            return Outcome.TOO_MANY_STEPS;
        } catch (StackOverflowError e) {
            return Outcome.TOO_DEEP;
        }
    }

    /** Thrown through the regex engine when a match has used its reads. */
    private static final class OutOfReads extends RuntimeException {
        OutOfReads() {
            super(null, null, false, false);
        }
    }

    /** A view of a key that counts the characters read from it. */
    private static final class CountedChars implements CharSequence {
        private final String text;
        private final int start;
        private final int end;
        private final long[] readsLeft;

        CountedChars(String text, long budget) {
            this(text, 0, text.length(), new long[] {budget});
        }

        private CountedChars(String text, int start, int end, long[] readsLeft) {
            this.text = text;
            this.start = start;
            this.end = end;
            this.readsLeft = readsLeft;
        }

        @Override
        public char charAt(int index) {
            if (--readsLeft[0] < 0) {
                throw new OutOfReads();
            }
            return text.charAt(start + index);
        }

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new CountedChars(text, start + from, start + to, readsLeft);
        }

        @Override
        public String toString() {
            return text.substring(start, end);
        }
    }
}
