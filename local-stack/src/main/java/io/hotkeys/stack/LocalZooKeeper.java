package io.hotkeys.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, standalone ZooKeeper server running inside this JVM, listening on {@code 127.0.0.1}.
 *
 * <p>The server keeps its data in a temporary directory that lives as long as this object: {@link
 * #stop()} and {@link #restart()} keep it, so a restarted server has the same port, the same nodes
 * and the same sessions (a client that reconnects before its session timeout keeps its ephemeral
 * nodes). {@link #close()} stops the server and deletes the directory.
 *
 * <p>TTL nodes are enabled and containers and expired TTL nodes are reaped every {@link
 * Builder#containerCheckIntervalMs(long) containerCheckIntervalMs} (1 s by default, instead of
 * ZooKeeper's 60 s), so tests of those features finish quickly. The tick time is 500 ms, which
 * bounds session timeouts to between 1 s and 10 s whatever a client asks for.
 *
 * <p>ZooKeeper reads some of its settings from JVM-wide system properties. Starting a server sets
 * {@code zookeeper.extendedTypesEnabled=true} for the whole JVM and leaves it set, because the
 * server checks it on every TTL node it creates. The container check interval and {@code
 * zookeeper.admin.enableServer=false} (no HTTP admin server) are set only while a server starts and
 * then put back. A server never exits the JVM; if it dies on its own it logs a warning.
 *
 * <p>All methods are thread-safe.
 */
public final class LocalZooKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalZooKeeper.class);

    /** Guards the JVM-wide system properties that ZooKeeper reads while a server starts. */
    private static final Object START_LOCK = new Object();

    private static final String EXTENDED_TYPES_PROPERTY = "zookeeper.extendedTypesEnabled";
    private static final String CONTAINER_CHECK_PROPERTY = "znode.container.checkIntervalMs";
    private static final String ADMIN_SERVER_PROPERTY = "zookeeper.admin.enableServer";
    private static final int TICK_TIME_MS = 500;

    private final Path baseDir;
    private final int port;
    private final long containerCheckIntervalMs;
    private final long startTimeoutMs;
    private ZooKeeperRunner server;
    private boolean closed;

    private LocalZooKeeper(Builder builder, Path baseDir) {
        this.baseDir = baseDir;
        this.port = LocalPorts.resolve(builder.port);
        this.containerCheckIntervalMs = builder.containerCheckIntervalMs;
        this.startTimeoutMs = builder.startTimeoutMs;
    }

    /** Starts a server on a free port with the default settings. */
    public static LocalZooKeeper start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address clients connect to, such as {@code 127.0.0.1:34567}. */
    public String connectString() {
        return LocalPorts.HOST + ":" + port;
    }

    /** The client port, the same across {@link #restart()}. */
    public int port() {
        return port;
    }

    /** Whether the server is accepting connections: started, not stopped and not failed. */
    public synchronized boolean isRunning() {
        return server != null && !server.hasEnded();
    }

    /**
     * Stops the server and keeps its data; clients see the connection drop. Does nothing if the
     * server is already stopped.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        ZooKeeperRunner stopping = server;
        server = null;
        try {
            stopping.stop(startTimeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("ZooKeeper at {} stopped", connectString());
    }

    /**
     * Stops the server if it is running and starts it again on the same port with the same data.
     *
     * @throws IllegalStateException if this server was closed
     * @throws LocalServerException if the server does not start
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("ZooKeeper at " + connectString() + " is closed");
        }
        stop();
        launch();
    }

    /** Stops the server and deletes its data. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        TempDirs.deleteRecursively(baseDir);
    }

    private void launch() {
        long startNanos = System.nanoTime();
        ZooKeeperRunner runner = new ZooKeeperRunner(serverConfig(), connectString());
        try {
            startWithSystemProperties(runner);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalServerException("interrupted while starting ZooKeeper", e);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new LocalServerException("ZooKeeper did not start on " + connectString(), cause);
        }
        server = runner;
        LOG.info(
                "ZooKeeper started at {} in {} ms (data in {})",
                connectString(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                baseDir);
    }

    /**
     * Starts the server with the JVM-wide properties it reads during start-up set to this
     * instance's values, and puts back the previous values once it has read them.
     */
    private void startWithSystemProperties(ZooKeeperRunner runner) throws Exception {
        synchronized (START_LOCK) {
            System.setProperty(EXTENDED_TYPES_PROPERTY, "true");
            String previousInterval =
                    System.setProperty(
                            CONTAINER_CHECK_PROPERTY, Long.toString(containerCheckIntervalMs));
            // The HTTP admin server needs Jetty, which is not on the class path.
            String previousAdmin = System.setProperty(ADMIN_SERVER_PROPERTY, "false");
            try {
                runner.start(startTimeoutMs);
            } finally {
                restoreProperty(CONTAINER_CHECK_PROPERTY, previousInterval);
                restoreProperty(ADMIN_SERVER_PROPERTY, previousAdmin);
            }
        }
    }

    private ServerConfig serverConfig() {
        Properties properties = new Properties();
        properties.setProperty("clientPort", Integer.toString(port));
        properties.setProperty("clientPortAddress", LocalPorts.HOST);
        properties.setProperty("dataDir", baseDir.resolve("data").toString());
        properties.setProperty("tickTime", Integer.toString(TICK_TIME_MS));
        properties.setProperty("maxClientCnxns", "0");
        try {
            QuorumPeerConfig parsed = new QuorumPeerConfig();
            parsed.parseProperties(properties);
            ServerConfig config = new ServerConfig();
            config.readFrom(parsed);
            return config;
        } catch (IOException | ConfigException e) {
            throw new LocalServerException("invalid ZooKeeper settings " + properties, e);
        }
    }

    private static void restoreProperty(String key, String previous) {
        if (previous == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, previous);
        }
    }

    /** Settings for a {@link LocalZooKeeper}; each setter validates its value at once. */
    public static final class Builder {
        private int port;
        private long containerCheckIntervalMs = 1_000;
        private long startTimeoutMs = 30_000;

        private Builder() {}

        /** The client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = LocalPorts.checkPort("zookeeper port", port);
            return this;
        }

        /** How often empty containers and expired TTL nodes are deleted; default 1000 ms. */
        public Builder containerCheckIntervalMs(long intervalMs) {
            this.containerCheckIntervalMs = positive("containerCheckIntervalMs", intervalMs);
            return this;
        }

        /** How long {@link #start()} waits for the server to accept clients; default 30 s. */
        public Builder startTimeoutMs(long timeoutMs) {
            this.startTimeoutMs = positive("startTimeoutMs", timeoutMs);
            return this;
        }

        /**
         * Creates the data directory and starts the server.
         *
         * @throws LocalServerException if the server does not start; the directory is removed
         */
        public LocalZooKeeper start() {
            LocalZooKeeper zooKeeper = new LocalZooKeeper(this, TempDirs.create("local-zk-"));
            try {
                zooKeeper.restart();
                return zooKeeper;
            } catch (RuntimeException | Error e) {
                zooKeeper.close();
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
