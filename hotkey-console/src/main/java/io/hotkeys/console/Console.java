package io.hotkeys.console;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The operator's console: {@code hotkeys-console watch --app shop}. */
@Command(
        name = "hotkeys-console",
        mixinStandardHelpOptions = true,
        description = "Watch and steer hot-key detection through ZooKeeper.",
        subcommands = {WatchCommand.class, AppsCommand.class, AgentsCommand.class})
public final class Console {
    private Console() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for tests that run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Console());
    }
}
