package io.hotkeys.job;

import io.hotkeys.schema.config.ConfigException;
import io.hotkeys.schema.config.Settings;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the detector. Run it with Flink on the class path to use an embedded local Flink,
 * or submit the jar to a cluster with {@code flink run}; the arguments are the same: {@code
 * --kafka.bootstrap.servers host:port --zookeeper.connect host:port [--window.ms 1000 --threshold
 * 50 ...]} (dashes work in place of dots, see {@link JobSettings}).
 */
public final class HotKeyJob {
    private static final Logger LOG = LoggerFactory.getLogger(HotKeyJob.class);

    private HotKeyJob() {}

    public static void main(String[] args) throws Exception {
        ParentWatch.installIfRequested();
        Settings settings;
        try {
            settings = Settings.parse(JobSettings.ALL, CommandLine.toSettings(args));
            DetectionConfig.from(settings);
        } catch (ConfigException e) {
            System.err.println("hotkeys job: " + e.getMessage());
            System.exit(2);
            return;
        }
        prepare(settings);
        StreamExecutionEnvironment env = environment(settings);
        HotKeyPipeline.build(env, settings);
        LOG.info("starting hot-key detection with {}", settings.asStrings());
        env.execute("hotkeys-detector");
    }

    /** Creates the topic if it is missing and clears hot keys left by an earlier run. */
    static void prepare(Settings settings) {
        KafkaTopics.ensureExists(
                settings.get(JobSettings.KAFKA_BOOTSTRAP_SERVERS),
                settings.get(JobSettings.KAFKA_TOPIC),
                settings.get(JobSettings.KAFKA_TOPIC_PARTITIONS));
        if (settings.get(JobSettings.RESET_HOT_KEYS)) {
            HotKeyReset.clearAll(
                    settings.get(JobSettings.ZOOKEEPER_CONNECT),
                    settings.get(JobSettings.ZOOKEEPER_ROOT));
        }
    }

    static StreamExecutionEnvironment environment(Settings settings) {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        configure(env, settings);
        return env;
    }

    /** Applies the job's parallelism and checkpointing settings to an environment. */
    static void configure(StreamExecutionEnvironment env, Settings settings) {
        int parallelism = settings.get(JobSettings.PARALLELISM);
        if (parallelism > 0) {
            env.setParallelism(parallelism);
        }
        long checkpointMs = settings.get(JobSettings.CHECKPOINT_INTERVAL_MS);
        if (checkpointMs > 0) {
            env.enableCheckpointing(checkpointMs);
            env.configure(checkpointStorage(env, settings));
        }
    }

    /**
     * Checkpoints go to files: to checkpoint.dir if set, else to where the cluster's configuration
     * says, else to a folder in the temporary directory. (Flink's default keeps them in the
     * JobManager's memory, which refuses state over 5 MB.)
     */
    private static Configuration checkpointStorage(
            StreamExecutionEnvironment env, Settings settings) {
        String dir = settings.get(JobSettings.CHECKPOINT_DIR);
        Configuration config = new Configuration();
        if (dir.isEmpty()) {
            dir =
                    env.getConfiguration()
                            .getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                            .orElse(null);
        }
        if (dir == null) {
            dir =
                    Path.of(System.getProperty("java.io.tmpdir"), "hotkeys-checkpoints")
                            .toUri()
                            .toString();
        }
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
        return config;
    }
}
