package io.hotkeys.agent;

import io.hotkeys.schema.AgentInfo;
import io.hotkeys.schema.HotKeyRecord;
import io.hotkeys.schema.ZkLayout;
import io.hotkeys.schema.config.Settings;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;

/**
 * The agent inside a service: records cache-key accesses, ships their counts to Kafka, watches the
 * app's hot-key set in ZooKeeper, and serves reads of hot keys from a local pin.
 *
 * <pre>{@code
 * HotKeyAgent agent = HotKeyAgent.builder()
 *         .app("shop")
 *         .kafkaBootstrapServers("kafka:9092")
 *         .zookeeperConnect("zk:2181")
 *         .build();
 * Product p = agent.get("product:42", key -> redis.get(key));   // records and maybe pins
 * }</pre>
 *
 * <p>Nothing here blocks or throws into the service because Kafka or ZooKeeper is slow or gone:
 * recording is a few lock-free instructions into bounded tables, shipping happens on the agent's
 * own thread, and what cannot be counted or shipped is counted in {@link #stats()}.
 */
public final class HotKeyAgent implements AutoCloseable {
    private final Settings settings;
    private final String app;
    private final String instanceId;
    private final AgentLog log;
    private final AccessRecorder recorder;
    private final Reporter reporter;
    private final CuratorFramework zookeeper;
    private final PersistentNode registration;
    private final HotKeyWatcher watcher;
    private final Map<String, HotKeyRecord> hotKeys = new ConcurrentHashMap<>();
    private final HotReads reads;
    private final InvalidationBus invalidations;
    private final List<HotKeyListener> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder refusedOnRecord = new LongAdder();

