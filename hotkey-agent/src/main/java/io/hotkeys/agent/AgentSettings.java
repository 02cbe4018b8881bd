package io.hotkeys.agent;

import io.hotkeys.schema.ZkLayout;
import io.hotkeys.schema.config.Setting;
import java.util.List;

/** Every setting of the agent, declared once. The README table is made from {@link #ALL}. */
public final class AgentSettings {
    public static final Setting<String> APP_NAME =
            Setting.checkedText(
                    "app.name",
                    null,
                    ZkLayout::checkApp,
                    "1 to 64 letters, digits, '.', '_' or '-'",
                    "Name of the app this service belongs to; hot keys are found per app.");

    public static final Setting<String> INSTANCE_ID =
            Setting.checkedText(
                    "instance.id",
                    "",
                    id -> id.isEmpty() ? id : ZkLayout.checkInstanceId(id),
                    "empty, or 1 to 128 letters, digits, '.', '_', ':', '@' or '-'",
                    "Id of this service instance; empty means host name, process id and a random"
                            + " suffix.");

    public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS =
            Setting.requiredText(
                    "kafka.bootstrap.servers",
                    "Kafka brokers to ship access counts to, host:port,...");

    public static final Setting<String> KAFKA_TOPIC =
            Setting.text("kafka.topic", "hotkey-access", "Kafka topic the access counts go to.");

    public static final Setting<String> KAFKA_INVALIDATION_TOPIC =
            Setting.text(
                    "kafka.invalidation.topic",
                    "hotkey-invalidations",
                    "Kafka topic agents tell each other about writes to hot keys on; created when"
                            + " missing.");

    public static final Setting<Integer> INVALIDATION_QUEUE_SIZE =
            Setting.intValue(
                    "invalidation.queue.size",
                    10_000,
                    16,
                    1_000_000,
                    "Invalidations waiting to be sent; beyond it they are dropped and counted (the"
                            + " pin's time to live then bounds staleness).");

    public static final Setting<Long> KAFKA_BUFFER_BYTES =
            Setting.longValue(
                    "kafka.buffer.bytes",
                    4L << 20,
                    64L << 10,
                    1L << 30,
                    "Most memory the Kafka producer may hold for unsent counts; beyond it counts"
                            + " are dropped and counted.");

    public static final Setting<Long> KAFKA_MAX_BLOCK_MS =
            Setting.longValue(
                    "kafka.max.block.ms",
                    100,
                    0,
                    60_000,
                    "Longest the reporter thread (never a service thread) waits for Kafka metadata"
                            + " or buffer space.");

    public static final Setting<Long> KAFKA_DELIVERY_TIMEOUT_MS =
            Setting.longValue(
                    "kafka.delivery.timeout.ms",
                    30_000,
                    1_000,
                    600_000,
                    "How long a batch may wait for Kafka before it is given up and counted as"
                            + " unsent.");

    public static final Setting<String> ZOOKEEPER_CONNECT =
            Setting.requiredText(
                    "zookeeper.connect",
                    "ZooKeeper servers to watch the hot-key set on, host:port,...");

    public static final Setting<String> ZOOKEEPER_ROOT = ZkLayout.ROOT_SETTING;

    public static final Setting<Long> ZOOKEEPER_SESSION_TIMEOUT_MS =
            Setting.longValue(
                    "zookeeper.session.timeout.ms",
                    15_000,
                    1_000,
                    600_000,
                    "ZooKeeper session timeout; the agent's registration lives as long as its"
                            + " session.");

    public static final Setting<Long> REPORT_INTERVAL_MS =
            Setting.longValue(
                    "report.interval.ms",
                    100,
                    10,
                    10_000,
                    "How often the agent ships its counts to Kafka.");

    public static final Setting<Long> REPORT_MAX_BATCH_BYTES =
            Setting.longValue(
                    "report.max.batch.bytes",
                    512L << 10,
                    128L << 10,
                    900L << 10,
                    "Largest Kafka record the agent writes; a larger report is split.");

