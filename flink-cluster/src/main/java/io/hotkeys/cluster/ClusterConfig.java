package io.hotkeys.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the cluster's Flink configuration and logging configuration. */
final class ClusterConfig {
    private ClusterConfig() {}

    static void write(Path confDir, int restPort, int rpcPort, int slots) throws IOException {
        String config =
                String.join(
                        "\n",
                        "jobmanager.rpc.address: localhost",
                        "jobmanager.rpc.port: " + rpcPort,
                        "jobmanager.bind-host: localhost",
                        "jobmanager.memory.process.size: 768m",
                        "rest.address: localhost",
                        "rest.bind-address: localhost",
                        "rest.port: " + restPort,
                        "taskmanager.host: localhost",
                        "taskmanager.bind-host: localhost",
                        "taskmanager.numberOfTaskSlots: " + slots,
                        "taskmanager.memory.process.size: 1280m",
                        "taskmanager.memory.managed.fraction: 0.05",
                        "parallelism.default: " + slots,
                        "execution.checkpointing.dir: file://"
                                + confDir.getParent().resolve("checkpoints"),
                        "");
        Files.writeString(confDir.resolve("config.yaml"), config);
        Files.writeString(confDir.resolve("log4j.properties"), LOG_CONFIG);
    }

    private static final String LOG_CONFIG =
            String.join(
                    "\n",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.file.ref = file",
                    "appender.file.type = File",
                    "appender.file.name = file",
                    "appender.file.fileName = ${sys:log.file}",
                    "appender.file.layout.type = PatternLayout",
                    "appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5level [%t] %c{1.} - %msg%n",
                    "logger.kafka.name = org.apache.kafka",
                    "logger.kafka.level = WARN",
                    "logger.zookeeper.name = org.apache.zookeeper",
                    "logger.zookeeper.level = WARN",
                    "");
}
