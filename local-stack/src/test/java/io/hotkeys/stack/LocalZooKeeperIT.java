package io.hotkeys.stack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalZooKeeperIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private LocalZooKeeper zooKeeper;
    private CuratorFramework client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    @Test
    void start_defaults_clientCreatesAndReadsNode() throws Exception {
        zooKeeper = LocalZooKeeper.start();
        client = connect(zooKeeper);

        client.create().creatingParentsIfNeeded().forPath("/apps/shop", bytes("v1"));

        assertThat(zooKeeper.connectString()).isEqualTo("127.0.0.1:" + zooKeeper.port());
        assertThat(client.getData().forPath("/apps/shop")).isEqualTo(bytes("v1"));
    }

    @Test
    void createTtlNode_shortCheckInterval_nodeIsReapedAfterItsTtl() throws Exception {
        zooKeeper = LocalZooKeeper.builder().containerCheckIntervalMs(200).start();
        client = connect(zooKeeper);

        client.create().withTtl(300).withMode(CreateMode.PERSISTENT_WITH_TTL).forPath("/ttl");

        assertThat(client.checkExists().forPath("/ttl")).isNotNull();
        await().atMost(WAIT).until(() -> client.checkExists().forPath("/ttl") == null);
    }

    @Test
    void stopThenRestart_samePort_clientReconnectsAndDataSurvives() throws Exception {
        zooKeeper = LocalZooKeeper.start();
        client = connect(zooKeeper);
        client.create().forPath("/kept", bytes("before restart"));
        int port = zooKeeper.port();

        zooKeeper.stop();
        await().atMost(WAIT).until(() -> !client.getZookeeperClient().isConnected());
        assertThat(zooKeeper.isRunning()).isFalse();

        zooKeeper.restart();
        await().atMost(WAIT).until(() -> client.getZookeeperClient().isConnected());
        assertThat(zooKeeper.port()).isEqualTo(port);
        assertThat(client.getData().forPath("/kept")).isEqualTo(bytes("before restart"));
    }

    @Test
    void close_calledTwice_releasesPortAndForbidsRestart() throws IOException {
        Set<Long> before = liveThreadIds();
        zooKeeper = LocalZooKeeper.start();

        zooKeeper.close();
        zooKeeper.close();

        assertThat(zooKeeper.isRunning()).isFalse();
        assertThatThrownBy(zooKeeper::restart).isInstanceOf(IllegalStateException.class);
        try (ServerSocket socket = bindLoopback(zooKeeper.port())) {
            assertThat(socket.getLocalPort()).isEqualTo(zooKeeper.port());
        }
        assertThat(newNonDaemonThreads(before)).isEmpty();
    }

    @Test
    void start_portTaken_failsAtOnceNamingTheAddress() throws IOException {
        try (ServerSocket taken = bindLoopback(0)) {
            int port = taken.getLocalPort();
            LocalZooKeeper.Builder builder = LocalZooKeeper.builder().port(port);

            assertTimeoutPreemptively(
                    Duration.ofSeconds(10),
                    () ->
                            assertThatThrownBy(builder::start)
                                    .isInstanceOf(LocalServerException.class)
                                    .hasMessageContaining("127.0.0.1:" + port)
                                    .hasRootCauseInstanceOf(BindException.class));
        }
    }

    private static CuratorFramework connect(LocalZooKeeper server) {
        CuratorFramework curator =
                CuratorFrameworkFactory.builder()
                        .connectString(server.connectString())
                        .sessionTimeoutMs(10_000)
                        .connectionTimeoutMs(5_000)
                        .retryPolicy(new ExponentialBackoffRetry(100, 10))
                        .build();
        curator.start();
        return curator;
    }

    private static ServerSocket bindLoopback(int port) throws IOException {
        return new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"));
    }

    private static Set<Long> liveThreadIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getId)
                .collect(Collectors.toSet());
    }

    private static List<String> newNonDaemonThreads(Set<Long> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && !before.contains(t.getId()))
                .map(Thread::getName)
                .toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
