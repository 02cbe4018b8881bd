package io.hotkeys.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the Jedis integration runs around Jedis calls, called from the advice that the {@code
 * -javaagent} weaves into {@code Jedis} and {@code UnifiedJedis}. Public because the woven code
 * runs in Jedis's classes; not an API.
 *
 * <p>Every hook catches everything: a failure in the agent is counted and logged, and the call goes
 * on to Redis as if the agent were not there. Calls the agent itself makes through Jedis (reading
 * the original key when a replica is missing, filling or deleting replicas) are marked on the
 * thread so the hooks let them through untouched.
 */
public final class JedisHooks {
    private static volatile HotKeyAgent agent;
    private static final ThreadLocal<Boolean> INTERNAL = ThreadLocal.withInitial(() -> false);
    private static final LongAdder FAILURES = new LongAdder();
    private static final ClassValue<JedisMethods> METHODS =
            new ClassValue<>() {
                @Override
                protected JedisMethods computeValue(Class<?> type) {
                    return JedisMethods.of(type);
                }
            };

    private JedisHooks() {}

    /** Returned by an enter hook to skip the Jedis call and return this value instead. */
    public static final class Skip {
        final Object value;

        Skip(Object value) {
            this.value = value;
        }
    }

    static void install(HotKeyAgent hotKeyAgent) {
        agent = hotKeyAgent;
    }

    static long failures() {
        return FAILURES.sum();
    }

    /** Before {@code get(key)}: records the access; returns a {@link Skip}, a read, or null. */
    public static Object enterGet(String key) {
        HotKeyAgent current = agent;
        if (current == null || key == null || INTERNAL.get()) {
            return null;
        }
        try {
            current.recordAccess(key);
            Object begun = current.reads().begin(key);
            if (begun instanceof Pins.Hit hit) {
                return new Skip(hit.value() == Pins.MISSING ? null : hit.value());
            }
            return begun;
        } catch (RuntimeException | Error e) {
            failed(e);
            return null;
        }
    }

    /** The key {@code get} should read from Redis: the key itself or one of its replicas. */
    public static String remoteKey(Object state, String key) {
        return state instanceof HotReads.HotRead read ? read.remoteKey() : key;
    }

    /** After {@code get}: pins what was read, and returns what the caller gets. */
    public static Object exitGet(Object jedis, Object state, Object returned, Throwable thrown) {
        if (state instanceof Skip skip) {
            return skip.value;
        }
        if (!(state instanceof HotReads.HotRead read)) {
            return returned;
        }
        HotReads reads = agent.reads();
        if (thrown != null) {
            reads.fail(read);
            return returned;
        }
        try {
            Object value = returned;
            if (read.readsReplica() && value == null) {
                value = readOriginalAndFillReplica(jedis, read, reads.replicaTtlMs());
            }
            reads.finish(read, value);
            return value;
        } catch (RuntimeException | Error e) {
            reads.fail(read);
            failed(e);
            return returned;
        }
    }

    /**
     * Before {@code mget(keys)}: records the accesses. Returns a {@link Skip} when every key is
     * pinned here, a {@link PartialMget} when some are (the call then asks Redis for the others
     * only), or null.
     */
    public static Object enterMget(String[] keys) {
        HotKeyAgent current = agent;
        if (current == null || keys == null || INTERNAL.get()) {
            return null;
        }
        try {
            Object[] pinned = new Object[keys.length];
            int pinnedCount = 0;
            for (int i = 0; i < keys.length; i++) {
                current.recordAccess(keys[i]);
                pinned[i] = keys[i] == null ? null : current.reads().peek(keys[i]);
                pinnedCount += pinned[i] == null ? 0 : 1;
            }
            if (pinnedCount == 0) {
                return null;
            }
            if (pinnedCount == keys.length) {
                current.reads().servedLocally.add(pinnedCount);
                return new Skip(PartialMget.merge(pinned, List.of()));
            }
            return new PartialMget(keys, pinned, pinnedCount);
        } catch (RuntimeException | Error e) {
            failed(e);
            return null;
        }
    }

    /** The keys {@code mget} should ask Redis for: all of them, or those not pinned here. */
    public static String[] mgetRemoteKeys(Object state, String[] keys) {
        return state instanceof PartialMget partial ? partial.remoteKeys() : keys;
    }

    /** After {@code mget}: pins the values of hot keys; returns what the caller gets. */
    public static Object exitMget(String[] keys, Object state, Object returned, Throwable thrown) {
        if (state instanceof Skip skip) {
            return skip.value;
        }
        HotKeyAgent current = agent;
        if (current == null
                || thrown != null
                || !(returned instanceof List<?> values)
                || INTERNAL.get()) {
            return returned;
        }
        if (state instanceof PartialMget partial) {
            List<?> merged = partial.mergeOrMiss(values);
            offerAll(current, partial.remoteKeys(), values);
            current.reads().servedLocally.add(partial.pinnedCount());
            return merged;
        }
        offerAll(current, keys, values);
        return returned;
    }

