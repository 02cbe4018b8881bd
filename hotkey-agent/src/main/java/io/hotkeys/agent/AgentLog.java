package io.hotkeys.agent;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's logger: every line starts with the agent's identity, and repeated warnings about the
 * same condition are written at most once a minute (with the number held back), so an outage of
 * Kafka or ZooKeeper cannot flood the service's log.
 */
final class AgentLog {
    private static final long REPEAT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Logger logger;
    private final String prefix;
    private final ConcurrentHashMap<String, long[]> lastWarning = new ConcurrentHashMap<>();

    AgentLog(Class<?> owner, String app, String instanceId) {
        this.logger = LoggerFactory.getLogger(owner);
        this.prefix = "[app=" + app + ", instance=" + instanceId + "] ";
    }

    void info(String format, Object... args) {
        if (logger.isInfoEnabled()) {
            logger.info(prefix + format, args);
        }
    }

    void debug(String format, Object... args) {
        if (logger.isDebugEnabled()) {
            logger.debug(prefix + format, args);
        }
    }

    /** Logs a warning unless one about the same condition was logged within the last minute. */
    void warnRateLimited(String condition, String format, Object... args) {
        long now = System.nanoTime();
        long[] state =
                lastWarning.computeIfAbsent(
                        condition, c -> new long[] {now - REPEAT_INTERVAL_NANOS, 0});
        synchronized (state) {
            if (now - state[0] < REPEAT_INTERVAL_NANOS) {
                state[1]++;
                return;
            }
            String held = state[1] == 0 ? "" : " (" + state[1] + " similar warnings held back)";
            state[0] = now;
            state[1] = 0;
            logger.warn(prefix + format + held, args);
        }
    }
}
