package io.hotkeys.tools.exact;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotkeys.tools.trace.SharedTraces;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExactCountTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void table_kvcacheAtSpeed1_listsTheOneHotKey() {
        int exitCode =
                run(
                        "--trace", SharedTraces.file(SharedTraces.META_KVCACHE).toString(),
                        "--speed", "1",
                        "--threshold", "100",
                        "--cold", "2");

        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .contains("(meta-kvcache): 691 accesses, 52 keys, 0 lines skipped")
                .contains("hot keys: 1")
                .containsPattern("40e66a458581a103 +254 +\\d+ +\\d+")
                .contains("highest peaks of keys that are not hot")
                .containsPattern("18701b6233def2e8 +44");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void json_nasaAt1000x_holdsTheHotKeysWithTheirTimes() {
        int exitCode =
                run("--trace", SharedTraces.file(SharedTraces.NASA_KSC).toString(), "--json");

        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .startsWith("{")
                .contains("\"format\": \"nasa-tsv\"")
                .contains("\"threshold\": 50")
                .containsPattern(
                        "\\{\"key\": \"/images/NASA-logosmall.gif\", \"peakCount\": \\d+,"
                                + " \"firstWindowEndMs\": \\d+, \"crossedAtMs\": \\d+}")
                .contains("\"coldKeys\": []");
    }

    @Test
    void malformedLines_areReportedOnStandardError_andOddKeysAreEscaped(@TempDir Path dir)
            throws IOException {
        Path trace = dir.resolve("trace.csv");
        Files.writeString(trace, "0,k,1,1,1,get,0\nnow,k,1,1,1,get,0\n0,\"k\\,1,1,1,get,0\n");

        int exitCode =
                run(
                        "--trace",
                        trace.toString(),
                        "--format",
                        "twitter",
                        "--threshold",
                        "1",
                        "--json");

        assertThat(exitCode).isZero();
        assertThat(err.toString())
                .contains("skipped 1 malformed lines")
                .contains("line 2: timestamp 'now' is not a number");
        assertThat(out.toString())
                .contains("\"distinctKeys\": 2")
                .contains("{\"key\": \"k\", \"peakCount\": 1")
                .contains("{\"key\": \"\\\"k\\\\\", \"peakCount\": 1");
    }

    @Test
    void windowNotAMultipleOfTheBucket_failsWithUsageExitCode_namingTheSetting() {
        int exitCode =
                run(
                        "--trace",
                        SharedTraces.file(SharedTraces.TWITTER).toString(),
                        "--window-ms",
                        "250");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString())
                .contains("windowMs must be a positive multiple of bucketMs (100), was 250");
    }

    @Test
    void unknownFormat_failsWithUsageExitCode_listingTheFormats() {
        int exitCode = run("--trace", "whatever", "--format", "csv");

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("known formats: nasa-tsv");
    }

    @Test
    void missingTrace_failsWithExitCode1_namingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("missing.tsv");

        int exitCode = run("--trace", missing.toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("cannot read " + missing);
    }

    private int run(String... args) {
        CommandLine command = new CommandLine(new ExactCount());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }
}
