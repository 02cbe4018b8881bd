package io.hotkeys.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hotkeys.schema.HotKeyRecord;
import io.hotkeys.schema.KeyCodec;
import io.hotkeys.schema.ZkLayout;
import io.hotkeys.stack.LocalZooKeeper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The console against a real ZooKeeper server. */
class WatchCommandIT {
    private static LocalZooKeeper zookeeper;
    private static CuratorFramework zk;

    @BeforeAll
    static void start() {
        zookeeper = LocalZooKeeper.start();
        zk =
                CuratorFrameworkFactory.newClient(
                        zookeeper.connectString(), new ExponentialBackoffRetry(100, 5));
        zk.start();
    }

    @AfterAll
    static void stop() {
        zk.close();
        zookeeper.close();
    }

    @Test
    void watch_showsTheCurrentSet_thenKeysAsTheyTurnHotAndCold() throws Exception {
        writeHotKey("shop", "already-hot", 70);
        StringWriter output = new StringWriter();
        Thread watch =
                runInBackground(
                        output, "watch", "--zookeeper", zookeeper.connectString(), "--app", "shop");
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> output.toString().contains("already-hot"));

            String path = writeHotKey("shop", "line\nbreak", 55);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> output.toString().contains("line\\u000abreak"));
            zk.delete().forPath(path);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> output.toString().contains("COLD line\\u000abreak"));
        } finally {
            watch.interrupt();
            watch.join(10_000);
        }

        assertThat(output.toString())
                .contains("+ HOT  already-hot  count=70")
                .contains("+ HOT  line\\u000abreak  count=55")
                .doesNotContain("line\nbreak");
        assertThat(watch.isAlive()).isFalse();
    }

    @Test
    void apps_listsHotKeysPerApp() throws Exception {
        writeHotKey("listed", "a", 50);
        writeHotKey("listed", "b", 50);
        StringWriter output = new StringWriter();

        int exit = commandLine(output).execute("apps", "--zookeeper", zookeeper.connectString());

        assertThat(exit).isZero();
        assertThat(output.toString()).containsPattern("listed\\s+2\\s+0");
    }

    @Test
    void badAppName_isRefusedWithTheRule() {
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();
        CommandLine commandLine = commandLine(output);
        commandLine.setErr(new PrintWriter(errors));

        int exit =
                commandLine.execute(
                        "watch", "--zookeeper", zookeeper.connectString(), "--app", "../x");

        assertThat(exit).isNotZero();
        assertThat(errors.toString()).contains("app name '../x' is invalid");
    }

    private static Thread runInBackground(StringWriter output, String... args) {
        Thread thread = new Thread(() -> commandLine(output).execute(args));
        thread.start();
        return thread;
    }

    private static CommandLine commandLine(StringWriter output) {
        CommandLine commandLine = Console.commandLine();
        commandLine.setOut(new PrintWriter(output, true));
        return commandLine;
    }

    private static String writeHotKey(String app, String key, long count) throws Exception {
        byte[] bytes = KeyCodec.toBytes(key);
        String path = ZkLayout.defaultLayout().hotKeyPath(app, bytes);
        HotKeyRecord record =
                new HotKeyRecord(
                        1, app, bytes, 1, 1000, 1000, 50, count, count, "default", 1000, 0);
        zk.create()
                .orSetData()
                .creatingParentsIfNeeded()
                .forPath(path, HotKeyRecord.CODEC.encode(record));
        return path;
    }
}