    /** Pins the values Redis returned for hot keys. */
    private static void offerAll(HotKeyAgent current, String[] asked, List<?> values) {
        try {
            for (int i = 0; i < asked.length && i < values.size(); i++) {
                if (asked[i] != null) {
                    current.reads().offer(asked[i], values.get(i));
                }
            }
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    /**
     * An {@code mget} some of whose keys are pinned here: Redis is asked for the others, and the
     * answer is merged back in the caller's order.
     */
    static final class PartialMget {
        private final Object[] pinned;
        private final int pinnedCount;
        private final String[] remoteKeys;

        PartialMget(String[] keys, Object[] pinned, int pinnedCount) {
            this.pinned = pinned;
            this.pinnedCount = pinnedCount;
            this.remoteKeys = new String[keys.length - pinnedCount];
            int next = 0;
            for (int i = 0; i < keys.length; i++) {
                if (pinned[i] == null) {
                    remoteKeys[next++] = keys[i];
                }
            }
        }

        String[] remoteKeys() {
            return remoteKeys;
        }

        int pinnedCount() {
            return pinnedCount;
        }

        /**
         * The caller's answer. Should Redis ever answer with another number of values than it was
         * asked for, the keys it answered for read as misses (null), which cache-aside callers
         * handle by loading them: never a value under the wrong key.
         */
        List<Object> mergeOrMiss(List<?> remoteValues) {
            if (remoteValues.size() == remoteKeys.length) {
                return merge(pinned, remoteValues);
            }
            failed(
                    new IllegalStateException(
                            "Redis answered an mget of "
                                    + remoteKeys.length
                                    + " keys with "
                                    + remoteValues.size()
                                    + " values; those keys read as misses"));
            return merge(pinned, Arrays.asList(new Object[remoteKeys.length]));
        }

        /** Pinned values where there are some, the next remote value everywhere else. */
        static List<Object> merge(Object[] pinned, List<?> remoteValues) {
            List<Object> merged = new ArrayList<>(pinned.length);
            int next = 0;
            for (Object value : pinned) {
                Object chosen = value != null ? value : remoteValues.get(next++);
                merged.add(chosen == Pins.MISSING ? null : chosen);
            }
            return merged;
        }
    }

    /**
     * After a write ({@code set}, {@code setex}, {@code del}, {@code expire}, ...) reached Redis:
     * invalidates every copy of the written keys.
     */
    public static void exitWrite(Object jedis, Object keyOrKeys, Throwable thrown) {
        HotKeyAgent current = agent;
        if (current == null || thrown != null || INTERNAL.get()) {
            return;
        }
        try {
            if (keyOrKeys instanceof String key) {
                written(current, jedis, key);
            } else if (keyOrKeys instanceof String[] keys) {
                for (String key : keys) {
                    written(current, jedis, key);
                }
            }
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    private static void written(HotKeyAgent current, Object jedis, String key) {
        String[] replicas = current.keyWritten(key);
        if (replicas.length > 0) {
            internally(() -> METHODS.get(jedis.getClass()).del(jedis, replicas));
        }
    }

    private static Object readOriginalAndFillReplica(
            Object jedis, HotReads.HotRead read, long ttlMs) {
        JedisMethods methods = METHODS.get(jedis.getClass());
        Object value = internally(() -> methods.get(jedis, read.key()));
        if (value != null) {
            internally(() -> methods.psetex(jedis, read.remoteKey(), ttlMs, value));
        }
        return value;
    }

    private interface Call {
        Object run() throws ReflectiveOperationException;
    }

    private static Object internally(Call call) {
        INTERNAL.set(true);
        try {
            return call.run();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call Jedis: " + e, e);
        } finally {
            INTERNAL.set(false);
        }
    }

    private static void failed(Throwable e) {
        FAILURES.increment();
        HotKeyAgent current = agent;
        if (current != null) {
            current.logJedisFailure(e);
        }
    }

    /** The Jedis methods the agent calls itself, found once per Jedis class. */
    private record JedisMethods(Method get, Method psetex, Method del) {
        static JedisMethods of(Class<?> type) {
            try {
                return new JedisMethods(
                        type.getMethod("get", String.class),
                        type.getMethod("psetex", String.class, long.class, String.class),
                        type.getMethod("del", String[].class));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("unsupported Jedis class " + type.getName(), e);
            }
        }

        Object get(Object jedis, String key) throws ReflectiveOperationException {
            return get.invoke(jedis, key);
        }

        Object psetex(Object jedis, String key, long ttlMs, Object value)
                throws ReflectiveOperationException {
            return psetex.invoke(jedis, key, ttlMs, value);
        }

        Object del(Object jedis, String[] keys) throws ReflectiveOperationException {
            return del.invoke(jedis, (Object) keys);
        }
    }
}
