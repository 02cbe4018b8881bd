package io.hotkeys.stack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

class LocalRedisIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final File CHILD_LOG = new File("target/local-redis-child.log");
    private static final String HOW_TO_FIX =
            "install it with: apt-get install redis-server,"
                    + " or set -Dhotkeys.redis.server=/path/to/redis-server";

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @TempDir Path childTempDir;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void start_defaults_setThenGetRoundTrips() {
        LocalRedis redis = track(LocalRedis.start());
        RedisClient client = connect(redis);

        client.set("shop:item:1", "hat");

        assertThat(client.get("shop:item:1")).isEqualTo("hat");
        assertThat(redis.host()).isEqualTo("127.0.0.1");
        assertThat(redis.address()).isEqualTo("127.0.0.1:" + redis.port());
        assertThat(redis.isRunning()).isTrue();
    }

    @Test
    void stopThenRestart_samePort_clientsFailThenWorkAgainWithEmptyDatabase() {
        LocalRedis redis = track(LocalRedis.start());
        RedisClient client = connect(redis);
        client.set("before", "restart");
        int port = redis.port();

        redis.stop();

        assertThat(redis.isRunning()).isFalse();
        assertThatThrownBy(() -> client.get("before")).isInstanceOf(JedisConnectionException.class);

        redis.restart();

        assertThat(redis.port()).isEqualTo(port);
        await().atMost(WAIT)
                .ignoreExceptionsInstanceOf(JedisConnectionException.class)
                .untilAsserted(() -> assertThat(client.set("after", "restart")).isEqualTo("OK"));
        assertThat(client.get("before")).isNull();
    }

    @Test
    void startMany_two_serversRunAtOnceOnDifferentPortsWithSeparateData() {
        List<LocalRedis> servers = LocalRedis.startMany(2);
        servers.forEach(this::track);
        RedisClient first = connect(servers.get(0));
        RedisClient second = connect(servers.get(1));

        first.set("key", "first");
        second.set("key", "second");

        assertThat(servers.get(0).port()).isNotEqualTo(servers.get(1).port());
        assertThat(first.get("key")).isEqualTo("first");
        assertThat(second.get("key")).isEqualTo("second");
    }

    @Test
    void commandCounts_growsByEachCommandAndResetStatsZeroesIt() {
        LocalRedis redis = track(LocalRedis.start());
        assertThat(redis.commandCounts()).isZero();
        RedisClient client = connect(redis);
        client.ping();
        long before = redis.commandCounts();

        for (int i = 0; i < 10; i++) {
            client.incr("counter");
        }

        assertThat(redis.commandCounts()).isEqualTo(before + 10);

        redis.resetStats();

        assertThat(redis.commandCounts()).isZero();
        client.get("counter");
        client.get("counter");
        assertThat(redis.commandCounts()).isEqualTo(2);
    }

    @Test
    void config_maxMemory_appliedToServer() {
        LocalRedis redis =
                track(
                        LocalRedis.builder()
                                .config("maxmemory", "16mb")
                                .config("maxmemory-policy", "allkeys-lru")
                                .start());
        RedisClient client = connect(redis);

        assertThat(client.configGet("maxmemory")).containsEntry("maxmemory", "16777216");
        assertThat(client.configGet("maxmemory-policy"))
                .containsEntry("maxmemory-policy", "allkeys-lru");
        assertThat(client.configGet("save")).containsEntry("save", "");
        assertThat(client.configGet("appendonly")).containsEntry("appendonly", "no");
    }

    @Test
    void close_calledTwice_leavesNoRedisProcessNorDirectoryAndForbidsRestart() throws IOException {
        LocalRedis redis = LocalRedis.start();
        long pid = redis.pid();
        Path directory = redis.directory();
        assertThat(redisDescendants()).contains(pid);

        redis.close();
        redis.close();

        assertThat(redisDescendants()).isEmpty();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(directory).doesNotExist();
        assertThatThrownBy(redis::restart).isInstanceOf(IllegalStateException.class);
        try (ServerSocket socket = bindLoopback(redis.port())) {
            assertThat(socket.getLocalPort()).isEqualTo(redis.port());
        }
    }

    @Test
    void stop_serverIgnoresSigterm_killedAfterStopTimeout() throws Exception {
        LocalRedis redis = track(LocalRedis.builder().stopTimeoutMs(500).start());
        long pid = redis.pid();
        // A stopped process keeps SIGTERM pending; only SIGKILL ends it.
        signal("STOP", pid);

        long startNanos = System.nanoTime();
        redis.stop();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos))
                .isGreaterThanOrEqualTo(500);
        assertThat(redisDescendants()).doesNotContain(pid);
        assertThat(redis.isRunning()).isFalse();
    }

    @Test
    void start_missingBinaryInBuilder_failsSayingHowToInstall() {
        LocalRedis.Builder builder = LocalRedis.builder().redisServer(Path.of("/nonexistent"));

        assertThatThrownBy(builder::start)
                .isInstanceOf(LocalServerException.class)
                .hasMessageContaining("/nonexistent")
                .hasMessageContaining(HOW_TO_FIX);
    }

    @Test
    void start_missingBinaryInSystemProperty_failsSayingHowToInstall() {
        String previous = System.setProperty(LocalRedis.SERVER_PROPERTY, "/nonexistent");
        try {
            assertThatThrownBy(LocalRedis::start)
                    .isInstanceOf(LocalServerException.class)
                    .hasMessageContaining("/nonexistent (from -Dhotkeys.redis.server)")
                    .hasMessageContaining(HOW_TO_FIX);
        } finally {
            if (previous == null) {
                System.clearProperty(LocalRedis.SERVER_PROPERTY);
            } else {
                System.setProperty(LocalRedis.SERVER_PROPERTY, previous);
            }
        }
    }

    @Test
    void start_portTaken_failsAtOnceQuotingRedisLog() throws IOException {
        try (ServerSocket taken = bindLoopback(0)) {
            int port = taken.getLocalPort();
            LocalRedis.Builder builder = LocalRedis.builder().port(port);

            assertTimeoutPreemptively(
                    Duration.ofSeconds(10),
                    () ->
                            assertThatThrownBy(builder::start)
                                    .isInstanceOf(LocalServerException.class)
                                    .hasMessageContaining("did not start on 127.0.0.1:" + port)
                                    .hasMessageContaining("Address already in use"));
        }
        assertThat(redisDescendants()).isEmpty();
    }

    @Test
    void start_badConfigValue_failsQuotingRedisError() {
        LocalRedis.Builder builder = LocalRedis.builder().config("maxmemory", "plenty");

        assertThatThrownBy(builder::start)
                .isInstanceOf(LocalServerException.class)
                .hasMessageContaining("maxmemory")
                .hasMessageContaining("FATAL CONFIG FILE ERROR");
    }

    @Test
    void jvmKilled_serverStopsByItself() throws Exception {
        Process child = startChildJvm();
        try {
            String[] pidAndPort = readLine(child).split(" ");
            long pid = Long.parseLong(pidAndPort[0]);
            int port = Integer.parseInt(pidAndPort[1]);
            assertThat(isRunning(pid)).isTrue();

            child.destroyForcibly();

            await().atMost(WAIT).until(() -> !isRunning(pid));
            try (ServerSocket socket = bindLoopback(port)) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        } finally {
            child.destroyForcibly();
        }
    }

    /** Run by {@link #jvmKilled_serverStopsByItself} in a JVM of its own. */
    static final class ChildJvm {
        public static void main(String[] args) throws InterruptedException {
            LocalRedis redis = LocalRedis.start();
            System.out.println(redis.pid() + " " + redis.port());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        toClose.add(resource);
        return resource;
    }

    private RedisClient connect(LocalRedis redis) {
        return track(RedisClient.create(redis.host(), redis.port()));
    }

    private Process startChildJvm() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(
                        java.toString(),
                        "-Xmx128m",
                        "-Djava.io.tmpdir=" + childTempDir,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ChildJvm.class.getName())
                .redirectError(ProcessBuilder.Redirect.appendTo(CHILD_LOG))
                .start();
    }

    private static String readLine(Process child) {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
        return assertTimeoutPreemptively(
                WAIT,
                () -> {
                    String line = reader.readLine();
                    assertThat(line).as("child output ended early, see " + CHILD_LOG).isNotNull();
                    return line;
                });
    }

    /** The pids of redis-server processes started, directly or not, by this JVM. */
    private static List<Long> redisDescendants() {
        return ProcessHandle.current()
                .descendants()
                .filter(LocalRedisIT::isRedis)
                .map(ProcessHandle::pid)
                .toList();
    }

    private static boolean isRedis(ProcessHandle process) {
        // Debian's redis-server is a link to redis-check-rdb, and Redis rewrites its arguments.
        ProcessHandle.Info info = process.info();
        return info.command().orElse("").contains("redis")
                || info.commandLine().orElse("").contains("redis-server");
    }

    /** Whether {@code pid} runs; a zombie waiting to be reaped by init counts as ended. */
    private static boolean isRunning(long pid) throws IOException {
        String text;
        try {
            text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException e) {
            return false;
        }
        String state = text.substring(text.lastIndexOf(')') + 2).substring(0, 1);
        return !state.equals("Z") && !state.equals("X");
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
        assertThat(kill.waitFor()).isZero();
    }

    private static ServerSocket bindLoopback(int port) throws IOException {
        return new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"));
    }
}
