package io.hotkeys.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hotkeys.tools.Tools;
import io.hotkeys.tools.exact.CountRule;
import io.hotkeys.tools.exact.ExactCountResult;
import io.hotkeys.tools.exact.ExactCounter;
import io.hotkeys.tools.exact.HotKey;
import io.hotkeys.tools.trace.SharedTraces;
import io.hotkeys.tools.trace.TraceReader;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo command as a user runs it: servers in its process, the job in a child JVM from the
 * packaged jar and its class path file, a trace replayed through agents, and a JSON report that
 * must agree with an exact count made here. Runs after packaging, so the jar exists.
 */
class DemoIT {
    @TempDir Path work;

    @Test
    void demo_onTheMetaTrace_reportsTheExactHotKeys_andLeavesNoProcessBehind() throws Exception {
        Path trace = SharedTraces.file(SharedTraces.META_KVCACHE);
        Path report = work.resolve("report.json");
        StringWriter output = new StringWriter();
        CommandLine demo = Tools.commandLine();
        demo.setOut(new PrintWriter(output, true));

        int exit =
                demo.execute(
                        "demo",
                        "--trace",
                        trace.toString(),
                        "--speed",
                        "1",
                        "--threshold",
                        "100",
                        "--window-ms",
                        "1000",
                        "--job-classpath",
                        jobClasspath(),
                        "--log-dir",
                        work.toString(),
                        "--report",
                        report.toString());

        assertThat(exit).as(output.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        List<String> found = new ArrayList<>();
        json.get("hotKeys").forEach(key -> found.add(key.get("key").asText()));
        ExactCountResult exact = exactCount(trace);
        assertThat(found)
                .containsExactlyInAnyOrderElementsOf(
                        exact.hotKeys().stream().map(HotKey::key).toList());
        assertThat(json.get("accesses").asLong()).isEqualTo(exact.accesses());
        for (JsonNode key : json.get("hotKeys")) {
            long exactPeak = exact.hotKey(key.get("key").asText()).orElseThrow().peakCount();
            assertThat(key.get("peakCount").asLong()).isEqualTo(exactPeak);
            assertThat(key.get("pinLatencyMs").asLong()).isNotNegative();
        }
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    }

    private static ExactCountResult exactCount(Path trace) throws Exception {
        ExactCounter counter = new ExactCounter(CountRule.of(1000, 100));
        try (TraceReader reader = TraceReader.open(trace)) {
            counter.addTrace(reader, 0, 1);
        }
        return counter.result();
    }

    /** The packaged job jar and the class path Maven wrote beside it, as scripts/demo uses them. */
    private static String jobClasspath() throws Exception {
        Path target = Path.of("target");
        try (var files = Files.list(target)) {
            Path jar =
                    files.filter(p -> p.getFileName().toString().matches("flink-job-.*\\.jar"))
                            .filter(p -> !p.getFileName().toString().contains("original"))
                            .findFirst()
                            .orElseThrow(() -> new IllegalStateException("no job jar in target/"));
            String dependencies = Files.readString(target.resolve("classpath.txt")).trim();
            return jar.toAbsolutePath() + File.pathSeparator + dependencies;
        }
    }
}
