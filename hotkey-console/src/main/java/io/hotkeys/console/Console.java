package io.hotkeys.console;

import io.hotkeys.schema.SchemaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** The operator's console: {@code hotkeys-console watch --app shop}. */
@Command(
        name = "hotkeys-console",
        mixinStandardHelpOptions = true,
        description = "Watch and steer hot-key detection through ZooKeeper.",
        subcommands = {
            WatchCommand.class,
            AppsCommand.class,
            AgentsCommand.class,
            RulesCommand.class
        })
public final class Console {
    private Console() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for tests that run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Console()).setExecutionExceptionHandler(Console::explain);
    }

    /** Bad input is explained in one line; anything else keeps its stack trace. */
    private static int explain(Exception e, CommandLine commandLine, ParseResult parsed)
            throws Exception {
        if (e instanceof ZooKeeperOptions.Unreachable) {
            commandLine.getErr().println("hotkeys-console: " + e.getMessage());
            commandLine.getErr().flush();
            return 3;
        }
        if (e instanceof SchemaException || e instanceof IllegalArgumentException) {
            commandLine.getErr().println("hotkeys-console: " + e.getMessage());
            commandLine.getErr().flush();
            return 2;
        }
        throw e;
    }
}
