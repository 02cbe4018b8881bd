package io.hotkeys.job;

import io.hotkeys.schema.ZkLayout;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes hot-key nodes that an earlier run of the job left behind. A job that starts without state
 * cannot know which of them are still hot, and agents would keep pinning them forever.
 */
final class HotKeyReset {
    private static final Logger LOG = LoggerFactory.getLogger(HotKeyReset.class);

    private HotKeyReset() {}

    static void clearAll(String connect, String root) {
        ZkLayout layout = new ZkLayout(root);
        try (CuratorFramework client =
                CuratorFrameworkFactory.newClient(
                        connect, new ExponentialBackoffRetry(100, 10, 5_000))) {
            client.start();
            int removed = 0;
            for (String app : children(client, layout.appsPath())) {
                removed += clearApp(client, layout, app);
            }
            if (removed > 0) {
                LOG.info("removed {} hot keys left in ZooKeeper by an earlier run", removed);
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot clear old hot keys in ZooKeeper at " + connect + ": " + e, e);
        }
    }

    private static int clearApp(CuratorFramework client, ZkLayout layout, String app)
            throws Exception {
        String hotPath = layout.hotKeysPath(app);
        List<String> names = children(client, hotPath);
        for (String name : names) {
            client.delete().quietly().forPath(hotPath + "/" + name);
        }
        return names.size();
    }

    private static List<String> children(CuratorFramework client, String path) throws Exception {
        try {
            return client.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }
}
