package io.hotkeys.tools.replay;

import io.hotkeys.schema.HotKeyRecord;
import io.hotkeys.schema.KeyCodec;
import io.hotkeys.schema.SchemaException;
import io.hotkeys.schema.ZkLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.utils.ZKPaths;

/**
 * Watches an app's hot-key set in ZooKeeper, as the job writes it, and keeps every change: which
 * keys were ever hot, with their first record and their highest peak. The demo prints the changes
 * as they happen; tests compare the keys with the exact count.
 */
public final class HotKeyLog implements AutoCloseable {
    private final CuratorFramework client;
    private final CuratorCache cache;
    private final String hotPath;
    private final Consumer<Change> onChange;
    private final Map<String, Seen> everHot = new LinkedHashMap<>();
    private final Map<String, String> keyByPath = new LinkedHashMap<>();
    private final List<Change> changes = new ArrayList<>();
    private volatile long lastChangeAtMs = System.currentTimeMillis();

    /** A change of the hot-key set. */
    public record Change(long atMs, String key, boolean hot, HotKeyRecord record) {}

    /** A key that was hot at least once. */
    public record Seen(String key, HotKeyRecord first, long peakCount, int timesHot) {}

    private HotKeyLog(String connect, String app, Consumer<Change> onChange) {
        this.client =
                CuratorFrameworkFactory.newClient(
                        connect, new ExponentialBackoffRetry(100, 10, 5_000));
        this.hotPath = ZkLayout.defaultLayout().hotKeysPath(app);
        this.cache = CuratorCache.build(client, hotPath);
        this.onChange = onChange;
    }

    /** Starts watching; each change is also handed to onChange, on ZooKeeper's event thread. */
    public static HotKeyLog start(String connect, String app, Consumer<Change> onChange) {
        HotKeyLog log = new HotKeyLog(connect, app, onChange);
        log.cache
                .listenable()
                .addListener(
                        CuratorCacheListener.builder()
                                .forCreates(log::upsert)
                                .forChanges((before, after) -> log.upsert(after))
                                .forDeletes(log::delete)
                                .build());
        log.client.start();
        log.cache.start();
        return log;
    }

    /** Keys that were hot at least once, in the order they first turned hot. */
    public synchronized List<Seen> everHot() {
        return new ArrayList<>(everHot.values());
    }

    /** Every hot and cold change seen, in order. */
    public synchronized List<Change> changes() {
        return new ArrayList<>(changes);
    }

    /** Keys hot now. */
    public synchronized List<String> hotNow() {
        return new ArrayList<>(keyByPath.values());
    }

    /** Wall time of the last change seen. */
    public long lastChangeAtMs() {
        return lastChangeAtMs;
    }

    @Override
    public void close() {
        cache.close();
        client.close();
    }

    private void upsert(ChildData node) {
        if (!ZKPaths.getPathAndNode(node.getPath()).getPath().equals(hotPath)) {
            return;
        }
        HotKeyRecord record;
        try {
            record = HotKeyRecord.CODEC.decode(node.getData(), node.getPath());
        } catch (SchemaException e) {
            return;
        }
        String key = KeyCodec.fromBytes(record.key());
        boolean turnedHot = remember(node.getPath(), key, record);
        lastChangeAtMs = System.currentTimeMillis();
        if (turnedHot) {
            Change change = new Change(lastChangeAtMs, key, true, record);
            synchronized (this) {
                changes.add(change);
            }
            onChange.accept(change);
        }
    }

    private synchronized boolean remember(String path, String key, HotKeyRecord record) {
        boolean turnedHot = keyByPath.put(path, key) == null;
        Seen seen = everHot.get(key);
        if (seen == null) {
            everHot.put(key, new Seen(key, record, record.peakCount(), 1));
        } else {
            long peak = Math.max(seen.peakCount(), record.peakCount());
            everHot.put(
                    key, new Seen(key, seen.first(), peak, seen.timesHot() + (turnedHot ? 1 : 0)));
        }
        return turnedHot;
    }

    private void delete(ChildData node) {
        String key;
        synchronized (this) {
            key = keyByPath.remove(node.getPath());
        }
        if (key != null) {
            lastChangeAtMs = System.currentTimeMillis();
            Change change = new Change(lastChangeAtMs, key, false, null);
            synchronized (this) {
                changes.add(change);
            }
            onChange.accept(change);
        }
    }
}
