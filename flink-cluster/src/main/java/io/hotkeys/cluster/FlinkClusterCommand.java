package io.hotkeys.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * For scripts/flink-cluster: {@code start DIR CLASSPATH_FILE [SLOTS]}, {@code stop DIR}, {@code
 * submit DIR CLASSPATH_FILE JOB_JAR [ARGS...]}. A started cluster keeps running after this command
 * ends; its addresses are written to DIR/cluster.properties.
 */
public final class FlinkClusterCommand {
    private FlinkClusterCommand() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
        }
        Path dir = Path.of(args[1]).toAbsolutePath();
        switch (args[0]) {
            case "start" -> start(dir, args);
            case "stop" -> {
                StandaloneFlinkCluster.stop(dir);
                System.out.println("stopped the Flink cluster in " + dir);
            }
            case "submit" -> submit(dir, args);
            default -> usage();
        }
    }

    private static void start(Path dir, String[] args) throws IOException {
        if (args.length < 3) {
            usage();
        }
        int slots = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        StandaloneFlinkCluster cluster =
                StandaloneFlinkCluster.start(classpath(args[2]), dir, slots);
        Files.writeString(
                dir.resolve("cluster.properties"), "rest=" + cluster.restAddress() + "\n");
        System.out.println(
                "Flink cluster running: JobManager and TaskManager, web/REST at "
                        + cluster.restAddress());
        System.out.println(
                "logs in " + dir.resolve("log") + "; stop it with scripts/flink-cluster stop");
    }

    private static void submit(Path dir, String[] args) throws Exception {
        if (args.length < 4) {
            usage();
        }
        StandaloneFlinkCluster cluster = StandaloneFlinkCluster.attach(classpath(args[2]), dir);
        List<String> jobArgs = Arrays.asList(args).subList(4, args.length);
        String jobId = cluster.submit(Path.of(args[3]), jobArgs);
        System.out.println("submitted job " + jobId + " to " + cluster.restAddress());
    }

    private static String classpath(String file) throws IOException {
        return Files.readString(Path.of(file)).trim();
    }

    private static void usage() {
        System.err.println(
                "usage: start DIR CLASSPATH_FILE [SLOTS] | stop DIR | submit DIR CLASSPATH_FILE JAR"
                        + " [ARGS...]");
        System.exit(2);
    }
}
