package io.hotkeys.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/** Default instance ids: host name, process id and a random suffix. */
final class InstanceIds {
    private InstanceIds() {}

    static String resolve(String configured) {
        if (!configured.isEmpty()) {
            return configured;
        }
        String host = hostName().replaceAll("[^A-Za-z0-9._-]", "-");
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
        String id = host + "-" + ProcessHandle.current().pid() + "-" + suffix;
        return id.length() <= 128 ? id : id.substring(id.length() - 128);
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
