package io.hotkeys.tools;

import io.hotkeys.tools.demo.Demo;
import io.hotkeys.tools.demo.ReplayCommand;
import io.hotkeys.tools.exact.ExactCount;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the tools: {@code demo} and {@code exact-count}. */
@Command(
        name = "hotkeys-tools",
        mixinStandardHelpOptions = true,
        description = "Demo, replay and exact count for the hot-key pipeline.",
        subcommands = {Demo.class, ReplayCommand.class, ExactCount.class})
public final class Tools {
    private Tools() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for running commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Tools());
    }
}
