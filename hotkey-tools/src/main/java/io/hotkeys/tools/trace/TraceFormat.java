package io.hotkeys.tools.trace;

import io.hotkeys.tools.trace.DelimitedParser.Column;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The trace formats a {@link TraceReader} understands, and how to tell them apart from the first
 * lines of a trace.
 *
 * <p>Formats with a header ({@link #NASA_TSV}, {@link #META_KVCACHE}, {@link #META_TECTONIC}) are
 * recognised by the column names of their first line. The others ({@link #TWITTER}, {@link
 * #COMMON_LOG}) are recognised when more than half of the first {@value #DETECTION_LINES} non-blank
 * lines parse.
 */
public enum TraceFormat {
    /**
     * Tab-separated HTTP requests with the header {@code time client method url status bytes}; time
     * in Unix seconds, key = {@code url}, weight 1.
     */
    NASA_TSV("nasa-tsv", '\t', "time", "url", null) {
        @Override
        LineParser defaultParser() {
            return delimited(0, 3, -1);
        }
    },

    /**
     * Meta's key-value cache trace: CSV with the header {@code
     * op_time,key,key_size,op,op_count,...}; time = {@code op_time} in seconds, key = {@code key},
     * weight = {@code op_count}. Every operation counts (GET, SET, DELETE, ...), since any of them
     * makes the key's server busy.
     */
    META_KVCACHE("meta-kvcache", ',', "op_time", "key", "op_count") {
        @Override
        LineParser defaultParser() {
            return delimited(0, 1, 4);
        }
    },

    /**
     * Meta's block storage trace: CSV with the header {@code op_time,block_id,...,op_count,...};
     * time = {@code op_time} in seconds, key = {@code block_id}, weight = {@code op_count}. Every
     * operation counts.
     */
    META_TECTONIC("meta-tectonic", ',', "op_time", "block_id", "op_count") {
        @Override
        LineParser defaultParser() {
            return delimited(0, 1, 8);
        }
    },

    /**
     * Twitter's cache trace: CSV without a header, {@code timestamp,key,key size,value size,client
     * id,operation,TTL}; timestamp in seconds, weight 1. Keys may hold {@code /} and commas.
     */
    TWITTER("twitter", ',', null, null, null) {
        @Override
        LineParser defaultParser() {
            return new TwitterParser();
        }
    },

    /**
     * Web server logs in the Common or Combined Log Format; key = the request target, time from the
     * bracketed date with its offset, weight 1.
     */
    COMMON_LOG("clf", ' ', null, null, null) {
        @Override
        LineParser defaultParser() {
            return new CommonLogParser();
        }
    };

    /** How many non-blank lines from the start of a trace detection looks at. */
    public static final int DETECTION_LINES = 5;

    private final String id;
    private final char delimiter;
    private final String timeColumn;
    private final String keyColumn;
    private final String weightColumn;

    TraceFormat(
            String id, char delimiter, String timeColumn, String keyColumn, String weightColumn) {
        this.id = id;
        this.delimiter = delimiter;
        this.timeColumn = timeColumn;
        this.keyColumn = keyColumn;
        this.weightColumn = weightColumn;
    }

    /** Returns the short name used on command lines, such as {@code nasa-tsv}. */
    public String id() {
        return id;
    }

    /**
     * Returns the format with this {@link #id()} or constant name, ignoring case.
     *
     * @throws IllegalArgumentException naming the known formats if there is none such
     */
    public static TraceFormat fromId(String name) {
        for (TraceFormat format : values()) {
            if (format.id.equalsIgnoreCase(name) || format.name().equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException(
                "unknown trace format '" + name + "'; known formats: " + knownIds());
    }

    /** Returns the ids of all formats, comma-separated, for messages. */
    public static String knownIds() {
        return Arrays.stream(values()).map(TraceFormat::id).collect(Collectors.joining(", "));
    }

    /**
     * Tells the format of a trace from its first lines (blank lines are ignored; only the first
     * {@value #DETECTION_LINES} non-blank ones are looked at).
     *
     * @return the format, or empty if no format fits
     */
    public static Optional<TraceFormat> detect(List<String> firstLines) {
        List<String> sample = nonBlank(firstLines);
        if (sample.isEmpty()) {
            return Optional.empty();
        }
        for (TraceFormat format : values()) {
            if (format.fits(sample)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * Tells the format of a trace file from its first lines.
     *
     * @return the format, or empty if no format fits
     * @throws IOException if the file cannot be read
     */
    public static Optional<TraceFormat> detect(Path file) throws IOException {
        try (BufferedReader in = TraceReader.openText(file)) {
            List<String> sample = new ArrayList<>();
            for (String line = in.readLine();
                    line != null && sample.size() < DETECTION_LINES;
                    line = in.readLine()) {
                if (!line.isBlank()) {
                    sample.add(line);
                }
            }
            return detect(sample);
        }
    }

    /** Returns the parser for the columns named by this header line, if it is one. */
    Optional<LineParser> headerParser(String line) {
        if (timeColumn == null) {
            return Optional.empty();
        }
        return DelimitedParser.fromHeader(line, delimiter, timeColumn, keyColumn, weightColumn);
    }

    /** Returns the parser for data lines when the trace does not start with a header. */
    abstract LineParser defaultParser();

    LineParser delimited(int timeIndex, int keyIndex, int weightIndex) {
        Column weight =
                weightIndex < 0 ? DelimitedParser.NO_WEIGHT : new Column(weightColumn, weightIndex);
        return new DelimitedParser(
                delimiter,
                new Column(timeColumn, timeIndex),
                new Column(keyColumn, keyIndex),
                weight);
    }

    private boolean fits(List<String> sample) {
        if (timeColumn != null) {
            return headerParser(sample.get(0)).isPresent();
        }
        LineParser parser = defaultParser();
        long parsed = sample.stream().filter(line -> parses(parser, line)).count();
        return parsed * 2 > sample.size();
    }

    private static boolean parses(LineParser parser, String line) {
        try {
            parser.parse(line);
            return true;
        } catch (MalformedLineException e) {
            return false;
        }
    }

    private static List<String> nonBlank(List<String> lines) {
        return lines.stream()
                .filter(line -> !line.isBlank())
                .limit(DETECTION_LINES)
                .collect(Collectors.toList());
    }
}
