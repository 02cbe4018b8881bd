package io.hotkeys.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Command-line entry point that runs a {@link LocalZooKeeper} and a {@link LocalKafka} until it is
 * told to stop, for the demo and for scripts.
 *
 * <p>Once both servers accept clients it prints exactly two lines to standard output and flushes
 * them, first {@code zookeeper=HOST:PORT}, then {@code kafka=HOST:PORT}, so a script can wait for
 * the {@code kafka=} line and read the addresses from it. Log output goes wherever the logging
 * backend on the class path sends it; this module brings none.
 *
 * <p>It runs until the JVM is interrupted (Ctrl-C, SIGTERM), and with {@code --exit-on-stdin-eof}
 * also until its standard input reaches end of file, which happens when the parent process that
 * holds the other end of the pipe exits or closes it. Either way both servers are shut down and
 * their temporary data deleted before the JVM exits.
 */
@Command(
        name = "local-stack",
        mixinStandardHelpOptions = true,
        description = "Runs a local ZooKeeper and a single-node Kafka until stopped.")
public final class LocalStack implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(
            names = "--zk-port",
            paramLabel = "PORT",
            description = "ZooKeeper client port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int zkPort;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            description = "Kafka broker port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int kafkaPort;

    @Option(
            names = "--exit-on-stdin-eof",
            description = "Also stop when standard input reaches end of file.")
    private boolean exitOnStdinEof;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile LocalZooKeeper zooKeeper;
    private volatile LocalKafka kafka;

    public static void main(String[] args) {
        CommandLine commandLine =
                new CommandLine(new LocalStack())
                        .setExecutionExceptionHandler(LocalStack::reportFailure);
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        LocalZooKeeper.Builder zooKeeperBuilder = LocalZooKeeper.builder();
        LocalKafka.Builder kafkaBuilder = LocalKafka.builder();
        try {
            zooKeeperBuilder.port(zkPort);
            kafkaBuilder.brokerPort(kafkaPort);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }

        Runtime.getRuntime().addShutdownHook(new Thread(this::stopServers, "local-stack-stop"));
        startServers(zooKeeperBuilder, kafkaBuilder);
        announce(System.out, zooKeeper, kafka);

        if (exitOnStdinEof) {
            watchForEndOfFile(System.in);
        }
        stopRequested.await();
        stopServers();
        return 0;
    }

    private void startServers(
            LocalZooKeeper.Builder zooKeeperBuilder, LocalKafka.Builder kafkaBuilder) {
        try {
            zooKeeper = zooKeeperBuilder.start();
            kafka = kafkaBuilder.start();
        } catch (LinkageError e) {
            // picocli reports exceptions but not errors; a missing jar must not fail silently.
            throw new IllegalStateException("the class path is incomplete: " + e, e);
        }
    }

    private static void announce(PrintStream out, LocalZooKeeper zooKeeper, LocalKafka kafka) {
        out.println("zookeeper=" + zooKeeper.connectString());
        out.println("kafka=" + kafka.bootstrapServers());
        out.flush();
    }

    private void watchForEndOfFile(InputStream in) {
        Thread watcher = new Thread(() -> drainThenStop(in), "local-stack-stdin");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void drainThenStop(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // Input is ignored; only its end matters.
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone, the same as end of file.
        }
        stopRequested.countDown();
    }

    /** Closes whatever has started, Kafka first; safe to call more than once. */
    private void stopServers() {
        LocalKafka startedKafka = kafka;
        if (startedKafka != null) {
            startedKafka.close();
        }
        LocalZooKeeper startedZooKeeper = zooKeeper;
        if (startedZooKeeper != null) {
            startedZooKeeper.close();
        }
    }

    private static int reportFailure(Exception e, CommandLine commandLine, ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        err.println("local-stack: " + e.getMessage());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            err.println("  caused by: " + cause);
        }
        err.flush();
        return 1;
    }
}
