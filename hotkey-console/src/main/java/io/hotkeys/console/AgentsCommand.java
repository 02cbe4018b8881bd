package io.hotkeys.console;

import io.hotkeys.schema.AgentInfo;
import io.hotkeys.schema.SchemaException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the agents of an app that are connected now. */
@Command(name = "agents", description = "List the connected agents of an app.")
final class AgentsCommand implements Callable<Integer> {
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
        String agentsPath = zookeeper.layout().agentsPath(app);
        try (CuratorFramework client = zookeeper.connect()) {
            for (String name : AppsCommand.children(client, agentsPath)) {
                out.println(describe(client, agentsPath + "/" + name));
            }
            out.flush();
        }
        return 0;
    }

    private static String describe(CuratorFramework client, String path) throws Exception {
        try {
            AgentInfo info = AgentInfo.CODEC.decode(client.getData().forPath(path), path);
            return String.format(
                    "%s  host=%s pid=%d since=%s",
                    info.instanceId(),
                    info.host(),
                    info.pid(),
                    Instant.ofEpochMilli(info.startedAtMs()));
        } catch (KeeperException.NoNodeException e) {
            return path + "  (left while listing)";
        } catch (SchemaException e) {
            return path + "  (unreadable: " + e.getMessage() + ")";
        }
    }
}
