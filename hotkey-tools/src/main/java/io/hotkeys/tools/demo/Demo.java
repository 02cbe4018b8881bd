package io.hotkeys.tools.demo;

import io.hotkeys.agent.HotKeyAgent;
import io.hotkeys.stack.LocalKafka;
import io.hotkeys.stack.LocalZooKeeper;
import io.hotkeys.tools.replay.HotKeyLog;
import io.hotkeys.tools.replay.ReplayOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole pipeline on one machine: a real ZooKeeper server and a real Kafka broker in this
 * process, the detector job on an embedded Flink in a child process, and a trace replayed through
 * several simulated service instances with their agents. Shows hot and cold keys as they happen,
 * then compares what the pipeline found with the exact offline count of the same trace.
 *
 * <p>Exit code 0 when the pipeline found exactly the keys the exact count finds, 1 when not, 2 for
 * bad options, 3 when a part of the pipeline did not start, 4 when the report could not be written,
 * 130 when interrupted.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run the pipeline on a real trace and compare it with the exact count.")
public final class Demo implements Callable<Integer> {
    static final String APP = "demo";
    private static final String PROBE_APP = "demo-probe";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    @Mixin TraceOptions traceOptions;

    @Option(names = "--report", paramLabel = "FILE", description = "Write a JSON report here.")
    Path report;

    @Option(
            names = "--job-classpath",
            required = true,
            hidden = true,
            paramLabel = "CP",
            description = "Class path of the detector job with Flink (scripts/demo sets it).")
    String jobClasspath;

    @Option(
            names = "--log-dir",
            defaultValue = "target/demo",
            description = "Where the servers' and the job's logs go (default: ${DEFAULT-VALUE}).")
    Path logDir;

    @Spec CommandSpec spec;

    private final List<AutoCloseable> running = new ArrayList<>();
    private volatile boolean stopping;

    @Override
    public Integer call() throws Exception {
        ReplayOptions options = validatedOptions();
        PrintWriter out = spec.commandLine().getOut();
        Files.createDirectories(logDir);
        Thread cleanup = new Thread(this::stopOnSignal, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return run(out, options);
        } catch (Exception e) {
            if (stopping) {
                return 130;
            }
            throw e;
        } finally {
            stopAll();
            removeHook(cleanup);
        }
    }

    /** Checks every option before anything starts; a bad one ends the demo with exit code 2. */
    private ReplayOptions validatedOptions() {
        ReplayOptions options = traceOptions.validate(spec, APP, "", "", Map.of());
        TraceOptions.require(
                spec,
                report == null || Files.isDirectory(report.toAbsolutePath().getParent()),
                "--report " + report + ": its folder does not exist");
        return options;
    }

    private void stopOnSignal() {
        stopping = true;
        stopAll();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private int run(PrintWriter out, ReplayOptions draft) throws Exception {
        say(
                out,
                "replaying %s at %sx through %d service instances; rule: window %d ms, threshold"
                        + " %d",
                draft.trace().getFileName(),
                traceOptions.speedText(),
                traceOptions.instances,
                traceOptions.windowMs,
                traceOptions.threshold);
        LocalZooKeeper zookeeper = keep(LocalZooKeeper.start());
        say(out, "ZooKeeper server up at %s", zookeeper.connectString());
        LocalKafka kafka = keep(LocalKafka.start());
        kafka.createTopic("hotkey-access", 4);
        say(out, "Kafka broker (KRaft) up at %s", kafka.bootstrapServers());
        JobProcess job = keep(JobProcess.start(jobClasspath, jobArgs(kafka, zookeeper), logDir));
        say(out, "detector job starting on an embedded Flink (log: %s)", job.log());
        if (!awaitPipelineLive(out, kafka, zookeeper, job)) {
            return stopping ? 130 : 3;
        }
        ReplayOptions options = withServers(draft, kafka, zookeeper);
        return ReplayAndCompare.finish(out, ReplayAndCompare.run(out, options), report);
    }

    private boolean awaitPipelineLive(
            PrintWriter out, LocalKafka kafka, LocalZooKeeper zookeeper, JobProcess job)
            throws InterruptedException {
        long start = System.currentTimeMillis();
        try (HotKeyLog probeLog = HotKeyLog.start(zookeeper.connectString(), PROBE_APP, c -> {});
                HotKeyAgent probe =
                        HotKeyAgent.builder()
                                .app(PROBE_APP)
                                .kafkaBootstrapServers(kafka.bootstrapServers())
                                .zookeeperConnect(zookeeper.connectString())
                                .build()) {
            while (probeLog.everHot().isEmpty()) {
                if (stopping) {
                    return false;
                }
                if (!job.isAlive()
                        || System.currentTimeMillis() - start > START_TIMEOUT.toMillis()) {
                    say(
                            out,
                            "the detector job did not come up; see %s and %s",
                            job.log(),
                            logDir.resolve("job.out"));
                    return false;
                }
                for (long i = 0; i < traceOptions.threshold; i++) {
                    probe.recordAccess("probe");
                }
                Thread.sleep(200);
            }
        }
        say(
                out,
                "pipeline live: a probe key went agent -> Kafka -> Flink -> ZooKeeper -> agent"
                        + " after %.1f s",
                (System.currentTimeMillis() - start) / 1000.0);
        return true;
    }

    private List<String> jobArgs(LocalKafka kafka, LocalZooKeeper zookeeper) {
        return List.of(
                "--kafka.bootstrap.servers", kafka.bootstrapServers(),
                "--zookeeper.connect", zookeeper.connectString(),
                "--kafka.starting.offsets", "earliest",
                "--window.ms", Long.toString(traceOptions.windowMs),
                "--threshold", Long.toString(traceOptions.threshold),
                "--parallelism", "2");
    }

    private static ReplayOptions withServers(
            ReplayOptions draft, LocalKafka kafka, LocalZooKeeper zookeeper) {
        return new ReplayOptions(
                draft.trace(),
                draft.format(),
                draft.speed(),
                draft.instances(),
                draft.app(),
                draft.rule(),
                kafka.bootstrapServers(),
                zookeeper.connectString(),
                draft.agentSettings());
    }

    private <T extends AutoCloseable> T keep(T resource) {
        synchronized (running) {
            running.add(resource);
        }
        return resource;
    }

    private void stopAll() {
        List<AutoCloseable> toClose;
        synchronized (running) {
            toClose = new ArrayList<>(running);
            running.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                System.err.println("demo: could not stop " + toClose.get(i) + ": " + e);
            }
        }
    }

    static void say(PrintWriter out, String format, Object... args) {
        out.printf("[demo] " + format + "%n", args);
        out.flush();
    }
}
