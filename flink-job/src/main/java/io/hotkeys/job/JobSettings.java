package io.hotkeys.job;

import io.hotkeys.schema.ZkLayout;
import io.hotkeys.schema.config.Setting;
import java.util.List;

/** Every setting of the job, declared once. The README table is made from {@link #ALL}. */
public final class JobSettings {
    public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS =
            Setting.requiredText("kafka.bootstrap.servers", "Kafka brokers the agents ship to.");

    public static final Setting<String> KAFKA_TOPIC =
            Setting.text("kafka.topic", "hotkey-access", "Topic of the agents' access batches.");

    public static final Setting<Integer> KAFKA_TOPIC_PARTITIONS =
            Setting.intValue(
                    "kafka.topic.partitions",
                    4,
                    1,
                    10_000,
                    "Partitions to create the topic with when it does not exist yet.");

    public static final Setting<String> KAFKA_GROUP_ID =
            Setting.text("kafka.group.id", "hotkeys-detector", "Kafka consumer group of the job.");

    public static final Setting<String> KAFKA_STARTING_OFFSETS =
            Setting.checkedText(
                    "kafka.starting.offsets",
                    "committed",
                    JobSettings::checkStartingOffsets,
                    "committed, earliest or latest",
                    "Where a job without a checkpoint starts reading: the group's committed offsets"
                            + " (latest when none), the earliest or the latest.");

    public static final Setting<String> ZOOKEEPER_CONNECT =
            Setting.requiredText("zookeeper.connect", "ZooKeeper servers the hot keys go to.");

    public static final Setting<String> ZOOKEEPER_ROOT = ZkLayout.ROOT_SETTING;

    public static final Setting<Long> WINDOW_MS =
            Setting.longValue(
                    "window.ms",
                    1_000,
                    1,
                    3_600_000,
                    "Length of the sliding window accesses are counted over; a multiple of"
                            + " bucket.ms.");

    public static final Setting<Long> THRESHOLD =
            Setting.longValue(
                    "threshold",
                    50,
                    1,
                    1_000_000_000_000L,
                    "Threshold of the default rule: accesses within one window at which a key turns"
                            + " hot.");

    public static final Setting<Integer> COLD_THRESHOLD_PERCENT =
            Setting.intValue(
                    "cold.threshold.percent",
                    50,
                    1,
                    100,
                    "Cold level of a rule that sets none, in percent of its threshold: a hot key"
                            + " turns cold only once its windows stay below it for the cool-down.");

    public static final Setting<Long> COOL_DOWN_MS =
            Setting.longValue(
                    "cool.down.ms",
                    2_000,
                    0,
                    3_600_000,
                    "Cool-down of a rule that sets none: how long a hot key's windows must stay"
                            + " below the cold level before it turns cold.");

    public static final Setting<Long> PIN_TTL_MS =
            Setting.longValue(
                    "pin.ttl.ms",
                    5_000,
                    1,
                    86_400_000,
                    "How long agents keep a hot key's value pinned, for rules that set none.");

    public static final Setting<Integer> REPLICAS =
            Setting.intValue(
                    "replicas",
                    0,
                    0,
                    64,
                    "Replica keys agents spread a hot key's remote reads over, for rules that set"
                            + " none.");

    public static final Setting<Integer> MAX_HOT_KEYS_PER_APP =
            Setting.intValue(
                    "max.hot.keys.per.app",
                    1_000,
                    1,
                    1_000_000,
                    "Most keys of one app hot at once, unless the app's rules set maxHotKeys.");

    public static final Setting<Integer> ZOOKEEPER_WRITES_PER_SECOND =
            Setting.intValue(
                    "zookeeper.writes.per.second.per.app",
                    200,
                    1,
                    100_000,
                    "Most ZooKeeper writes per second for one app; further changes wait, newest"
                            + " first replacing older ones for the same key.");

    public static final Setting<Long> MAX_CLOCK_SKEW_MS =
            Setting.longValue(
                    "max.clock.skew.ms",
                    5_000,
                    0,
                    86_400_000,
                    "Counts stamped further ahead of the job's clock than this are dropped and"
                        + " counted (futureCounts), so one wrong clock cannot move event time.");

    public static final Setting<Long> BUCKET_MS =
            Setting.longValue(
                    "bucket.ms",
                    100,
                    1,
                    60_000,
                    "Slide of the window, and the width of the agents' count buckets.");

    public static final Setting<Long> OUT_OF_ORDERNESS_MS =
            Setting.longValue(
                    "watermark.out.of.orderness.ms",
                    300,
                    0,
                    600_000,
                    "How far behind the newest count a count may arrive and still close its window"
                            + " on time.");

    public static final Setting<Long> LATENESS_MS =
            Setting.longValue(
                    "allowed.lateness.ms",
                    2_000,
                    0,
                    600_000,
                    "How far behind a key's newest bucket a count may arrive and still be counted;"
                            + " older counts are counted as late and dropped.");

    public static final Setting<Long> IDLENESS_MS =
            Setting.longValue(
                    "source.idleness.ms",
                    1_000,
                    0,
                    600_000,
                    "A Kafka partition silent for this long stops holding event time back.");

    public static final Setting<Long> CHECKPOINT_INTERVAL_MS =
            Setting.longValue(
                    "checkpoint.interval.ms",
                    5_000,
                    0,
                    3_600_000,
                    "Checkpoint interval; 0 turns checkpointing off.");

    public static final Setting<String> CHECKPOINT_DIR =
            Setting.checkedText(
                    "checkpoint.dir",
                    "",
                    dir -> dir,
                    "empty, or a URI like file:///var/hotkeys/checkpoints",
                    "Where checkpoints go; empty means the cluster's execution.checkpointing.dir,"
                            + " or a folder in the temporary directory.");

    public static final Setting<Integer> PARALLELISM =
            Setting.intValue(
                    "parallelism",
                    0,
                    0,
                    10_000,
                    "Parallelism of the job; 0 means Flink's default.");

    public static final Setting<Boolean> RESET_HOT_KEYS =
            Setting.flag(
                    "reset.hot.keys",
                    true,
                    "Remove hot keys left in ZooKeeper by an earlier run when the job starts"
                            + " fresh.");

    public static final List<Setting<?>> ALL =
            List.of(
                    KAFKA_BOOTSTRAP_SERVERS,
                    KAFKA_TOPIC,
                    KAFKA_TOPIC_PARTITIONS,
                    KAFKA_GROUP_ID,
                    KAFKA_STARTING_OFFSETS,
                    ZOOKEEPER_CONNECT,
                    ZOOKEEPER_ROOT,
                    WINDOW_MS,
                    THRESHOLD,
                    COLD_THRESHOLD_PERCENT,
                    COOL_DOWN_MS,
                    PIN_TTL_MS,
                    REPLICAS,
                    MAX_HOT_KEYS_PER_APP,
                    ZOOKEEPER_WRITES_PER_SECOND,
                    MAX_CLOCK_SKEW_MS,
                    BUCKET_MS,
                    OUT_OF_ORDERNESS_MS,
                    LATENESS_MS,
                    IDLENESS_MS,
                    CHECKPOINT_INTERVAL_MS,
                    CHECKPOINT_DIR,
                    PARALLELISM,
                    RESET_HOT_KEYS);

    private JobSettings() {}

    private static String checkStartingOffsets(String value) {
        if (!List.of("committed", "earliest", "latest").contains(value)) {
            throw new IllegalArgumentException("unknown starting point");
        }
        return value;
    }
}
