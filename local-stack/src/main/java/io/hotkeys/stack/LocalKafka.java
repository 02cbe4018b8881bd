package io.hotkeys.stack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Kafka cluster running inside this JVM: one KRaft server that is both broker
 * and controller, listening on {@code 127.0.0.1} with plaintext listeners.
 *
 * <p>Each instance formats a fresh temporary log directory with a new cluster id, so instances
 * share no data and several can run at once. The settings suit one node and fast tests: replication
 * factor 1 everywhere (internal topics included), no automatic topic creation (a test creates what
 * it uses with {@link #createTopic}), no initial rebalance delay for consumer groups, and 1 MiB log
 * segments.
 *
 * <p>{@link #start()} returns once the broker answers clients. {@link #stop()} shuts the server
 * down and waits for its threads; {@link #close()} also deletes the log directory. A stopped
 * instance cannot be started again.
 *
 * <p>Kafka keeps some metrics in a JVM-wide registry: two instances in one JVM report into the same
 * metric names, and the registry's two daemon threads ({@code metrics-meter-tick-thread-N}) start
 * with the first broker and stay until the JVM exits. Each instance gets its own node id so that
 * the JMX beans of two instances do not collide. All methods are thread-safe.
 */
public final class LocalKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger NEXT_NODE_ID = new AtomicInteger(1);
    private static final Set<String> DERIVED_KEYS =
            Set.of(
                    "process.roles",
                    "node.id",
                    "controller.quorum.voters",
                    "controller.quorum.bootstrap.servers",
                    "controller.listener.names",
                    "listeners",
                    "advertised.listeners",
                    "inter.broker.listener.name",
                    "listener.security.protocol.map",
                    "log.dirs",
                    "log.dir",
                    "metadata.log.dir");

    private final Path baseDir;
    private final int nodeId;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final Duration startTimeout;
    private KafkaRaftServer server;
    private boolean closed;

    private LocalKafka(Builder builder, Path baseDir) {
        this.baseDir = baseDir;
        this.nodeId = NEXT_NODE_ID.getAndIncrement();
        this.brokerPort = LocalPorts.resolve(builder.brokerPort);
        this.controllerPort = LocalPorts.resolveOtherThan(builder.controllerPort, brokerPort);
        this.overrides = Map.copyOf(builder.overrides);
        this.startTimeout = Duration.ofMillis(builder.startTimeoutMs);
    }

    /** Starts a broker on free ports with the default settings. */
    public static LocalKafka start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address clients bootstrap from, such as {@code 127.0.0.1:34567}. */
    public String bootstrapServers() {
        return LocalPorts.HOST + ":" + brokerPort;
    }

    /** The port of the client (broker) listener. */
    public int brokerPort() {
        return brokerPort;
    }

    /** Whether the broker is running (started and not stopped). */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Creates a topic with replication factor 1 and returns once every partition has a leader, so
     * producers and consumers can use it straight away.
     *
     * @throws IllegalStateException if the broker is not running
     * @throws LocalServerException if the topic exists already or is not ready within 30 s
     */
    public void createTopic(String name, int partitions) {
        checkRunning();
        try (Admin admin = newAdmin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Poll.until(
                    "a leader for each partition of topic " + name,
                    ADMIN_TIMEOUT,
                    () -> hasAllLeaders(admin, name, partitions));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalServerException("interrupted while creating topic " + name, e);
        } catch (Exception e) {
            throw new LocalServerException(
                    "cannot create topic " + name + " on " + bootstrapServers(), e);
        }
        LOG.info("Created topic {} with {} partitions on {}", name, partitions, bootstrapServers());
    }

    /**
     * Shuts the broker down cleanly and waits until its threads have ended. The log directory is
     * kept until {@link #close()}. Does nothing if the broker is already stopped.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long startNanos = System.nanoTime();
        KafkaRaftServer stopping = server;
        server = null;
        try {
            stopping.shutdown();
            stopping.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn(
                    "Kafka at {} did not shut down cleanly; its threads may linger until the"
                            + " JVM exits",
                    bootstrapServers(),
                    e);
        }
        LOG.info("Kafka at {} stopped in {} ms", bootstrapServers(), millisSince(startNanos));
    }

    /** Stops the broker and deletes its log directory. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        TempDirs.deleteRecursively(baseDir);
    }

    private synchronized void launch() {
        long startNanos = System.nanoTime();
        KafkaConfig config = new KafkaConfig(brokerProperties(), false);
        String clusterId = format();

        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        Poll.until(
                "the broker at " + bootstrapServers() + " to answer clients",
                startTimeout,
                this::brokerAnswers);

        LOG.info(
                "Kafka started at {} (controller {}:{}, cluster {}) in {} ms",
                bootstrapServers(),
                LocalPorts.HOST,
                controllerPort,
                clusterId,
                millisSince(startNanos));
    }

    /** Writes meta.properties and the bootstrap metadata, as "kafka-storage.sh format" does. */
    private String format() {
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(printStream)
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir()))
                    .setMetadataLogDirectory(logDir())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
        } catch (Exception e) {
            throw new LocalServerException("cannot format Kafka storage in " + logDir(), e);
        }
        LOG.debug("Formatted Kafka storage: {}", output.toString(StandardCharsets.UTF_8).trim());
        return clusterId;
    }

    private Map<String, String> brokerProperties() {
        Map<String, String> props = new LinkedHashMap<>(singleNodeProperties());
        props.putAll(overrides);
        props.putAll(identityProperties());
        return props;
    }

    /** The entries derived from this instance's ports, node id and directory. */
    private Map<String, String> identityProperties() {
        String broker = BROKER_LISTENER + "://" + bootstrapServers();
        String controllerAddress = LocalPorts.HOST + ":" + controllerPort;
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", nodeId + "@" + controllerAddress);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", broker + "," + CONTROLLER_LISTENER + "://" + controllerAddress);
        props.put("advertised.listeners", broker);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put(
                "listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", logDir());
        props.put("metadata.log.dir", logDir());
        return props;
    }

    /** Defaults for one node and fast tests; {@link Builder#brokerConfig} may replace them. */
    private static Map<String, String> singleNodeProperties() {
        Map<String, String> props = new HashMap<>();
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.segment.bytes", Integer.toString(1024 * 1024));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        return props;
    }

    private boolean brokerAnswers() throws Exception {
        try (Admin admin = newAdmin()) {
            List<Integer> ids =
                    admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            return ids.contains(nodeId);
        }
    }

    private static boolean hasAllLeaders(Admin admin, String topic, int partitions)
            throws Exception {
        TopicDescription description =
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        List<TopicPartitionInfo> infos = description.partitions();
        return infos.size() == partitions && infos.stream().allMatch(p -> p.leader() != null);
    }

    private Admin newAdmin() {
        int timeoutMs = (int) ADMIN_TIMEOUT.toMillis();
        return Admin.create(
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers(),
                        AdminClientConfig.CLIENT_ID_CONFIG,
                        "local-kafka-" + nodeId,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        timeoutMs / 3,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        timeoutMs));
    }

    private synchronized void checkRunning() {
        if (server == null) {
            throw new IllegalStateException("Kafka at " + bootstrapServers() + " is not running");
        }
    }

    private String logDir() {
        return baseDir.resolve("logs").toString();
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Settings for a {@link LocalKafka}; each setter validates its value at once. */
    public static final class Builder {
        private int brokerPort;
        private int controllerPort;
        private long startTimeoutMs = 60_000;
        private final Map<String, String> overrides = new HashMap<>();

        private Builder() {}

        /** The client (broker) listener port; 0 (the default) picks a free one. */
        public Builder brokerPort(int port) {
            this.brokerPort = LocalPorts.checkPort("kafka broker port", port);
            return this;
        }

        /** The KRaft controller listener port; 0 (the default) picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = LocalPorts.checkPort("kafka controller port", port);
            return this;
        }

        /** How long {@link #start()} waits for the broker to answer clients; default 60 s. */
        public Builder startTimeoutMs(long timeoutMs) {
            if (timeoutMs <= 0) {
                throw new IllegalArgumentException(
                        "startTimeoutMs = " + timeoutMs + ": must be positive");
            }
            this.startTimeoutMs = timeoutMs;
            return this;
        }

        /**
         * Sets one broker configuration entry, replacing this class's default for it; the value is
         * checked by Kafka when the broker starts.
         *
         * @throws IllegalArgumentException for an entry this class derives from its ports, node id
         *     and directory (listeners, roles, quorum, {@code log.dirs} and the like)
         */
        public Builder brokerConfig(String key, String value) {
            if (DERIVED_KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "broker config "
                                + key
                                + " = "
                                + value
                                + ": set by LocalKafka itself;"
                                + " use brokerPort or controllerPort to choose the ports");
            }
            overrides.put(key, value);
            return this;
        }

        /**
         * Formats a new log directory and starts the broker.
         *
         * @throws LocalServerException if the broker does not start; it is then shut down and its
         *     directory removed
         */
        public LocalKafka start() {
            LocalKafka kafka = new LocalKafka(this, TempDirs.create("local-kafka-"));
            try {
                kafka.launch();
                return kafka;
            } catch (LocalServerException | Error e) {
                kafka.close();
                throw e;
            } catch (RuntimeException e) {
                kafka.close();
                throw new LocalServerException(
                        "Kafka did not start on " + kafka.bootstrapServers(), e);
            }
        }
    }
}
