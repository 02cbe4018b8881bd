package io.hotkeys.tools.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The detector job in a child JVM on an embedded local Flink, as a user would run it with {@code
 * java -cp}. The child ends when this process ends, also when this process is killed outright: it
 * is started with {@code -Dhotkeys.exit.with.parent=true}, which makes it watch its parent. Its
 * temporary files go to a folder of the demo's that is removed when the job stops.
 */
final class JobProcess implements AutoCloseable {
    static final String MAIN_CLASS = "io.hotkeys.job.HotKeyJob";

    /** System property naming the job's log4j2 configuration file; scripts/demo sets it. */
    static final String LOG_CONFIG_PROPERTY = "hotkeys.job.log.config";

    private static final List<String> FLINK_JVM_FLAGS =
            List.of(
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.math=ALL-UNNAMED");

    private final Process process;
    private final Path log;
    private final Path tmpDir;

    private JobProcess(Process process, Path log, Path tmpDir) {
        this.process = process;
        this.log = log;
        this.tmpDir = tmpDir;
    }

    static JobProcess start(String classpath, List<String> jobArgs, Path logDir)
            throws IOException {
        Path log = logDir.resolve("job.log");
        Path tmpDir = Files.createDirectories(logDir.resolve("job-tmp"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        command.addAll(FLINK_JVM_FLAGS);
        command.add("-Dhotkeys.exit.with.parent=true");
        command.add("-Djava.io.tmpdir=" + tmpDir.toAbsolutePath());
        String logConfig = System.getProperty(LOG_CONFIG_PROPERTY);
        if (logConfig != null) {
            command.add("-Dlog4j2.configurationFile=" + logConfig);
        }
        command.add("-Dhotkeys.log.file=" + log);
        command.add("-cp");
        command.add(classpath);
        command.add(MAIN_CLASS);
        command.addAll(jobArgs);
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(logDir.resolve("job.out").toFile())
                        .start();
        return new JobProcess(process, log, tmpDir);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** Stops the job: politely first, then forcibly. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(tmpDir);
    }

    /** Removes what the embedded Flink left in its temporary directory (RPC jars, blobs). */
    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("demo: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
