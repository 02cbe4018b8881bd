package io.hotkeys.agent;

import io.hotkeys.schema.HotKeyRecord;
import io.hotkeys.schema.KeyCodec;
import io.hotkeys.schema.SchemaException;
import io.hotkeys.schema.ZkLayout;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.utils.ZKPaths;

/**
 * Keeps the agent's copy of its app's hot-key set in step with ZooKeeper.
 *
 * <p>It uses Curator's {@link CuratorCache} on the app's hot-key node. ZooKeeper may merge or miss
 * individual changes while a client is disconnected; the cache re-reads the tree when the
 * connection comes back (also after a new session), so the set converges on what the server holds.
 * Nodes whose data does not decode, or whose name does not match the key in their data, are ignored
 * with a warning rather than trusted.
 */
final class HotKeyWatcher implements AutoCloseable {
    private final String hotKeysPath;
    private final AgentLog log;
    private final CuratorCache cache;
    private final Map<String, String> keyByPath = new ConcurrentHashMap<>();
    private final Callback callback;

    /** What the watcher reports to the agent. */
    interface Callback {
        void hot(String key, HotKeyRecord record);

        void cold(String key);
    }

    HotKeyWatcher(
            CuratorFramework client, ZkLayout layout, String app, AgentLog log, Callback callback) {
        this.hotKeysPath = layout.hotKeysPath(app);
        this.log = log;
        this.callback = callback;
        this.cache = CuratorCache.build(client, hotKeysPath);
        this.cache
                .listenable()
                .addListener(
                        CuratorCacheListener.builder()
                                .forCreates(this::upsert)
                                .forChanges((before, after) -> upsert(after))
                                .forDeletes(this::delete)
                                .forInitialized(this::initialized)
                                .build());
    }

    void start() {
        cache.start();
    }

    @Override
    public void close() {
        cache.close();
    }

    private void upsert(ChildData node) {
        if (!isHotKeyNode(node.getPath())) {
            return;
        }
        try {
            HotKeyRecord record = HotKeyRecord.CODEC.decode(node.getData(), node.getPath());
            String name = ZKPaths.getNodeFromPath(node.getPath());
            if (!KeyCodec.nameMatches(name, record.key())) {
                throw new SchemaException("its name does not match the key in its data");
            }
            String key = KeyCodec.fromBytes(record.key());
            keyByPath.put(node.getPath(), key);
            callback.hot(key, record);
        } catch (SchemaException e) {
            log.warnRateLimited(
                    "bad-hot-key-node",
                    "ignoring hot-key node {}: {}. Something other than the job wrote it, or a"
                            + " newer job version; remove the node or upgrade the agent",
                    node.getPath(),
                    e.getMessage());
        }
    }

    private void delete(ChildData node) {
        String key = keyByPath.remove(node.getPath());
        if (key != null) {
            callback.cold(key);
        }
    }

    private void initialized() {
        log.info("watching {}: {} hot keys now", hotKeysPath, keyByPath.size());
    }

    private boolean isHotKeyNode(String path) {
        return path.length() > hotKeysPath.length() + 1
                && path.startsWith(hotKeysPath)
                && path.charAt(hotKeysPath.length()) == '/'
                && path.indexOf('/', hotKeysPath.length() + 1) < 0;
    }
}
