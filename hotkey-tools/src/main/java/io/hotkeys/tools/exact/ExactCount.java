package io.hotkeys.tools.exact;

import io.hotkeys.tools.trace.TraceFormat;
import io.hotkeys.tools.trace.TraceProblem;
import io.hotkeys.tools.trace.TraceReader;
import io.hotkeys.tools.trace.TraceStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Command line: reads a trace, replays its times at a speed, counts it exactly against one rule and
 * prints the hot keys. Skipped lines and out-of-order times are reported on standard error.
 *
 * <p>Exit codes: 0 done, 1 the trace could not be read, 2 bad options.
 */
@Command(
        name = "exact-count",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Counts a trace exactly over sliding windows and prints its hot keys: the reference"
                    + " the streaming job's results are compared with.",
            "Windows are [k*S, k*S+W) for every integer k; a key is hot when a window reaches the"
                    + " threshold."
        })
public final class ExactCount implements Callable<Integer> {
    @Option(names = "--trace", required = true, paramLabel = "FILE", description = "Trace file.")
    private Path trace;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            converter = FormatConverter.class,
            description =
                    "Trace format: ${COMPLETION-CANDIDATES}. Default: detected from the"
                            + " first lines.",
            completionCandidates = FormatIds.class)
    private TraceFormat format;

    @Option(
            names = "--speed",
            defaultValue = "1000",
            description = "Replay this many times faster than recorded. Default: ${DEFAULT-VALUE}.")
    private double speed;

    @Option(
            names = "--window-ms",
            defaultValue = "1000",
            description = "Window length W, a multiple of the bucket. Default: ${DEFAULT-VALUE}.")
    private long windowMs;

    @Option(
            names = "--threshold",
            defaultValue = "50",
            description = "Count a window must reach for a hot key. Default: ${DEFAULT-VALUE}.")
    private long threshold;

    @Option(
            names = "--bucket-ms",
            defaultValue = "100",
            description =
                    "Bucket width S; windows align to its multiples. Default: ${DEFAULT-VALUE}.")
    private long bucketMs;

    @Option(
            names = "--origin-ms",
            defaultValue = "0",
            description =
                    "Event time of the first access, a multiple of the bucket. Default:"
                            + " ${DEFAULT-VALUE}.")
    private long originMs;

    @Option(
            names = "--cold",
            defaultValue = "0",
            paramLabel = "N",
            description = "Also print the N highest peaks of keys that are not hot.")
    private int coldLimit;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Spec private CommandSpec spec;

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ExactCount()).execute(args));
    }

    @Override
    public Integer call() {
        ExactCounter counter = new ExactCounter(rule());
        try (TraceReader reader = open()) {
            addTrace(counter, reader);
            TraceStats stats = reader.stats();
            reportProblems(stats);
            print(reader.format(), stats, counter.result());
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("cannot read " + trace + ": " + e.getMessage());
            return 1;
        }
    }

    private CountRule rule() {
        if (coldLimit < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--cold must be 0 or more, was " + coldLimit);
        }
        try {
            return new CountRule(bucketMs, windowMs, threshold);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private TraceReader open() throws IOException {
        return format == null ? TraceReader.open(trace) : TraceReader.open(trace, format);
    }

    private void addTrace(ExactCounter counter, TraceReader reader) {
        try {
            counter.addTrace(reader, originMs, speed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void reportProblems(TraceStats stats) {
        PrintWriter err = spec.commandLine().getErr();
        if (stats.skippedLines() > 0) {
            err.printf("skipped %d malformed lines; the first ones:%n", stats.skippedLines());
            for (TraceProblem problem : stats.problems()) {
                err.println("  " + problem);
            }
        }
        if (stats.outOfOrder() > 0) {
            err.printf(
                    "%d accesses were earlier than an access before them; counted anyway%n",
                    stats.outOfOrder());
        }
        err.flush();
    }

    private void print(TraceFormat traceFormat, TraceStats stats, ExactCountResult result) {
        ReportWriter.Source source =
                new ReportWriter.Source(
                        trace.toString(), traceFormat.id(), speed, originMs, stats.skippedLines());
        ReportWriter writer = new ReportWriter(spec.commandLine().getOut());
        if (json) {
            writer.json(source, result, coldLimit);
        } else {
            writer.table(source, result, coldLimit);
        }
    }

    /** Accepts a format's id or constant name. */
    static final class FormatConverter implements CommandLine.ITypeConverter<TraceFormat> {
        @Override
        public TraceFormat convert(String value) {
            try {
                return TraceFormat.fromId(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Lists the format ids in the help text. */
    static final class FormatIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(TraceFormat.values()).map(TraceFormat::id).iterator();
        }
    }
}
