package io.hotkeys.tools.trace;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses lines of named columns split by one character, such as the NASA TSV and the Meta CSV
 * traces. Column positions come from the header when there is one, so extra or reordered columns
 * are fine; without a header the documented layout of the format is assumed.
 *
 * <p>Quoting is not supported: none of the traces this reads quote their fields.
 */
final class DelimitedParser implements LineParser {
    /** Stands for "the format has no weight column; every row weighs 1". */
    static final Column NO_WEIGHT = new Column("", -1);

    /** A column a parser needs: its header name (also used in problem reports) and position. */
    record Column(String name, int index) {}

    private final char delimiter;
    private final String delimiterName;
    private final Column time;
    private final Column key;
    private final Column weight;
    private final int fieldsNeeded;

    DelimitedParser(char delimiter, Column time, Column key, Column weight) {
        this.delimiter = delimiter;
        this.delimiterName = delimiter == '\t' ? "tab" : "'" + delimiter + "'";
        this.time = time;
        this.key = key;
        this.weight = weight;
        this.fieldsNeeded = 1 + Math.max(Math.max(time.index, key.index), weight.index);
    }

    /**
     * Returns a parser with the columns found in a header line, or empty if the line is not a
     * header naming all the given columns.
     *
     * @param weightName the weight column's name, or null if the format has none
     */
    static Optional<LineParser> fromHeader(
            String header, char delimiter, String timeName, String keyName, String weightName) {
        List<String> names = Arrays.asList(Fields.split(header.strip(), delimiter));
        int timeIndex = names.indexOf(timeName);
        int keyIndex = names.indexOf(keyName);
        int weightIndex = weightName == null ? -1 : names.indexOf(weightName);
        if (timeIndex < 0 || keyIndex < 0 || (weightName != null && weightIndex < 0)) {
            return Optional.empty();
        }
        Column weight = weightName == null ? NO_WEIGHT : new Column(weightName, weightIndex);
        return Optional.of(
                new DelimitedParser(
                        delimiter,
                        new Column(timeName, timeIndex),
                        new Column(keyName, keyIndex),
                        weight));
    }

    @Override
    public Access parse(String line) throws MalformedLineException {
        String[] fields = Fields.split(line, delimiter);
        if (fields.length < fieldsNeeded) {
            throw new MalformedLineException(
                    "expected at least "
                            + fieldsNeeded
                            + " fields split by "
                            + delimiterName
                            + ", found "
                            + fields.length);
        }

        long timeMs = Fields.secondsAsMs(fields[time.index], time.name);
        String accessKey = Fields.key(fields[key.index], key.name);
        long accessWeight =
                weight == NO_WEIGHT ? 1 : Fields.weight(fields[weight.index], weight.name);
        return new Access(timeMs, accessKey, accessWeight);
    }
}
