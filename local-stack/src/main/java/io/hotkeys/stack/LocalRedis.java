package io.hotkeys.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis server, run as a child process from the machine's {@code redis-server} binary and
 * listening on {@code 127.0.0.1}.
 *
 * <p>The binary is the builder's {@link Builder#redisServer(Path) redisServer}, else the one named
 * by the {@value #SERVER_PROPERTY} system property, else the first {@code redis-server} on the
 * {@code PATH}, in {@code /usr/bin} or in {@code /usr/local/bin}. If there is none, {@link
 * #start()} fails with a message that says how to install it (Debian's package is {@code
 * redis-server}).
 *
 * <p>Each server has a temporary directory for its configuration file, its log ({@code redis.log},
 * also quoted in start-up errors) and its working directory. It keeps no data on disk: no snapshots
 * and no append-only file, so {@link #restart()} brings back the same port with an empty database.
 * {@link #close()} stops the server and deletes the directory.
 *
 * <h2>How the child process is made to stop</h2>
 *
 * <p>{@link #stop()} sends SIGTERM, which Redis without persistence obeys within milliseconds, and
 * SIGKILL if the server is still running after {@link Builder#stopTimeoutMs stopTimeoutMs}.
 *
 * <p>A JVM that ends without closing its servers must not leave them behind, and Redis has no
 * setting that ties its life to its parent's. So the server is started through {@code /bin/sh},
 * which forks a small watcher, then replaces itself with {@code redis-server} (the {@link Process}
 * this class holds is the server itself). The watcher waits for end of file on the server's
 * standard input, a pipe whose only writing end belongs to this JVM, and then sends SIGTERM to the
 * server. The kernel closes that pipe when the JVM exits for any reason, SIGKILL and crashes
 * included, so the server stops within milliseconds of the JVM. A JVM shutdown hook also closes the
 * servers still open at a normal exit, so that their directories are deleted; after a SIGKILL only
 * the directory (a few kilobytes) is left behind. The watcher, a child of the server, also ends
 * when the pipe closes, which {@link #stop()} does too.
 *
 * <p>All methods are thread-safe.
 */
public final class LocalRedis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRedis.class);

    /** The system property that names the {@code redis-server} binary to run. */
    public static final String SERVER_PROPERTY = RedisServerBinary.PROPERTY;

    /**
     * Run by {@code /bin/sh -c} with the binary and its arguments as {@code "$@"}. The shell moves
     * its standard input (the pipe from this JVM) to fd 3, forks the watcher, and replaces itself
     * with redis-server, so {@code $$} is the server's pid. The watcher blocks until the pipe
     * reaches end of file, then sends SIGTERM only if the server is still its parent: once the
     * server has exited, the watcher belongs to init and the pid may no longer be the server's.
     */
    private static final String WATCHER_SCRIPT =
            String.join(
                    "\n",
                    "exec 3<&0 </dev/null",
                    "(",
                    "  read -r line <&3",
                    "  read -r stat </proc/self/stat",
                    "  set -- $stat",
                    "  if [ \"$4\" = \"$$\" ]; then kill -TERM \"$$\"; fi",
                    ") &",
                    "exec \"$@\" 3<&-");

    private static final String CONFIG_FILE = "redis.conf";
    private static final String LOG_FILE = "redis.log";
    private static final int ADMIN_TIMEOUT_MS = 5_000;

    /**
     * How long one start-up probe waits for an answer before the next try: short, because whatever
     * else listens on a port taken before this server could bind it may never answer.
     */
    private static final int PROBE_TIMEOUT_MS = 500;

    private static final int LOG_TAIL_LINES = 5;
    private static final Pattern CONFIG_KEY = Pattern.compile("[a-z0-9-]+");
    private static final Set<String> DERIVED_KEYS =
            Set.of("bind", "port", "dir", "daemonize", "logfile", "save", "appendonly", "include");

    private final Path baseDir;
    private final Path binary;
    private final int port;
    private final Map<String, String> overrides;
    private final Duration startTimeout;
    private final long stopTimeoutMs;
    private Process process;

    /**
     * How many commands that this class sent are in Redis's count since the server started or its
     * statistics were reset. Redis counts a command after running it, so an INFO does not see
     * itself, and CONFIG RESETSTAT counts itself.
     */
    private long ownCommands;

    private boolean closed;

    private LocalRedis(Builder builder, Path binary, Path baseDir) {
        this.baseDir = baseDir;
        this.binary = binary;
        this.port = LocalPorts.resolve(builder.port);
        this.overrides = Map.copyOf(builder.config);
        this.startTimeout = Duration.ofMillis(builder.startTimeoutMs);
        this.stopTimeoutMs = builder.stopTimeoutMs;
    }

    /** Starts a server on a free port with the default settings. */
    public static LocalRedis start() {
        return builder().start();
    }

    /**
     * Starts {@code count} independent servers with the default settings, each on its own free
     * port, for example to spread keys over several shards. The caller closes each of them.
     *
     * @throws LocalServerException if one does not start; those already started are closed
     */
    public static List<LocalRedis> startMany(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count = " + count + ": must be at least 1");
        }
        List<LocalRedis> servers = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                servers.add(start());
            }
            return List.copyOf(servers);
        } catch (RuntimeException | Error e) {
            servers.forEach(LocalRedis::close);
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address the server listens on: always {@code 127.0.0.1}. */
    public String host() {
        return LocalPorts.HOST;
    }

    /** The port, the same across {@link #restart()}. */
    public int port() {
        return port;
    }

    /** The address clients connect to, such as {@code 127.0.0.1:34567}. */
    public String address() {
        return LocalPorts.HOST + ":" + port;
    }

    /** Whether the server process is running: started, not stopped and not exited on its own. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * The number of commands the server has processed since it started or since {@link
     * #resetStats()}, from {@code total_commands_processed} in {@code INFO stats}. The PING, INFO
     * and CONFIG RESETSTAT commands that this class sends are left out, so the count is exactly
     * what clients sent, as long as the statistics are reset through this class only.
     *
     * @throws IllegalStateException if the server is not running
     * @throws LocalServerException if the server does not answer within 5 s
     */
    public synchronized long commandCounts() {
        String stats = call("INFO", "stats");
        long processed = Long.parseLong(infoField(stats, "total_commands_processed"));
        long count = processed - ownCommands;
        ownCommands++;
        return count;
    }

    /**
     * Zeroes the server's statistics ({@code CONFIG RESETSTAT}), {@link #commandCounts()} among
     * them.
     *
     * @throws IllegalStateException if the server is not running
     * @throws LocalServerException if the server does not answer within 5 s
     */
    public synchronized void resetStats() {
        call("CONFIG", "RESETSTAT");
        ownCommands = 1;
    }

    /**
     * Stops the server: SIGTERM, then SIGKILL after the stop timeout. Clients see their connections
     * drop and the port refuses new ones. Does nothing if the server is already stopped.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        long startNanos = System.nanoTime();
        Process stopping = process;
        process = null;
        terminate(stopping);
        LOG.info("Redis at {} stopped in {} ms", address(), millisSince(startNanos));
    }

    /**
     * Stops the server if it is running and starts it again on the same port, with an empty
     * database.
     *
     * @throws IllegalStateException if this server was closed
     * @throws LocalServerException if the server does not start
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("Redis at " + address() + " is closed");
        }
        stop();
        launch();
    }

    /** Stops the server and deletes its directory. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        OpenServers.remove(this);
        stop();
        TempDirs.deleteRecursively(baseDir);
    }

    /** The operating system's id of the server process; -1 while it is stopped. */
    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** The temporary directory, for tests. */
    Path directory() {
        return baseDir;
    }

    private void launch() {
        long startNanos = System.nanoTime();
        writeConfig();
        process = spawn();
        String version;
        try {
            version = awaitServer(process);
            // Count from a known state, however many start-up probes the server answered.
            call("CONFIG", "RESETSTAT");
            ownCommands = 1;
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        LOG.info(
                "Redis {} started at {} in {} ms (pid {}, {}, directory {})",
                version,
                address(),
                millisSince(startNanos),
                process.pid(),
                binary,
                baseDir);
    }

    private Process spawn() {
        ProcessBuilder builder =
                new ProcessBuilder(
                                "/bin/sh",
                                "-c",
                                WATCHER_SCRIPT,
                                "local-redis",
                                binary.toString(),
                                baseDir.resolve(CONFIG_FILE).toString())
                        .directory(baseDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(Redirect.appendTo(logFile().toFile()));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new LocalServerException("cannot run " + binary + " through /bin/sh", e);
        }
    }

    /**
     * Waits until this server answers on its port and returns its version. The server is asked for
     * its pid ({@code INFO server}) rather than just pinged, so that another Redis already on the
     * port is not mistaken for it while this one fails to bind.
     */
    private String awaitServer(Process starting) {
        String expectedPid = Long.toString(starting.pid());
        Map<String, String> info = new HashMap<>();
        Poll.until(
                "redis-server at " + address() + " to answer",
                startTimeout,
                () -> !starting.isAlive() || answersAs(expectedPid, info));
        if (!starting.isAlive()) {
            throw new LocalServerException(
                    "redis-server did not start on "
                            + address()
                            + ": it exited with status "
                            + starting.exitValue()
                            + "; the end of "
                            + logFile()
                            + ":\n"
                            + logTail());
        }
        return info.get("redis_version");
    }

    private boolean answersAs(String expectedPid, Map<String, String> info) throws IOException {
        String reply =
                RedisProtocol.call(LocalPorts.HOST, port, PROBE_TIMEOUT_MS, "INFO", "server");
        if (!expectedPid.equals(infoField(reply, "process_id"))) {
            return false;
        }
        info.put("redis_version", infoField(reply, "redis_version"));
        return true;
    }

    /** SIGTERM, then SIGKILL once the stop timeout has passed; returns once the process is gone. */
    private void terminate(Process stopping) {
        // Also closes the server's standard input, so the watcher ends too.
        stopping.destroy();
        if (waitFor(stopping, stopTimeoutMs)) {
            return;
        }
        LOG.warn(
                "redis-server at {} (pid {}) still runs {} ms after SIGTERM; killing it."
                        + " Its log is {}",
                address(),
                stopping.pid(),
                stopTimeoutMs,
                logFile());
        stopping.destroyForcibly();
        if (!waitFor(stopping, stopTimeoutMs)) {
            LOG.warn("redis-server at {} (pid {}) survived SIGKILL", address(), stopping.pid());
        }
    }

    private static boolean waitFor(Process process, long timeoutMs) {
        try {
            return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private String call(String... command) {
        if (!isRunning()) {
            throw new IllegalStateException("Redis at " + address() + " is not running");
        }
        try {
            return RedisProtocol.call(LocalPorts.HOST, port, ADMIN_TIMEOUT_MS, command);
        } catch (IOException e) {
            throw new LocalServerException(
                    "Redis at " + address() + " did not answer " + String.join(" ", command), e);
        }
    }

    /** Returns the value of {@code name} in an INFO reply ({@code name:value} lines). */
    private String infoField(String info, String name) {
        String prefix = name + ":";
        return info.lines()
                .filter(line -> line.startsWith(prefix))
                .map(line -> line.substring(prefix.length()).trim())
                .findFirst()
                .orElseThrow(
                        () ->
                                new LocalServerException(
                                        "Redis at " + address() + " reported no " + name));
    }

    private void writeConfig() {
        StringBuilder text = new StringBuilder("# Written by LocalRedis; deleted on close.\n");
        settings().forEach((key, value) -> text.append(key).append(' ').append(value).append('\n'));
        try {
            Files.writeString(baseDir.resolve(CONFIG_FILE), text);
        } catch (IOException e) {
            throw new LocalServerException("cannot write the Redis configuration in " + baseDir, e);
        }
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bind", LocalPorts.HOST);
        settings.put("port", Integer.toString(port));
        settings.put("dir", quote(baseDir.toString()));
        settings.put("daemonize", "no");
        settings.put("logfile", quote(""));
        settings.put("save", quote(""));
        settings.put("appendonly", "no");
        overrides.forEach((key, value) -> settings.put(key, value.isEmpty() ? quote("") : value));
        return settings;
    }

    /** A redis.conf string argument, in double quotes with backslash escapes. */
    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private String logTail() {
        try {
            List<String> lines =
                    Files.readAllLines(logFile()).stream().filter(line -> !line.isBlank()).toList();
            List<String> tail =
                    lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return "  " + String.join("\n  ", tail);
        } catch (IOException | UncheckedIOException e) {
            return "  (unreadable: " + e + ")";
        }
    }

    private Path logFile() {
        return baseDir.resolve(LOG_FILE);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /**
     * The servers not closed yet, closed by a shutdown hook when the JVM exits normally. The hook
     * is registered when the first server starts.
     */
    private static final class OpenServers {
        private static final Set<LocalRedis> OPEN = ConcurrentHashMap.newKeySet();

        static {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(OpenServers::closeAll, "local-redis-close"));
        }

        private OpenServers() {}

        static void add(LocalRedis server) {
            OPEN.add(server);
        }

        static void remove(LocalRedis server) {
            OPEN.remove(server);
        }

        private static void closeAll() {
            for (LocalRedis server : OPEN) {
                server.close();
            }
        }
    }

    /** Settings for a {@link LocalRedis}; each setter validates its value at once. */
    public static final class Builder {
        private int port;
        private Path redisServer;
        private long startTimeoutMs = 30_000;
        private long stopTimeoutMs = 10_000;
        private final Map<String, String> config = new LinkedHashMap<>();

        private Builder() {}

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = LocalPorts.checkPort("redis port", port);
            return this;
        }

        /**
         * The {@code redis-server} binary to run, instead of looking for one (see {@link
         * LocalRedis}).
         */
        public Builder redisServer(Path binary) {
            if (binary == null) {
                throw new IllegalArgumentException("redisServer = null: must be a path");
            }
            this.redisServer = binary;
            return this;
        }

        /** How long {@link #start()} waits for the server to answer; default 30 s. */
        public Builder startTimeoutMs(long timeoutMs) {
            this.startTimeoutMs = positive("startTimeoutMs", timeoutMs);
            return this;
        }

        /** How long {@link LocalRedis#stop()} waits after SIGTERM before SIGKILL; default 10 s. */
        public Builder stopTimeoutMs(long timeoutMs) {
            this.stopTimeoutMs = positive("stopTimeoutMs", timeoutMs);
            return this;
        }

        /**
         * Adds one line {@code key value} to the server's redis.conf, such as {@code
         * config("maxmemory", "64mb")} or {@code config("maxmemory-policy", "allkeys-lru")}. The
         * value is written as it is (several words for a setting that takes several arguments; the
         * empty string becomes {@code ""}) and checked by Redis when the server starts.
         *
         * @throws IllegalArgumentException for a key that is not a Redis setting name, a value with
         *     a line break, or a setting that this class derives itself: {@code bind}, {@code
         *     port}, {@code dir}, {@code daemonize}, {@code logfile}, {@code include}, and {@code
         *     save} and {@code appendonly} (the server keeps no data on disk)
         */
        public Builder config(String key, String value) {
            String setting = key == null ? "" : key.toLowerCase(Locale.ROOT);
            if (!CONFIG_KEY.matcher(setting).matches()) {
                throw new IllegalArgumentException(
                        "redis config " + key + " = " + value + ": not a Redis setting name");
            }
            if (value == null || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException(
                        "redis config " + key + " = " + value + ": must be one line of text");
            }
            if (DERIVED_KEYS.contains(setting)) {
                throw new IllegalArgumentException(
                        "redis config "
                                + key
                                + " = "
                                + value
                                + ": set by LocalRedis itself; use port() for the port");
            }
            config.put(setting, value);
            return this;
        }

        /**
         * Finds the binary, creates the server's directory and starts it.
         *
         * @throws LocalServerException if there is no binary or the server does not start; the
         *     directory is then removed
         */
        public LocalRedis start() {
            Path binary = RedisServerBinary.locate(redisServer);
            LocalRedis redis = new LocalRedis(this, binary, TempDirs.create("local-redis-"));
            OpenServers.add(redis);
            try {
                redis.restart();
                return redis;
            } catch (RuntimeException | Error e) {
                redis.close();
                throw e;
            }
        }

        private static long positive(String setting, long value) {
            if (value <= 0 || value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        setting + " = " + value + ": must be between 1 and " + Integer.MAX_VALUE);
            }
            return value;
        }
    }
}
