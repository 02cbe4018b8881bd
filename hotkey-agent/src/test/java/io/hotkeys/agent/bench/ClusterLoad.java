package io.hotkeys.agent.bench;

import io.hotkeys.schema.testing.Zipf;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * A service that reads Zipf-distributed keys from a Redis Cluster with Jedis and knows nothing of
 * hot keys; {@link ShardBalanceBenchmark} runs it with and without the agent. Arguments: a cluster
 * node's port, the number of reads, threads, distinct keys and the Zipf exponent. It prints {@code
 * ready}, waits for a line on standard input, reads, and prints {@code done MILLIS}.
 */
public final class ClusterLoad {
    private ClusterLoad() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long reads = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        int keys = Integer.parseInt(args[3]);
        double exponent = Double.parseDouble(args[4]);
        try (JedisCluster cluster = new JedisCluster(new HostAndPort("127.0.0.1", port))) {
            System.out.println("ready");
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            long start = System.nanoTime();
            run(cluster, reads / threads, threads, keys, exponent);
            System.out.println("done " + (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static void run(
            JedisCluster cluster, long readsPerThread, int threads, int keys, double exponent)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            SplittableRandom random = new SplittableRandom(t + 1);
            new Thread(
                            () -> {
                                for (long i = 0; i < readsPerThread; i++) {
                                    cluster.get("key:" + Zipf.sample(random, keys, exponent));
                                }
                                done.countDown();
                            })
                    .start();
        }
        done.await();
    }
}
