package io.hotkeys.tools.demo;

import io.hotkeys.agent.HotKeyAgent;
import io.hotkeys.stack.LocalKafka;
import io.hotkeys.stack.LocalZooKeeper;
import io.hotkeys.tools.exact.CountRule;
import io.hotkeys.tools.replay.HotKeyLog;
import io.hotkeys.tools.replay.ReplayOptions;
import io.hotkeys.tools.replay.ReplaySession;
import io.hotkeys.tools.trace.SharedTraces;
import io.hotkeys.tools.trace.TraceFormat;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
 * bad options, 3 when a part of the pipeline did not start.
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

    @Option(names = "--report", paramLabel = "FILE", description = "Write a JSON report here.")
    Path report;

    @Option(
            names = "--job-classpath",
            required = true,
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

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ReplayOptions options = replayOptions("", "");
        Files.createDirectories(logDir);
        Thread cleanup = new Thread(this::stopAll, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return run(out, options);
        } finally {
            stopAll();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private int run(PrintWriter out, ReplayOptions draft) throws Exception {
        say(
                out,
                "replaying %s at %sx through %d service instances; rule: window %d ms, threshold"
                        + " %d",
                draft.trace().getFileName(),
                formatSpeed(),
                instances,
                windowMs,
                threshold);
        LocalZooKeeper zookeeper = keep(LocalZooKeeper.start());
        say(out, "ZooKeeper server up at %s", zookeeper.connectString());
        LocalKafka kafka = keep(LocalKafka.start());
        kafka.createTopic("hotkey-access", 4);
        say(out, "Kafka broker (KRaft) up at %s", kafka.bootstrapServers());
        JobProcess job = keep(JobProcess.start(jobClasspath, jobArgs(kafka, zookeeper), logDir));
        say(out, "detector job starting on an embedded Flink (log: %s)", job.log());
        if (!awaitPipelineLive(out, kafka, zookeeper, job)) {
            return 3;
        }
        ReplayOptions options = replayOptions(kafka.bootstrapServers(), zookeeper.connectString());
        DemoResult result = replay(out, options, zookeeper);
        result.print(out);
        if (report != null) {
            result.writeJson(report);
            say(out, "report written to %s", report);
        }
        return result.matchesExactCount() ? 0 : 1;
    }

    private DemoResult replay(PrintWriter out, ReplayOptions options, LocalZooKeeper zookeeper)
            throws Exception {
        LiveView view = new LiveView(out);
        try (HotKeyLog log = HotKeyLog.start(zookeeper.connectString(), APP, view::show);
                ReplaySession session = ReplaySession.open(options)) {
            view.start();
            say(out, "replay started; keys turning hot (+) and cold (-) as the job reports them:");
            session.play();
            List<String> markers = session.sendEndMarkers();
            say(out, "replay finished; waiting for the job to read the last counts");
            awaitMarkers(log, markers);
            awaitTraceKeysCold(log);
            session.awaitAllPinned(Duration.ofSeconds(10));
            return new DemoResult(this, options.trace(), session.result(), log.everHot());
        }
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
                if (!job.isAlive()
                        || System.currentTimeMillis() - start > START_TIMEOUT.toMillis()) {
                    say(
                            out,
                            "the detector job did not come up; see %s and %s",
                            job.log(),
                            logDir.resolve("job.out"));
                    return false;
                }
                for (long i = 0; i < threshold; i++) {
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

    private static void awaitMarkers(HotKeyLog log, List<String> markers)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!log.everHot().stream().map(HotKeyLog.Seen::key).toList().containsAll(markers)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }

    /** After the end markers, every window of the trace closes and every key turns cold. */
    private static void awaitTraceKeysCold(HotKeyLog log) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!log.hotNow().stream().allMatch(ReplaySession::isEndMarker)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }

    private List<String> jobArgs(LocalKafka kafka, LocalZooKeeper zookeeper) {
        return List.of(
                "--kafka.bootstrap.servers", kafka.bootstrapServers(),
                "--zookeeper.connect", zookeeper.connectString(),
                "--kafka.starting.offsets", "earliest",
                "--window.ms", Long.toString(windowMs),
                "--threshold", Long.toString(threshold),
                "--parallelism", "2");
    }

    private ReplayOptions replayOptions(String kafka, String zookeeper) {
        Path file = trace != null ? trace : SharedTraces.file(SharedTraces.NASA_KSC);
        TraceFormat traceFormat = format == null ? null : TraceFormat.fromId(format);
        return new ReplayOptions(
                file,
                traceFormat,
                speed,
                instances,
                APP,
                CountRule.of(windowMs, threshold),
                kafka,
                zookeeper,
                Map.of());
    }

    String formatSpeed() {
        return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
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
