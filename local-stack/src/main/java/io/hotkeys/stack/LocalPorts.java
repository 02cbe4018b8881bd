package io.hotkeys.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Loopback address and free-port lookup shared by the local servers.
 *
 * <p>A free port is found by binding port 0 and releasing it at once, so another process could take
 * it before the server binds it. On a developer machine or a CI runner this race is rare; when it
 * happens the server fails to start with a bind error and the caller may try again.
 */
final class LocalPorts {
    /** Every local server listens on this address only. */
    static final String HOST = "127.0.0.1";

    private LocalPorts() {}

    /** Returns {@code requested} if it is not 0, otherwise a port that was free a moment ago. */
    static int resolve(int requested) {
        return requested != 0 ? requested : pickFree();
    }

    /**
     * Like {@link #resolve(int)}, but never returns {@code taken}: two ports picked one after the
     * other can come out equal, since the first is released before the second is picked.
     */
    static int resolveOtherThan(int requested, int taken) {
        if (requested != 0) {
            return requested;
        }
        int port = pickFree();
        while (port == taken) {
            port = pickFree();
        }
        return port;
    }

    static int pickFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    /** Fails with a message naming {@code setting} unless {@code port} is 0 or a valid port. */
    static int checkPort(String setting, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(
                    setting + " = " + port + ": must be 0 (any free port) or 1..65535");
        }
        return port;
    }
}
