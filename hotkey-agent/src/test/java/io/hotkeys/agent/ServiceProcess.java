package io.hotkeys.agent;

import io.hotkeys.agent.app.SmallJedisService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The small Jedis program ({@link SmallJedisService}) in its own JVM, with or without the agent
 * attached through {@code -javaagent}. Its class path holds Jedis and the program only.
 */
final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader answers;
    private final PrintWriter commands;
    private final Path stderr;

    private ServiceProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.answers =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    /**
     * Starts the program against a Redis port.
     *
     * @param agentOptions the {@code -javaagent} options, or null to run without the agent
     */
    static ServiceProcess start(int redisPort, String agentOptions, Path workDir)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        if (agentOptions != null) {
            command.add("-javaagent:" + agentJar() + "=" + agentOptions);
        }
        command.add("-cp");
        command.add(Path.of("target", "test-classes").toAbsolutePath() + ":" + jedisClasspath());
        command.add(SmallJedisService.class.getName());
        command.add(Integer.toString(redisPort));
        Path stderr = Files.createTempFile(workDir, "service", ".err");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        ServiceProcess service = new ServiceProcess(process, stderr);
        String ready = service.readLine();
        if (!"ready".equals(ready)) {
            throw new IOException(
                    "service did not start: " + ready + "; stderr: " + service.stderr());
        }
        return service;
    }

    /** Sends one command and returns its one-line answer. */
    String ask(String command) throws IOException {
        commands.println(command);
        String answer = readLine();
        if (answer == null) {
            throw new IOException("service ended; stderr: " + stderr());
        }
        return answer;
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    @Override
    public void close() throws Exception {
        commands.println("quit");
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private String readLine() throws IOException {
        try {
            return CompletableFuture.supplyAsync(this::readQuietly).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("no answer from the service within 60 s; stderr: " + stderr(), e);
        }
    }

    private String readQuietly() {
        try {
            return answers.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    private static Path agentJar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-javaagent.jar"))
                    .findFirst()
                    .orElseThrow(
                            () -> new IOException("no -javaagent jar in target/; run mvn package"))
                    .toAbsolutePath();
        }
    }

    private static String jedisClasspath() throws IOException {
        return Files.readString(Path.of("target", "jedis-app-classpath.txt")).trim();
    }
}
