package io.hotkeys.stack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link LocalStack} as a child process, the way scripts and the demo use it. */
class LocalStackIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final File CHILD_LOG = new File("target/local-stack-child.log");

    @TempDir Path childTempDir;

    @Test
    void main_stdinReachesEof_printsAddressesThenExitsAndCleansUp() throws Exception {
        Process child = startChild("--exit-on-stdin-eof");
        try {
            Map<String, String> addresses = readAddresses(child);
            assertZooKeeperServes(addresses.get("zookeeper"));
            assertKafkaServes(addresses.get("kafka"));

            child.getOutputStream().close();

            assertThat(child.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
            assertThat(listFiles(childTempDir)).isEmpty();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void main_terminated_stopsServersAndCleansUp() throws Exception {
        Process child = startChild();
        try {
            Map<String, String> addresses = readAddresses(child);
            assertThat(addresses).containsOnlyKeys("zookeeper", "kafka");

            child.destroy();

            assertThat(child.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(listFiles(childTempDir)).isEmpty();
        } finally {
            child.destroyForcibly();
        }
    }

    private Process startChild(String... options) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command =
                Stream.concat(
                                Stream.of(
                                        java.toString(),
                                        "-Xmx512m",
                                        "-Djava.io.tmpdir=" + childTempDir,
                                        "-cp",
                                        System.getProperty("java.class.path"),
                                        LocalStack.class.getName()),
                                Stream.of(options))
                        .toList();
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(CHILD_LOG))
                .start();
    }

    /** Reads the child's standard output up to its {@code kafka=} line. */
    private static Map<String, String> readAddresses(Process child) {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
        Map<String, String> addresses = new HashMap<>();
        assertTimeoutPreemptively(
                WAIT,
                () -> {
                    while (!addresses.containsKey("kafka")) {
                        String line = reader.readLine();
                        assertThat(line)
                                .as("child output ended early, see " + CHILD_LOG)
                                .isNotNull();
                        String[] parts = line.split("=", 2);
                        addresses.put(parts[0], parts[1]);
                    }
                });
        return addresses;
    }

    private static void assertZooKeeperServes(String connectString) throws Exception {
        assertThat(connectString).startsWith("127.0.0.1:");
        try (CuratorFramework client =
                CuratorFrameworkFactory.newClient(
                        connectString, new ExponentialBackoffRetry(100, 10))) {
            client.start();
            client.create().forPath("/from-parent", "hello".getBytes(UTF_8));
            assertThat(client.getData().forPath("/from-parent")).isEqualTo("hello".getBytes(UTF_8));
        }
    }

    private static void assertKafkaServes(String bootstrapServers) throws Exception {
        assertThat(bootstrapServers).startsWith("127.0.0.1:");
        Map<String, Object> config =
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    private static List<Path> listFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
