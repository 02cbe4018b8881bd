package io.hotkeys.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone Flink session cluster on this machine: one JobManager and one TaskManager, each a
 * separate JVM, started the way Flink's own scripts start them (the TaskManager with the memory
 * parameters {@code BashJavaUtils} computes), from a class path of Flink's Maven artifacts.
 *
 * <p>The processes outlive this object unless it is closed: {@link #close()} stops them, and {@link
 * #stop(Path)} stops a cluster started earlier in the same directory (from its pid files).
 */
public final class StandaloneFlinkCluster implements AutoCloseable {
    static final List<String> JVM_OPENS =
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
    private static final String JOB_MANAGER_MAIN =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER_MAIN =
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String RESOURCE_PARAMS_MAIN =
            "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String CLI_MAIN = "org.apache.flink.client.cli.CliFrontend";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final String classpath;
    private final Path dir;
    private final int restPort;
    private final List<Process> processes = new ArrayList<>();

    private StandaloneFlinkCluster(String classpath, Path dir, int restPort) {
        this.classpath = classpath;
        this.dir = dir;
        this.restPort = restPort;
    }

    /**
     * Starts a cluster and waits until its TaskManager has registered.
     *
     * @param classpath Flink's class path (flink-cluster/target/classpath.txt)
     * @param dir working directory: configuration, logs and pid files go here
     * @param slots task slots of the TaskManager
     */
    public static StandaloneFlinkCluster start(String classpath, Path dir, int slots)
            throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("log"));
        int restPort = freePort();
        ClusterConfig.write(dir.resolve("conf"), restPort, freePort(), slots);
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(classpath, dir, restPort);
        try {
            cluster.startJobManager();
            cluster.awaitRest();
            cluster.startTaskManager();
            cluster.awaitTaskManagers(1);
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** A handle on a cluster started earlier in this directory, for submitting jobs to it. */
    public static StandaloneFlinkCluster attach(String classpath, Path dir) throws IOException {
        String config = Files.readString(dir.resolve("conf").resolve("config.yaml"));
        Matcher port = Pattern.compile("rest.port: (\\d+)").matcher(config);
        if (!port.find()) {
            throw new IOException("no cluster configuration in " + dir);
        }
        return new StandaloneFlinkCluster(classpath, dir, Integer.parseInt(port.group(1)));
    }

    /** The REST endpoint, {@code http://localhost:PORT}. */
    public String restAddress() {
        return "http://localhost:" + restPort;
    }

    public Path directory() {
        return dir;
    }

    /**
     * Submits a job jar with Flink's command line client ({@code flink run -d}) and returns its job
     * id.
     */
    public String submit(Path jobJar, List<String> args) throws IOException, InterruptedException {
        List<String> command = java(dir.resolve("log").resolve("client.log"), "client");
        command.add(CLI_MAIN);
        command.addAll(List.of("run", "-d", jobJar.toAbsolutePath().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("FLINK_CONF_DIR", dir.resolve("conf").toString());
        Process client = builder.start();
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = client.waitFor();
        Matcher id = Pattern.compile("JobID ([0-9a-f]{32})").matcher(output);
        if (exit != 0 || !id.find()) {
            throw new IOException("flink run failed with exit code " + exit + ":\n" + output);
        }
        return id.group(1);
    }

    /** The job's status as the REST API reports it, like {@code RUNNING}. */
    public String jobStatus(String jobId) throws IOException, InterruptedException {
        String body = get("/jobs/" + jobId);
        Matcher state = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"").matcher(body);
        return state.find() ? state.group(1) : "UNKNOWN";
    }

    /** Cancels a job through the REST API. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(restAddress() + "/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build();
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding());
    }

    /** Stops both processes. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            stopProcess(processes.get(i).toHandle());
        }
        processes.clear();
    }

    /** Stops a cluster started earlier in this directory, from its pid files. */
    public static void stop(Path dir) throws IOException {
        for (String role : List.of("taskmanager", "jobmanager")) {
            Path pidFile = dir.resolve(role + ".pid");
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                ProcessHandle.of(pid).ifPresent(StandaloneFlinkCluster::stopProcess);
                Files.delete(pidFile);
            }
        }
    }

    private void startJobManager() throws IOException {
        ResourceParams params = resourceParams("GET_JM_RESOURCE_PARAMS");
        List<String> command = java(dir.resolve("log").resolve("jobmanager.log"), "jobmanager");
        command.addAll(params.jvmArgs());
        command.add(JOB_MANAGER_MAIN);
        command.addAll(List.of("--configDir", dir.resolve("conf").toString()));
        command.addAll(params.dynamicConfigs());
        launch(command, "jobmanager");
    }

    private void startTaskManager() throws IOException {
        ResourceParams params = resourceParams("GET_TM_RESOURCE_PARAMS");
        List<String> command = java(dir.resolve("log").resolve("taskmanager.log"), "taskmanager");
        command.addAll(params.jvmArgs());
        command.add(TASK_MANAGER_MAIN);
        command.addAll(List.of("--configDir", dir.resolve("conf").toString()));
        command.addAll(params.dynamicConfigs());
        launch(command, "taskmanager");
    }

    private void launch(List<String> command, String role) throws IOException {
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("log").resolve(role + ".out").toFile())
                        .start();
        processes.add(process);
        Files.writeString(dir.resolve(role + ".pid"), Long.toString(process.pid()));
    }

    private List<String> java(Path logFile, String role) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPENS);
        command.add("-Dlog.file=" + logFile);
        command.add("-Dlog4j.configurationFile=" + dir.resolve("conf").resolve("log4j.properties"));
        command.add("-Dhotkeys.flink.role=" + role);
        command.add("-cp");
        command.add(classpath);
        return command;
    }

    /** The JVM arguments and dynamic settings Flink's scripts would pass, from BashJavaUtils. */
    private ResourceParams resourceParams(String which) throws IOException {
        List<String> command = java(dir.resolve("log").resolve("bash-java-utils.log"), "utils");
        command.addAll(
                List.of(
                        RESOURCE_PARAMS_MAIN,
                        which,
                        "--configDir",
                        dir.resolve("conf").toString()));
        Process utils = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(utils.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> results =
                output.lines()
                        .filter(l -> l.startsWith(RESULT_PREFIX))
                        .map(l -> l.substring(RESULT_PREFIX.length()))
                        .toList();
        if (results.size() < 2) {
            throw new IOException("BashJavaUtils " + which + " gave no parameters:\n" + output);
        }
        return new ResourceParams(split(results.get(0)), split(results.get(1)));
    }

    private record ResourceParams(List<String> jvmArgs, List<String> dynamicConfigs) {}

    private static List<String> split(String line) {
        return Arrays.stream(line.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private void awaitRest() throws IOException {
        awaitCondition(
                "the JobManager's REST API to answer",
                () -> get("/overview").contains("taskmanagers"));
    }

    private void awaitTaskManagers(int count) throws IOException {
        Pattern taskManagers = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)");
        awaitCondition(
                count + " TaskManager(s) to register",
                () -> {
                    Matcher m = taskManagers.matcher(get("/overview"));
                    return m.find() && Integer.parseInt(m.group(1)) >= count;
                });
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private void awaitCondition(String what, Check check) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IOException(
                            "a Flink process ended while waiting for "
                                    + what
                                    + "; see "
                                    + dir.resolve("log"));
                }
            }
            try {
                if (check.holds()) {
                    return;
                }
            } catch (Exception notYet) {
                // not up yet; try again
            }
            sleepQuietly(250);
        }
        throw new IOException(
                "timed out after "
                        + START_TIMEOUT
                        + " waiting for "
                        + what
                        + "; see "
                        + dir.resolve("log"));
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(restAddress() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static void stopProcess(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
