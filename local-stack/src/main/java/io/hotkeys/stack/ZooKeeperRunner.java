package io.hotkeys.stack;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of ZooKeeper's own standalone server, on a thread of its own.
 *
 * <p>{@link ZooKeeperServerMain#runFromConfig} blocks for the life of the server and calls {@link
 * #serverStarted()} once clients can connect; this class turns that into a start that returns when
 * the server is up, or fails as soon as the server does (a taken port, for one), and a stop that
 * returns only after the server has closed its files and sockets. It never exits the JVM, unlike
 * ZooKeeper's command-line entry point.
 */
final class ZooKeeperRunner extends ZooKeeperServerMain {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperRunner.class);

    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final Thread thread;
    private final String address;
    private volatile boolean stopping;
    private volatile boolean ended;

    ZooKeeperRunner(ServerConfig config, String address) {
        this.address = address;
        this.thread = new Thread(() -> run(config), "local-zk-" + address);
        this.thread.setDaemon(true);
    }

    /**
     * Starts the server and waits until it accepts clients.
     *
     * @throws ExecutionException with the server's own failure as the cause
     * @throws TimeoutException if the server neither started nor failed in time; it is stopped
     */
    void start(long timeoutMs) throws Exception {
        thread.start();
        try {
            started.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            stop(timeoutMs);
            throw e;
        }
    }

    /** Stops the server and waits up to {@code timeoutMs} for it to release its resources. */
    void stop(long timeoutMs) throws InterruptedException {
        stopping = true;
        close();
        thread.join(timeoutMs);
        if (thread.isAlive()) {
            LOG.warn(
                    "ZooKeeper at {} did not stop within {} ms; its thread is left running",
                    address,
                    timeoutMs);
        }
    }

    /** Whether the server has ended, asked to or on its own. */
    boolean hasEnded() {
        return ended;
    }

    @Override
    protected void serverStarted() {
        started.complete(null);
    }

    private void run(ServerConfig config) {
        try {
            runFromConfig(config);
            reportEnd(null);
        } catch (Exception | Error e) {
            reportEnd(e);
        }
    }

    private void reportEnd(Throwable failure) {
        ended = true;
        boolean wasRunning = started.isDone() && !started.isCompletedExceptionally();
        Throwable cause = failure != null ? failure : new IllegalStateException("server ended");
        started.completeExceptionally(cause);
        if (wasRunning && !stopping) {
            LOG.warn(
                    "ZooKeeper at {} stopped by itself; restart it or start a new one",
                    address,
                    failure);
        }
    }
}
