package io.hotkeys.agent.bench;

import io.hotkeys.stack.LocalRedis;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * Forms a Redis Cluster out of standalone servers started with cluster-enabled: slots, meet, wait.
 */
final class RedisClusters {
    private static final int SLOTS = 16_384;

    private RedisClusters() {}

    static void form(List<LocalRedis> servers) throws InterruptedException {
        int count = servers.size();
        for (int i = 0; i < count; i++) {
            try (Jedis node = new Jedis(servers.get(i).host(), servers.get(i).port())) {
                int first = i * SLOTS / count;
                int last = (i + 1) * SLOTS / count - 1;
                node.sendCommand(
                        () -> "CLUSTER".getBytes(),
                        "ADDSLOTSRANGE",
                        Integer.toString(first),
                        Integer.toString(last));
                for (LocalRedis other : servers) {
                    node.clusterMeet(other.host(), other.port());
                }
            }
        }
        for (LocalRedis server : servers) {
            awaitOk(server);
        }
    }

    private static void awaitOk(LocalRedis server) throws InterruptedException {
        try (Jedis node = new Jedis(server.host(), server.port())) {
            for (int attempt = 0; attempt < 200; attempt++) {
                if (node.clusterInfo().contains("cluster_state:ok")) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Redis Cluster did not form on " + server.address());
    }
}
