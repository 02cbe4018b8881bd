package io.hotkeys.console;

import io.hotkeys.schema.RuleSet;
import io.hotkeys.schema.SchemaException;
import io.hotkeys.schema.ZkLayout;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Shows and sets an app's detection rules. A rule set is checked before it is written; one with
 * problems is refused with every problem named, and nothing is written.
 */
@Command(
        name = "rules",
        description = "Show, check, set or delete the detection rules of an app.",
        subcommands = {
            RulesCommand.Show.class,
            RulesCommand.Check.class,
            RulesCommand.Set.class,
            RulesCommand.Delete.class
        })
final class RulesCommand {
    /** Bucket width the rules are checked against; the job's default. */
    static final long BUCKET_MS = 100;

    @Command(name = "show", description = "Print the app's rule set as stored.")
    static final class Show implements Callable<Integer> {
        @Mixin ZooKeeperOptions zookeeper;

        @Option(
                names = {"--app", "-a"},
                required = true,
                description = "The app.")
        String app;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            String path = zookeeper.layout().rulesPath(app);
            try (CuratorFramework client = zookeeper.connect()) {
                byte[] data = client.getData().forPath(path);
                out.println(new String(data, StandardCharsets.UTF_8));
                reportProblems(out, data, path);
            } catch (KeeperException.NoNodeException e) {
                out.println(
                        "app '" + app + "' has no rules; every key takes the job's default rule");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "check", description = "Check a rule set file without writing it.")
    static final class Check implements Callable<Integer> {
        @Option(names = "--file", required = true, description = "Rule set JSON file.")
        Path file;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RuleSet.read(Files.readAllBytes(file), file.toString(), BUCKET_MS);
            spec.commandLine().getOut().println(file + ": rule set is valid");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "set", description = "Check a rule set file, then make it the app's rules.")
    static final class Set implements Callable<Integer> {
        @Mixin ZooKeeperOptions zookeeper;

        @Option(
                names = {"--app", "-a"},
                required = true,
                description = "The app.")
        String app;

        @Option(names = "--file", required = true, description = "Rule set JSON file.")
        Path file;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            byte[] data = Files.readAllBytes(file);
            RuleSet set = RuleSet.read(data, file.toString(), BUCKET_MS);
            String path = zookeeper.layout().rulesPath(ZkLayout.checkApp(app));
            try (CuratorFramework client = zookeeper.connect()) {
                client.create().orSetData().creatingParentsIfNeeded().forPath(path, data);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("wrote %d rules of app '%s' to %s%n", set.rules().size(), app, path);
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "delete",
            description = "Remove the app's rules; its keys take the default rule.")
    static final class Delete implements Callable<Integer> {
        @Mixin ZooKeeperOptions zookeeper;

        @Option(
                names = {"--app", "-a"},
                required = true,
                description = "The app.")
        String app;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (CuratorFramework client = zookeeper.connect()) {
                client.delete().quietly().forPath(zookeeper.layout().rulesPath(app));
            }
            spec.commandLine().getOut().println("removed the rules of app '" + app + "'");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    private static void reportProblems(PrintWriter out, byte[] data, String path) {
        try {
            RuleSet.read(data, path, BUCKET_MS);
        } catch (SchemaException e) {
            out.println("! " + e.getMessage());
            out.println("! the job refuses this rule set and keeps the app's last good rules");
        }
    }
}
