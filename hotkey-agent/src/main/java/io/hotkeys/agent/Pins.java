package io.hotkeys.agent;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The values of hot keys pinned in this service instance: a Caffeine cache of futures, so that a
 * missing value is loaded by exactly one caller while the others wait for that result (up to a
 * bound, after which they read the cache themselves rather than hang).
 *
 * <p>Each value expires after its own time to live (the hot key's pin TTL; a short one for keys the
 * cache does not hold, pinned as {@link #MISSING} so a crawler of absent keys does not reach the
 * backend each time). Once a value is older than the refresh point, one caller reloads it while
 * every other caller still gets the pinned value, so a hot value is normally replaced before it
 * expires and readers never all miss at once.
 */
final class Pins {
    /** Pinned in place of a value the cache does not hold. */
    static final Object MISSING = new Object();

    private final AsyncCache<String, Pinned> cache;
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    private final long missTtlNanos;
    private final double refreshFraction;
    private final long loadWaitMs;

    /** A pinned value and when it was loaded. */
    record Pinned(Object value, long loadedAtNanos, long ttlNanos) {}

    /** What a reader of a hot key should do. */
    sealed interface Lookup permits Hit, Load, Bypass {}

    /** The value is pinned (or was just loaded by another caller): use it. */
    record Hit(Object value) implements Lookup {}

    /** This caller loads the value from the cache and hands it to {@link #complete}. */
    record Load(String key, CompletableFuture<Pinned> future, boolean refresh) implements Lookup {}

    /** Read the cache directly and do not pin (another caller's load took too long). */
    record Bypass() implements Lookup {}

    Pins(long maxKeys, long missTtlMs, int refreshPercent, long loadWaitMs) {
        this.cache =
                Caffeine.newBuilder()
                        .maximumSize(maxKeys)
                        .expireAfter(new PinExpiry())
                        .buildAsync();
        this.missTtlNanos = TimeUnit.MILLISECONDS.toNanos(missTtlMs);
        this.refreshFraction = refreshPercent / 100.0;
        this.loadWaitMs = loadWaitMs;
    }

    /** Finds what a reader of a hot key should do; see {@link Lookup}. */
    Lookup lookup(String key) {
        CompletableFuture<Pinned> existing = cache.getIfPresent(key);
        if (existing == null) {
            CompletableFuture<Pinned> mine = new CompletableFuture<>();
            existing = cache.asMap().putIfAbsent(key, mine);
            if (existing == null) {
                return new Load(key, mine, false);
            }
        }
        Pinned pinned = await(existing);
        if (pinned == null) {
            return new Bypass();
        }
        if (isDueForRefresh(pinned) && refreshing.add(key)) {
            return new Load(key, existing, true);
        }
        return new Hit(pinned.value());
    }

    /** Pins what a {@link Load} read (null for a key the cache does not hold). */
    void complete(Load load, Object value, long ttlMs) {
        Pinned pinned = pinned(value, ttlMs);
        if (load.refresh()) {
            cache.asMap()
                    .replace(load.key(), load.future(), CompletableFuture.completedFuture(pinned));
            refreshing.remove(load.key());
        } else {
            load.future().complete(pinned);
        }
    }

    /** The load failed: waiting readers read the cache themselves, nothing is pinned. */
    void fail(Load load) {
        if (load.refresh()) {
            refreshing.remove(load.key());
            return;
        }
        cache.asMap().remove(load.key(), load.future());
        load.future().complete(null);
    }

    /**
     * Returns a hot key's value through the pin, loading it with the loader when needed: the
     * explicit API's path.
     */
    Object get(String key, long ttlMs, Function<String, ?> loader) {
        Lookup lookup = lookup(key);
        if (lookup instanceof Hit hit) {
            return hit.value() == MISSING ? null : hit.value();
        }
        if (lookup instanceof Bypass) {
            return loader.apply(key);
        }
        Load load = (Load) lookup;
        Object value;
        try {
            value = loader.apply(key);
        } catch (RuntimeException | Error e) {
            fail(load);
            throw e;
        }
        complete(load, value, ttlMs);
        return value;
    }

    /** Pins a value read elsewhere (a multi-key read), unless one is pinned or being loaded. */
    void offer(String key, Object value, long ttlMs) {
        cache.asMap().putIfAbsent(key, CompletableFuture.completedFuture(pinned(value, ttlMs)));
    }

    /** The pinned value (or {@link #MISSING}) without loading or waiting; null if none is ready. */
    Object peek(String key) {
        CompletableFuture<Pinned> pinned = cache.getIfPresent(key);
        if (pinned == null || !pinned.isDone()) {
            return null;
        }
        Pinned value = pinned.getNow(null);
        return value == null ? null : value.value();
    }

    /** Whether a value (or a pinned absence) is pinned and ready for the key. */
    boolean isPinned(String key) {
        CompletableFuture<Pinned> pinned = cache.getIfPresent(key);
        return pinned != null && pinned.isDone() && !pinned.isCompletedExceptionally();
    }

    void invalidate(String key) {
        cache.synchronous().invalidate(key);
    }

    long size() {
        return cache.synchronous().estimatedSize();
    }

    private Pinned pinned(Object value, long ttlMs) {
        long ttlNanos = value == null ? missTtlNanos : TimeUnit.MILLISECONDS.toNanos(ttlMs);
        return new Pinned(value == null ? MISSING : value, System.nanoTime(), ttlNanos);
    }

    private boolean isDueForRefresh(Pinned pinned) {
        return System.nanoTime() - pinned.loadedAtNanos() > pinned.ttlNanos() * refreshFraction;
    }

    private Pinned await(CompletableFuture<Pinned> future) {
        try {
            return future.get(loadWaitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** Each pinned value lives for its own time to live. */
    private static final class PinExpiry implements Expiry<String, Pinned> {
        @Override
        public long expireAfterCreate(String key, Pinned value, long currentTime) {
            return value.ttlNanos();
        }

        @Override
        public long expireAfterUpdate(
                String key, Pinned value, long currentTime, long currentDuration) {
            return value.ttlNanos();
        }

        @Override
        public long expireAfterRead(
                String key, Pinned value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