    public static final Setting<Long> BUCKET_MS =
            Setting.longValue(
                    "bucket.ms",
                    100,
                    1,
                    60_000,
                    "Width of the time buckets counts are kept in; must divide the job's window and"
                            + " slide.");

    public static final Setting<Integer> RECORDER_STRIPES =
            Setting.intValue(
                    "recorder.stripes",
                    16,
                    1,
                    1024,
                    "Number of independent count tables (rounded up to a power of two); threads"
                            + " pick one by their id, so more tables mean less contention.");

    public static final Setting<Integer> RECORDER_SLOTS_PER_STRIPE =
            Setting.intValue(
                    "recorder.slots.per.stripe",
                    4096,
                    64,
                    1 << 20,
                    "Distinct keys one table holds between two reports (rounded up to a power of"
                            + " two).");

    public static final Setting<Long> PIN_TTL_MS =
            Setting.longValue(
                    "pin.ttl.ms",
                    60_000,
                    1,
                    3_600_000,
                    "Longest a hot key's value stays pinned in this service before it is loaded"
                            + " again; the hot key's rule may set a shorter time.");

    public static final Setting<Long> PIN_MISS_TTL_MS =
            Setting.longValue(
                    "pin.miss.ttl.ms",
                    500,
                    0,
                    3_600_000,
                    "How long a hot key the cache does not hold is pinned as missing, so repeated"
                            + " reads of it do not reach the cache.");

    public static final Setting<Integer> PIN_REFRESH_PERCENT =
            Setting.intValue(
                    "pin.refresh.percent",
                    80,
                    1,
                    100,
                    "Once a pinned value is this old (in percent of its time to live), one reader"
                            + " reloads it while the others keep reading the pinned value.");

    public static final Setting<Long> PIN_LOAD_WAIT_MS =
            Setting.longValue(
                    "pin.load.wait.ms",
                    1_000,
                    0,
                    60_000,
                    "Longest a reader waits for another reader's load of the same hot key before it"
                            + " reads the cache itself.");

    public static final Setting<Long> REPLICA_TTL_MIN_MS =
            Setting.longValue(
                    "replica.ttl.min.ms",
                    10_000,
                    100,
                    86_400_000,
                    "Shortest expiry of a replica key; each replica gets one drawn between this and"
                            + " replica.ttl.max.ms, so replicas never expire together.");

    public static final Setting<Long> REPLICA_TTL_MAX_MS =
            Setting.longValue(
                    "replica.ttl.max.ms",
                    20_000,
                    100,
                    86_400_000,
                    "Longest expiry of a replica key.");

    public static final Setting<Long> PIN_MAX_KEYS =
            Setting.longValue(
                    "pin.max.keys",
                    10_000,
                    1,
                    10_000_000,
                    "Most values pinned in the local cache.");

    public static final List<Setting<?>> ALL =
            List.of(
                    APP_NAME,
                    INSTANCE_ID,
                    KAFKA_BOOTSTRAP_SERVERS,
                    KAFKA_TOPIC,
                    KAFKA_INVALIDATION_TOPIC,
                    INVALIDATION_QUEUE_SIZE,
                    KAFKA_BUFFER_BYTES,
                    KAFKA_MAX_BLOCK_MS,
                    KAFKA_DELIVERY_TIMEOUT_MS,
                    ZOOKEEPER_CONNECT,
                    ZOOKEEPER_ROOT,
                    ZOOKEEPER_SESSION_TIMEOUT_MS,
                    REPORT_INTERVAL_MS,
                    REPORT_MAX_BATCH_BYTES,
                    BUCKET_MS,
                    RECORDER_STRIPES,
                    RECORDER_SLOTS_PER_STRIPE,
                    PIN_TTL_MS,
                    PIN_MISS_TTL_MS,
                    PIN_REFRESH_PERCENT,
                    PIN_LOAD_WAIT_MS,
                    REPLICA_TTL_MIN_MS,
                    REPLICA_TTL_MAX_MS,
                    PIN_MAX_KEYS);

    private AgentSettings() {}
}