    private HotKeyAgent(Settings settings, InstantSource clock, List<HotKeyListener> initial) {
        this.settings = settings;
        this.app = settings.get(AgentSettings.APP_NAME);
        this.instanceId = InstanceIds.resolve(settings.get(AgentSettings.INSTANCE_ID));
        this.log = new AgentLog(HotKeyAgent.class, app, instanceId);
        this.listeners.addAll(initial);
        this.recorder =
                new AccessRecorder(
                        settings.get(AgentSettings.RECORDER_STRIPES),
                        settings.get(AgentSettings.RECORDER_SLOTS_PER_STRIPE),
                        settings.get(AgentSettings.BUCKET_MS),
                        clock);
        this.reporter = new Reporter(recorder, settings, instanceId, clock);
        this.reads = new HotReads(settings, hotKeys);
        this.invalidations =
                new InvalidationBus(settings, instanceId, log, reads::invalidatedElsewhere);
        this.reads.attach(invalidations);
        ZkLayout layout = new ZkLayout(settings.get(AgentSettings.ZOOKEEPER_ROOT));
        this.zookeeper = newZooKeeperClient(settings);
        this.registration = newRegistration(layout);
        this.watcher = new HotKeyWatcher(zookeeper, layout, app, log, new WatcherCallback());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Records one access to a key. Cheap, lock-free, never blocks and never throws; an access that
     * cannot be counted (a null key, a full table) is counted as dropped instead.
     */
    public void recordAccess(String key) {
        if (key == null) {
            refusedOnRecord.increment();
            return;
        }
        recorder.record(key);
    }

    /** Tells whether the key is hot for this app right now, as far as this agent knows. */
    public boolean isHot(String key) {
        return key != null && hotKeys.containsKey(key);
    }

    /**
     * Records an access and returns the key's value: from the local pin if the key is hot (loading
     * it there once if it is missing, while concurrent readers of the same key wait for that one
     * load), otherwise straight from the loader.
     *
     * <p>All values of one key must be of one type. A loader that returns {@code null} is not
     * pinned. Exceptions of the loader reach the caller unchanged.
     */
    public <V> V get(String key, Function<? super String, ? extends V> loader) {
        recordAccess(key);
        return reads.get(key, loader);
    }

    /**
     * Tells the agent that the service wrote the key to the cache (after the write reached the
     * cache): the key's pin is dropped here, and when the key is or was recently hot, in every
     * agent of the app. Returns the names of the key's replica keys, which the caller should delete
     * from the cache (empty when there are none). Never blocks.
     */
    public String[] keyWritten(String key) {
        if (key == null) {
            return new String[0];
        }
        return reads.written(key);
    }

    /** The keys hot now, as far as this agent knows. */
    public Set<String> hotKeys() {
        return Set.copyOf(hotKeys.keySet());
    }

    /** The record the job wrote for a hot key, or null if the key is not hot. */
    public HotKeyRecord hotKeyRecord(String key) {
        return key == null ? null : hotKeys.get(key);
    }

    public void addListener(HotKeyListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /** Logs a failure inside the Jedis integration (rate-limited); the call went on untouched. */
    void logJedisFailure(Throwable e) {
        log.warnRateLimited(
                "jedis-hook",
                "the Jedis integration failed and let the call through unchanged: {}",
                e.toString(),
                e);
    }

    /** The agent's ZooKeeper client; for tests that break its session. */
    CuratorFramework zookeeperClient() {
        return zookeeper;
    }

    /** Reads and writes of hot keys, for the Jedis integration. */
    HotReads reads() {
        return reads;
    }

    public String app() {
        return app;
    }

    public String instanceId() {
        return instanceId;
    }

    public AgentStats stats() {
        Reporter.Counters c = reporter.counters();
        return new AgentStats(
                c.counted.get(),
                c.sent.get(),
                c.unsent.get(),
                recorder.droppedAccesses() + refusedOnRecord.sum(),
                c.refused.get(),
                c.batchesSent.get(),
                c.batchesFailed.get(),
                hotKeys.size(),
                reads.servedLocally.sum(),
                reads.loadedIntoPin.sum(),
                reads.remote.sum(),
                reads.replicaReads.sum(),
                reads.invalidations.sum(),
                invalidations.dropped.get());
    }

    /** Ships the last counts (waiting a bounded time for Kafka), then stops every thread. */
    @Override
    public void close() {
        reporter.close();
        invalidations.close();
        watcher.close();
        closeRegistration();
        zookeeper.close();
        log.info("stopped: {}", stats());
    }

    private void start() {
        reporter.start();
        invalidations.start();
        zookeeper.start();
        registration.start();
        watcher.start();
        bindMetrics();
        log.info(
                "started; Kafka {}, ZooKeeper {}",
                settings.get(AgentSettings.KAFKA_BOOTSTRAP_SERVERS),
                settings.get(AgentSettings.ZOOKEEPER_CONNECT));
    }

    private void bindMetrics() {
        try {
            AgentMetrics.bindToGlobalRegistryIfPresent(this);
        } catch (LinkageError | RuntimeException e) {
            log.debug("Micrometer meters not registered: {}", e.toString());
        }
    }

    private void closeRegistration() {
        try {
            registration.close();
        } catch (Exception e) {
            log.debug("registration node did not close cleanly: {}", e.toString());
        }
    }

    private static CuratorFramework newZooKeeperClient(Settings settings) {
        return CuratorFrameworkFactory.builder()
                .connectString(settings.get(AgentSettings.ZOOKEEPER_CONNECT))
                .sessionTimeoutMs(
                        settings.get(AgentSettings.ZOOKEEPER_SESSION_TIMEOUT_MS).intValue())
                .connectionTimeoutMs(5_000)
                .retryPolicy(new ExponentialBackoffRetry(100, 10, 5_000))
                .build();
    }

    private PersistentNode newRegistration(ZkLayout layout) {
        AgentInfo info =
                new AgentInfo(
                        AgentInfo.FORMAT_VERSION,
                        app,
                        instanceId,
                        InstanceIds.hostName(),
                        ProcessHandle.current().pid(),
                        System.currentTimeMillis());
        return new PersistentNode(
                zookeeper,
                CreateMode.EPHEMERAL,
                false,
                layout.agentPath(app, instanceId),
                AgentInfo.CODEC.encode(info));
    }

    /** Applies hot-set changes from ZooKeeper and tells the listeners. */
    private final class WatcherCallback implements HotKeyWatcher.Callback {
        @Override
        public void hot(String key, HotKeyRecord record) {
            boolean isNew = hotKeys.put(key, record) == null;
            reads.turnedHot(key, record);
            if (isNew) {
                log.debug("key turned hot: {}", record);
                listeners.forEach(l -> notifySafely(() -> l.onHot(key, record)));
            }
        }

        @Override
        public void cold(String key) {
            if (hotKeys.remove(key) != null) {
                reads.turnedCold(key);
                listeners.forEach(l -> notifySafely(() -> l.onCold(key)));
            }
        }

        private void notifySafely(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                log.warnRateLimited("listener", "a hot-key listener failed: {}", e.toString(), e);
            }
        }
    }

    /**
     * Builds and starts an agent. Settings are given by name (see {@link AgentSettings}) or through
     * the shortcuts; they are checked when {@link #build()} is called, and a bad one fails there
     * with a message that names it.
     */
    public static final class Builder {
        private final Map<String, String> raw = new HashMap<>();
        private final List<HotKeyListener> listeners = new CopyOnWriteArrayList<>();
        private InstantSource clock = InstantSource.system();

        private Builder() {}

        public Builder app(String app) {
            return set(AgentSettings.APP_NAME.name(), app);
        }

        public Builder instanceId(String instanceId) {
            return set(AgentSettings.INSTANCE_ID.name(), instanceId);
        }

        public Builder kafkaBootstrapServers(String servers) {
            return set(AgentSettings.KAFKA_BOOTSTRAP_SERVERS.name(), servers);
        }

        public Builder zookeeperConnect(String connect) {
            return set(AgentSettings.ZOOKEEPER_CONNECT.name(), connect);
        }

        /** Sets any setting of {@link AgentSettings} by name. */
        public Builder set(String name, String value) {
            raw.put(Objects.requireNonNull(name), Objects.requireNonNull(value, name));
            return this;
        }

        /** Sets every entry of the map, as {@link #set}. */
        public Builder setAll(Map<String, String> values) {
            values.forEach(this::set);
            return this;
        }

        /**
         * The clock accesses are stamped with; the system clock by default. A replay passes a clock
         * that follows the trace.
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** A listener registered before the agent starts, so it sees every change. */
        public Builder listener(HotKeyListener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        /**
         * Checks the settings and starts the agent.
         *
         * @throws io.hotkeys.schema.config.ConfigException naming a bad or missing setting
         */
        public HotKeyAgent build() {
            Settings settings = Settings.parse(AgentSettings.ALL, raw);
            HotKeyAgent agent = new HotKeyAgent(settings, clock, listeners);
            agent.start();
            return agent;
        }
    }
}
