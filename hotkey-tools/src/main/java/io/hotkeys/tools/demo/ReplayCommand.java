package io.hotkeys.tools.demo;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Replays a trace into a pipeline that is already running (for example servers from scripts/stack
 * and the job on scripts/flink-cluster), then compares what the job found with the exact count. The
 * job must use the same window and threshold as given here.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Replay a trace through agents into a running pipeline and compare.")
public final class ReplayCommand implements Callable<Integer> {
    @Mixin TraceOptions traceOptions;

    @Option(names = "--kafka", required = true, description = "Kafka bootstrap servers, host:port.")
    String kafka;

    @Option(names = "--zookeeper", required = true, description = "ZooKeeper servers, host:port.")
    String zookeeper;

    @Option(
            names = "--app",
            defaultValue = "replay",
            description = "App name (default: ${DEFAULT-VALUE}).")
    String app;

    @Option(
            names = "--topic",
            defaultValue = "hotkey-access",
            description = "Kafka topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--report", paramLabel = "FILE", description = "Write a JSON report here.")
    Path report;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var options =
                traceOptions.validate(spec, app, kafka, zookeeper, Map.of("kafka.topic", topic));
        TraceOptions.require(
                spec,
                report == null || Files.isDirectory(report.toAbsolutePath().getParent()),
                "--report " + report + ": its folder does not exist");
        PrintWriter out = spec.commandLine().getOut();
        Demo.say(
                out,
                "replaying %s at %sx into app '%s' (Kafka %s, ZooKeeper %s)",
                options.trace().getFileName(),
                traceOptions.speedText(),
                app,
                kafka,
                zookeeper);
        return ReplayAndCompare.finish(out, ReplayAndCompare.run(out, options), report);
    }
}
