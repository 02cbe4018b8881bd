package io.hotkeys.tools.trace;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPInputStream;

/**
 * Streams the accesses of a trace one line at a time, so a trace of any size is read in constant
 * memory.
 *
 * <p>A malformed line never stops the reading: it is skipped and counted, and the first {@value
 * #MAX_PROBLEMS_KEPT} are kept with their line number and reason (see {@link #stats()}). Blank
 * lines are ignored. Times need not be in order; accesses that go back in time are returned as they
 * are and counted.
 *
 * <p>Text is read as UTF-8; bytes that are not UTF-8 become U+FFFD rather than failing the read. A
 * file whose name ends in {@code .gz} is decompressed on the fly.
 *
 * <p>A reader is used by one thread. Close it, or the stream from {@link #stream()}, to release the
 * input. An I/O error while iterating is thrown as {@link UncheckedIOException}.
 */
public final class TraceReader implements Iterator<Access>, Closeable {
    /** How many skipped lines are kept with their reason; later ones are only counted. */
    public static final int MAX_PROBLEMS_KEPT = 10;

    private static final int BUFFER_BYTES = 64 * 1024;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final BufferedReader in;
    private final TraceFormat format;
    private final Deque<String> lookahead;
    private final List<TraceProblem> problems = new ArrayList<>();
    private LineParser parser;
    private long lineNumber;
    private long dataLines;
    private long accesses;
    private long totalWeight;
    private long skippedLines;
    private long outOfOrder;
    private long latestTimeMs = Long.MIN_VALUE;
    private Access next;
    private boolean exhausted;

    private TraceReader(BufferedReader in, TraceFormat format, Deque<String> lookahead) {
        this.in = in;
        this.format = format;
        this.lookahead = lookahead;
    }

    /**
     * Opens a trace file, telling its format from its first lines.
     *
     * @throws IOException if the file cannot be read or its format is not recognised
     */
    public static TraceReader open(Path file) throws IOException {
        return detecting(openText(file), file.toString());
    }

    /**
     * Opens a trace file in the given format.
     *
     * @throws IOException if the file cannot be opened
     */
    public static TraceReader open(Path file, TraceFormat format) throws IOException {
        return new TraceReader(openText(file), format, new ArrayDeque<>());
    }

    /**
     * Reads a trace from text, telling its format from its first lines.
     *
     * @throws IOException if the text cannot be read or its format is not recognised
     */
    public static TraceReader of(Reader text) throws IOException {
        return detecting(buffered(text), "the trace");
    }

    /** Reads a trace from text in the given format. */
    public static TraceReader of(Reader text, TraceFormat format) {
        return new TraceReader(buffered(text), format, new ArrayDeque<>());
    }

    /** Returns the format this reader parses. */
    public TraceFormat format() {
        return format;
    }

    /** Returns the counts and problems seen so far; complete once the reader is exhausted. */
    public TraceStats stats() {
        return new TraceStats(dataLines, accesses, totalWeight, skippedLines, outOfOrder, problems);
    }

    /**
     * Returns the remaining accesses as a sequential stream; closing the stream closes this reader.
     */
    public Stream<Access> stream() {
        Spliterator<Access> accesses =
                Spliterators.spliteratorUnknownSize(
                        this, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(accesses, false).onClose(this::closeUnchecked);
    }

    @Override
    public boolean hasNext() {
        while (next == null && !exhausted) {
            String line = readLine();
            if (line == null) {
                exhausted = true;
            } else {
                accept(line);
            }
        }
        return next != null;
    }

    @Override
    public Access next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the trace has no more accesses");
        }
        Access access = next;
        next = null;
        return access;
    }

    /** Releases the input; afterwards {@link #hasNext()} is false. */
    @Override
    public void close() throws IOException {
        lookahead.clear();
        next = null;
        exhausted = true;
        in.close();
    }

    static BufferedReader openText(Path file) throws IOException {
        InputStream bytes = Files.newInputStream(file);
        try {
            if (file.getFileName().toString().endsWith(".gz")) {
                bytes = new GZIPInputStream(bytes, BUFFER_BYTES);
            }
        } catch (IOException e) {
            bytes.close();
            throw e;
        }
        return new BufferedReader(
                new InputStreamReader(bytes, StandardCharsets.UTF_8), BUFFER_BYTES);
    }

    private static BufferedReader buffered(Reader text) {
        return text instanceof BufferedReader b ? b : new BufferedReader(text, BUFFER_BYTES);
    }

    private static TraceReader detecting(BufferedReader in, String source) throws IOException {
        Deque<String> lookahead = readAhead(in);

        Optional<TraceFormat> format = TraceFormat.detect(List.copyOf(lookahead));
        if (format.isEmpty()) {
            in.close();
            throw new IOException(
                    "cannot tell the format of "
                            + source
                            + " from its first lines; name it explicitly, one of: "
                            + TraceFormat.knownIds());
        }
        return new TraceReader(in, format.get(), lookahead);
    }

    /** Reads lines until enough non-blank ones for detection, keeping them all for parsing. */
    private static Deque<String> readAhead(BufferedReader in) throws IOException {
        Deque<String> lines = new ArrayDeque<>();
        int nonBlank = 0;
        while (nonBlank < TraceFormat.DETECTION_LINES) {
            String line = in.readLine();
            if (line == null) {
                break;
            }
            lines.add(lines.isEmpty() ? withoutByteOrderMark(line) : line);
            nonBlank += line.isBlank() ? 0 : 1;
        }
        return lines;
    }

    private String readLine() {
        if (!lookahead.isEmpty()) {
            return lookahead.poll();
        }
        try {
            String line = in.readLine();
            return line != null && lineNumber == 0 ? withoutByteOrderMark(line) : line;
        } catch (IOException e) {
            throw new UncheckedIOException("reading line " + (lineNumber + 1), e);
        }
    }

    private static String withoutByteOrderMark(String line) {
        return !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK ? line.substring(1) : line;
    }

    private void accept(String line) {
        lineNumber++;
        if (line.isBlank() || (parser == null && isHeader(line))) {
            return;
        }

        dataLines++;
        try {
            record(parser.parse(line));
        } catch (MalformedLineException e) {
            skip(e.getMessage());
        }
    }

    /** Picks the parser from the first non-blank line, and says whether that line is a header. */
    private boolean isHeader(String firstLine) {
        Optional<LineParser> fromHeader = format.headerParser(firstLine);
        parser = fromHeader.orElseGet(format::defaultParser);
        return fromHeader.isPresent();
    }

    private void record(Access access) {
        accesses++;
        totalWeight += access.weight();
        if (access.timeMs() < latestTimeMs) {
            outOfOrder++;
        } else {
            latestTimeMs = access.timeMs();
        }
        next = access;
    }

    private void skip(String reason) {
        skippedLines++;
        if (problems.size() < MAX_PROBLEMS_KEPT) {
            problems.add(new TraceProblem(lineNumber, reason));
        }
    }

    private void closeUnchecked() {
        try {
            close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
