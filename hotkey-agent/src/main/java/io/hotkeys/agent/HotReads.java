package io.hotkeys.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hotkeys.schema.HotKeyRecord;
import io.hotkeys.schema.ReplicaKeys;
import io.hotkeys.schema.config.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Reads and writes of hot keys, for both the explicit API and the Jedis integration: reads of a hot
 * key go through the {@link Pins}; remote reads of a hot key with replicas go to one of its replica
 * keys; a write drops the key's pin here, tells the other agents of the app, and lists the replica
 * keys to delete.
 *
 * <p>Cache-aside, in the right order: the write reaches the cache first (the caller does that),
 * then every copy is invalidated, never overwritten. A write is announced when the key is hot, or
 * was hot within the last {@value #RECENTLY_HOT_MINUTES} minutes, in this agent's view: other
 * agents may still hold a pin or replicas of a key that just turned cold here.
 */
final class HotReads {
    static final long RECENTLY_HOT_MINUTES = 2;

    private final Map<String, HotKeyRecord> hotKeys;
    private final Cache<String, HotKeyRecord> recentlyHot;
    private final Pins pins;
    private final long maxPinTtlMs;
    private final long replicaTtlMinMs;
    private final long replicaTtlMaxMs;
    private volatile InvalidationBus bus;

    final LongAdder servedLocally = new LongAdder();
    final LongAdder loadedIntoPin = new LongAdder();
    final LongAdder remote = new LongAdder();
    final LongAdder replicaReads = new LongAdder();
    final LongAdder invalidations = new LongAdder();

    /**
     * A read of a hot key in progress through the Jedis integration.
     *
     * @param key the key
     * @param load what the reader must do: hand the value it reads to {@link #finish}
     * @param remoteKey the key to read from the cache: the key or one of its replicas
     * @param ttlMs how long to pin what it reads
     */
    record HotRead(String key, Pins.Load load, String remoteKey, long ttlMs) {
        boolean readsReplica() {
            return !remoteKey.equals(key);
        }
    }

    HotReads(Settings settings, Map<String, HotKeyRecord> hotKeys) {
        this.hotKeys = hotKeys;
        this.recentlyHot =
                Caffeine.newBuilder()
                        .maximumSize(settings.get(AgentSettings.PIN_MAX_KEYS))
                        .expireAfterWrite(Duration.ofMinutes(RECENTLY_HOT_MINUTES))
                        .build();
        this.pins =
                new Pins(
                        settings.get(AgentSettings.PIN_MAX_KEYS),
                        settings.get(AgentSettings.PIN_MISS_TTL_MS),
                        settings.get(AgentSettings.PIN_REFRESH_PERCENT),
                        settings.get(AgentSettings.PIN_LOAD_WAIT_MS));
        this.maxPinTtlMs = settings.get(AgentSettings.PIN_TTL_MS);
        this.replicaTtlMinMs = settings.get(AgentSettings.REPLICA_TTL_MIN_MS);
        this.replicaTtlMaxMs =
                Math.max(replicaTtlMinMs, settings.get(AgentSettings.REPLICA_TTL_MAX_MS));
    }

    void attach(InvalidationBus invalidationBus) {
        this.bus = invalidationBus;
    }

    /** The explicit API's read: through the pin if the key is hot, else the loader. */
    @SuppressWarnings("unchecked")
    <V> V get(String key, Function<? super String, ? extends V> loader) {
        HotKeyRecord record = key == null ? null : hotKeys.get(key);
        if (record == null) {
            remote.increment();
            return loader.apply(key);
        }
        boolean pinned = pins.isPinned(key);
        (pinned ? servedLocally : loadedIntoPin).increment();
        return (V) pins.get(key, pinTtlMs(record), loader::apply);
    }

    /**
     * Starts a read through the Jedis integration.
     *
     * @return null when the key is not hot (read the cache as usual); a {@link Pins.Hit} to return
     *     at once; or a {@link HotRead} naming the key to read from the cache
     */
    Object begin(String key) {
        HotKeyRecord record = hotKeys.get(key);
        if (record == null) {
            return null;
        }
        Pins.Lookup lookup = pins.lookup(key);
        if (lookup instanceof Pins.Hit hit) {
            servedLocally.increment();
            return hit;
        }
        if (lookup instanceof Pins.Bypass) {
            remote.increment();
            return null;
        }
        loadedIntoPin.increment();
        String remoteKey = remoteKey(key, record.replicas());
        if (!remoteKey.equals(key)) {
            replicaReads.increment();
        }
        return new HotRead(key, (Pins.Load) lookup, remoteKey, pinTtlMs(record));
    }

    /** Pins what a {@link HotRead} read (null: the cache does not hold the key). */
    void finish(HotRead read, Object value) {
        pins.complete(read.load(), value, read.ttlMs());
    }

    void fail(HotRead read) {
        pins.fail(read.load());
    }

    /** Pins a hot key's value read by a multi-key read. */
    void offer(String key, Object value) {
        HotKeyRecord record = hotKeys.get(key);
        if (record != null) {
            pins.offer(key, value, pinTtlMs(record));
        }
    }

    /** Whether the key is hot and its value is pinned here. */
    boolean isPinned(String key) {
        return hotKeys.containsKey(key) && pins.isPinned(key);
    }

    /** The pinned value of a hot key, {@link Pins#MISSING}, or null when none is ready. */
    Object peek(String key) {
        return hotKeys.containsKey(key) ? pins.peek(key) : null;
    }

    /**
     * A write reached the cache through this service: drops the pin here, tells the other agents
     * when the key is or was recently hot, and returns the replica keys to delete (empty when it
     * has none).
     */
    String[] written(String key) {
        pins.invalidate(key);
        HotKeyRecord record = hotKeys.get(key);
        if (record == null) {
            record = recentlyHot.getIfPresent(key);
        }
        if (record == null) {
            return new String[0];
        }
        invalidations.increment();
        InvalidationBus current = bus;
        if (current != null) {
            current.publish(key);
        }
        return ReplicaKeys.names(key, record.replicas());
    }

    /** Another agent saw a write to the key. */
    void invalidatedElsewhere(String key) {
        invalidations.increment();
        pins.invalidate(key);
    }

    void turnedHot(String key, HotKeyRecord record) {
        recentlyHot.put(key, record);
    }

    void turnedCold(String key) {
        pins.invalidate(key);
    }

    /** Expiry for a replica key, drawn at random so a key's replicas never expire together. */
    long replicaTtlMs() {
        return ThreadLocalRandom.current().nextLong(replicaTtlMinMs, replicaTtlMaxMs + 1);
    }

    private long pinTtlMs(HotKeyRecord record) {
        return record.pinTtlMs() > 0 ? Math.min(record.pinTtlMs(), maxPinTtlMs) : maxPinTtlMs;
    }

    private static String remoteKey(String key, int replicas) {
        if (replicas <= 0) {
            return key;
        }
        String[] names = ReplicaKeys.names(key, replicas);
        return names[ThreadLocalRandom.current().nextInt(names.length)];
    }
}
