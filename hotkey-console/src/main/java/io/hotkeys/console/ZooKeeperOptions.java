package io.hotkeys.console;

import io.hotkeys.schema.ZkLayout;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import picocli.CommandLine.Option;

/** Where the console finds ZooKeeper; shared by every command. */
final class ZooKeeperOptions {
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

    CuratorFramework connect() {
        CuratorFramework client =
                CuratorFrameworkFactory.builder()
                        .connectString(connect)
                        .connectionTimeoutMs(5_000)
                        .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000))
                        .build();
        client.start();
        return client;
    }
}
