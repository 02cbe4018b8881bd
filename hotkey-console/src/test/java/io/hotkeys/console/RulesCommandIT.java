package io.hotkeys.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotkeys.schema.RuleSet;
import io.hotkeys.schema.ZkLayout;
import io.hotkeys.stack.LocalZooKeeper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Setting and showing rules against a real ZooKeeper server. */
class RulesCommandIT {
    private static LocalZooKeeper zookeeper;
    private static CuratorFramework zk;

    @TempDir Path files;

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
    void goodRuleSet_isWritten_andShown() throws Exception {
        Path file =
                write(
                        "good.json",
                        """
                        {"version": 1, "rules": [{"name": "images",
                         "match": {"type": "prefix", "value": "/images/"}, "windowMs": 500, "threshold": 20}]}
                        """);

        Result set =
                run(
                        "rules",
                        "set",
                        "--zookeeper",
                        zookeeper.connectString(),
                        "--app",
                        "shop",
                        "--file",
                        file.toString());
        Result show =
                run("rules", "show", "--zookeeper", zookeeper.connectString(), "--app", "shop");

        assertThat(set.exit()).isZero();
        assertThat(set.out()).contains("wrote 1 rules of app 'shop'");
        byte[] stored = zk.getData().forPath(ZkLayout.defaultLayout().rulesPath("shop"));
        assertThat(RuleSet.read(stored, "stored", 100).rules().get(0).threshold()).isEqualTo(20);
        assertThat(show.out()).contains("\"/images/\"").doesNotContain("!");
    }

    @Test
    void brokenRuleSet_isRefused_withEveryProblemNamed_andNothingIsWritten() throws Exception {
        Path file =
                write(
                        "broken.json",
                        """
                        {"version": 1, "rules": [{"name": "x", "match": {"type": "prefix", "value": "a"},
                         "windowMs": 150, "threshold": 0}]}
                        """);

        Result set =
                run(
                        "rules",
                        "set",
                        "--zookeeper",
                        zookeeper.connectString(),
                        "--app",
                        "broken",
                        "--file",
                        file.toString());

        assertThat(set.exit()).isEqualTo(2);
        assertThat(set.err())
                .contains("rules[0].windowMs: must be a multiple of 100")
                .contains("rules[0].threshold: must be at least 1, was 0");
        assertThat(zk.checkExists().forPath(ZkLayout.defaultLayout().rulesPath("broken"))).isNull();
    }

    @Test
    void brokenRuleSetWrittenByHand_isShownWithItsProblems() throws Exception {
        String path = ZkLayout.defaultLayout().rulesPath("byhand");
        zk.create()
                .creatingParentsIfNeeded()
                .forPath(path, "{\"version\": 1, \"rules\": [{\"nmae\": \"x\"}]}".getBytes());

        Result show =
                run("rules", "show", "--zookeeper", zookeeper.connectString(), "--app", "byhand");

        assertThat(show.out())
                .contains("! rule set at " + path)
                .contains("nmae")
                .contains("last good rules");
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(files.resolve(name), content);
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Console.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
