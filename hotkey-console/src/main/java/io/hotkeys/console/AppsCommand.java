package io.hotkeys.console;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the apps known to ZooKeeper with their number of hot keys and agents. */
@Command(name = "apps", description = "List apps with their hot keys and agents.")
final class AppsCommand implements Callable<Integer> {
    @Mixin ZooKeeperOptions zookeeper;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (CuratorFramework client = zookeeper.connect()) {
            List<String> apps = children(client, zookeeper.layout().appsPath());
            out.printf("%-30s %10s %8s%n", "app", "hot keys", "agents");
            for (String app : apps) {
                int hot = children(client, zookeeper.layout().hotKeysPath(app)).size();
                int agents = children(client, zookeeper.layout().agentsPath(app)).size();
                out.printf("%-30s %10d %8d%n", app, hot, agents);
            }
            out.flush();
        }
        return 0;
    }

    static List<String> children(CuratorFramework client, String path) throws Exception {
        try {
            return client.getChildren().forPath(path).stream().sorted().toList();
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }
}
