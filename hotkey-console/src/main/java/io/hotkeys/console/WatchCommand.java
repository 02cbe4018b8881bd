package io.hotkeys.console;

import io.hotkeys.schema.HotKeyRecord;
import io.hotkeys.schema.KeyCodec;
import io.hotkeys.schema.KeyDisplay;
import io.hotkeys.schema.SchemaException;
import io.hotkeys.schema.ZkLayout;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.utils.ZKPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints an app's hot-key set, then every key that turns hot or cold, as it happens. It reads the
 * set through Curator's {@code CuratorCache}: after a lost connection the cache re-reads the tree,
 * so changes merged by ZooKeeper meanwhile still show up as the difference.
 */
@Command(name = "watch", description = "Show the live hot-key set of an app.")
final class WatchCommand implements Callable<Integer> {
    @Mixin ZooKeeperOptions zookeeper;

    @Option(
            names = {"--app", "-a"},
            required = true,
            description = "The app to watch.")
    String app;

    @Spec CommandSpec spec;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final Map<String, String> keyByPath = new ConcurrentHashMap<>();

    @Override
    public Integer call() {
        ZkLayout.checkApp(app);
        PrintWriter out = spec.commandLine().getOut();
        String path = zookeeper.layout().hotKeysPath(app);
        try (CuratorFramework client = zookeeper.connect();
                CuratorCache cache = CuratorCache.build(client, path)) {
            client.getConnectionStateListenable().addListener((c, state) -> connection(out, state));
            cache.listenable().addListener(listener(out, path));
            out.printf(
                    "watching hot keys of app '%s' at %s%s (Ctrl-C to stop)%n",
                    app, zookeeper.connect, path);
            out.flush();
            cache.start();
            awaitStop();
        }
        return 0;
    }

    private void awaitStop() {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CuratorCacheListener listener(PrintWriter out, String hotPath) {
        return CuratorCacheListener.builder()
                .forCreates(node -> hot(out, hotPath, node))
                .forChanges((before, after) -> hot(out, hotPath, after))
                .forDeletes(node -> cold(out, node))
                .forInitialized(() -> print(out, "= %d hot keys now", keyByPath.size()))
                .build();
    }

    private void hot(PrintWriter out, String hotPath, ChildData node) {
        if (!ZKPaths.getPathAndNode(node.getPath()).getPath().equals(hotPath)) {
            return;
        }
        try {
            HotKeyRecord record = HotKeyRecord.CODEC.decode(node.getData(), node.getPath());
            String key = KeyCodec.fromBytes(record.key());
            String verb = keyByPath.put(node.getPath(), key) == null ? "HOT " : "PEAK";
            print(
                    out,
                    "+ %s %s  count=%d peak=%d window=%dms threshold=%d",
                    verb,
                    KeyDisplay.show(key),
                    record.count(),
                    record.peakCount(),
                    record.windowMs(),
                    record.threshold());
        } catch (SchemaException e) {
            print(out, "! bad node %s: %s", node.getPath(), e.getMessage());
        }
    }

    private void cold(PrintWriter out, ChildData node) {
        String key = keyByPath.remove(node.getPath());
        if (key != null) {
            print(out, "- COLD %s", KeyDisplay.show(key));
        }
    }

    private void connection(PrintWriter out, ConnectionState state) {
        if (state != ConnectionState.CONNECTED) {
            print(out, "~ ZooKeeper connection %s", state.name().toLowerCase());
        }
    }

    private static void print(PrintWriter out, String format, Object... args) {
        synchronized (out) {
            out.printf("%s " + format + "%n", prepend(Instant.now(), args));
            out.flush();
        }
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
