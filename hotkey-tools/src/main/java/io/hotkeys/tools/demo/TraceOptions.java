package io.hotkeys.tools.demo;

import io.hotkeys.tools.exact.CountRule;
import io.hotkeys.tools.replay.ReplayOptions;
import io.hotkeys.tools.trace.SharedTraces;
import io.hotkeys.tools.trace.TraceFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** What to replay and with which rule: options shared by {@code demo} and {@code replay}. */
final class TraceOptions {
    @Option(
            names = "--trace",
            paramLabel = "FILE",
            description = "Trace to replay (default: the NASA trace in ../shared/data).")
    Path trace;

    @Option(
            names = "--format",
            paramLabel = "ID",
            description =
                    "Trace format: nasa-tsv, meta-kvcache, meta-tectonic, twitter, clf (default:"
                            + " detected).")
    String format;

    @Option(
            names = "--speed",
            defaultValue = "1000",
            description =
                    "Replay this many times faster than recorded (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(
            names = "--window-ms",
            defaultValue = "1000",
            description = "Window length in ms (default: ${DEFAULT-VALUE}).")
    long windowMs;

    @Option(
            names = "--threshold",
            defaultValue = "50",
            description =
                    "Accesses per window at which a key turns hot (default: ${DEFAULT-VALUE}).")
    long threshold;

    @Option(
            names = "--instances",
            defaultValue = "4",
            description =
                    "Simulated service instances, each with an agent (default: ${DEFAULT-VALUE}).")
    int instances;

    /**
     * Checks every option; a bad one is a {@link ParameterException}, which picocli reports with
     * the usage and exit code 2.
     */
    ReplayOptions validate(
            CommandSpec spec,
            String app,
            String kafka,
            String zookeeper,
            Map<String, String> agentSettings) {
        Path file = trace != null ? trace : SharedTraces.file(SharedTraces.NASA_KSC);
        require(
                spec,
                speed > 0 && !Double.isInfinite(speed),
                "--speed must be a positive number, was " + speed);
        require(
                spec,
                windowMs >= 100 && windowMs <= 60_000 && windowMs % 100 == 0,
                "--window-ms must be a multiple of 100 from 100 to 60000, was " + windowMs);
        require(spec, threshold >= 1, "--threshold must be at least 1, was " + threshold);
        require(
                spec,
                instances >= 1 && instances <= 64,
                "--instances must be from 1 to 64, was " + instances);
        require(spec, Files.isReadable(file), "--trace " + file + " is not a readable file");
        TraceFormat traceFormat = format == null ? detect(spec, file) : parse(spec, format);
        return new ReplayOptions(
                file,
                traceFormat,
                speed,
                instances,
                app,
                CountRule.of(windowMs, threshold),
                kafka,
                zookeeper,
                agentSettings);
    }

    String speedText() {
        return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
    }

    private static TraceFormat detect(CommandSpec spec, Path file) {
        try {
            return TraceFormat.detect(file)
                    .orElseThrow(
                            () ->
                                    bad(
                                            spec,
                                            "--trace "
                                                    + file
                                                    + ": its format is not one of "
                                                    + TraceFormat.knownIds()
                                                    + "; name it with --format"));
        } catch (IOException e) {
            throw bad(spec, "--trace " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static TraceFormat parse(CommandSpec spec, String id) {
        try {
            return TraceFormat.fromId(id);
        } catch (IllegalArgumentException e) {
            throw bad(spec, "--format " + id + " is not one of " + TraceFormat.knownIds());
        }
    }

    static void require(CommandSpec spec, boolean condition, String message) {
        if (!condition) {
            throw bad(spec, message);
        }
    }

    static ParameterException bad(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
