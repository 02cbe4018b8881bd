package io.hotkeys.console;

import io.hotkeys.schema.ZkLayout;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import picocli.CommandLine.Option;

/** Where the console finds ZooKeeper; shared by every command. */
final class ZooKeeperOptions {
    static final int CONNECT_TIMEOUT_SECONDS = 10;

    @Option(
            names = {"--zookeeper", "-z"},
            defaultValue = "127.0.0.1:2181",
            description = "ZooKeeper servers, host:port,... (default: ${DEFAULT-VALUE}).")
    String connect;

    @Option(
            names = "--root",
            defaultValue = ZkLayout.DEFAULT_ROOT,
            description = "Node under which the system keeps its data (default: ${DEFAULT-VALUE}).")
    String root;

    ZkLayout layout() {
        return new ZkLayout(root);
    }

    /**
     * Connects, waiting up to {@value #CONNECT_TIMEOUT_SECONDS} seconds.
     *
     * @throws Unreachable if ZooKeeper does not answer in that time
     */
    CuratorFramework connect() {
        CuratorFramework client =
                CuratorFrameworkFactory.builder()
                        .connectString(connect)
                        .connectionTimeoutMs(5_000)
                        .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000))
                        .build();
        client.start();
        try {
            if (client.blockUntilConnected(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return client;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        throw new Unreachable(
                "cannot reach ZooKeeper at "
                        + connect
                        + " within "
                        + CONNECT_TIMEOUT_SECONDS
                        + " s; is it running? Name it with --zookeeper host:port");
    }

    /** ZooKeeper did not answer. */
    static final class Unreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message);
        }
    }
}
