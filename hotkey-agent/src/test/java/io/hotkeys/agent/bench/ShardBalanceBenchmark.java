package io.hotkeys.agent.bench;

import io.hotkeys.schema.HotKeyRecord;
import io.hotkeys.schema.KeyCodec;
import io.hotkeys.schema.ZkLayout;
import io.hotkeys.stack.LocalRedis;
import io.hotkeys.stack.LocalZooKeeper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * How evenly a Zipf-distributed load (exponent 1.2) lands on the servers of a Redis Cluster, with
 * and without mitigation, measured in one run: the same program ({@link ClusterLoad}) reads the
 * same keys from a four-server cluster, first without the agent, then with it attached through
 * {@code -javaagent}, and the commands each server ran are counted. The hottest keys are published
 * in ZooKeeper as the job would publish them, with replicas.
 *
 * <p>Run with {@code scripts/bench-shards}.
 */
public final class ShardBalanceBenchmark {
    private static final int SERVERS = 4;
    private static final long READS = 400_000;
    private static final int THREADS = 4;
    private static final int KEYS = 100_000;
    private static final double EXPONENT = 1.2;
    private static final int HOT_KEYS = 50;
    private static final int REPLICAS = 4;
    private static final long PIN_TTL_MS = 1_000;

    private ShardBalanceBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path agentJar = Path.of(args[0]);
        String classpath = args[1];
        List<LocalRedis> servers = new ArrayList<>();
        try (LocalZooKeeper zookeeper = LocalZooKeeper.start()) {
            for (int i = 0; i < SERVERS; i++) {
                servers.add(LocalRedis.builder().config("cluster-enabled", "yes").start());
            }
            RedisClusters.form(servers);
            publishHottestKeys(zookeeper.connectString());
            long[] plain = run(servers, classpath, null);
            String options = "app=bench,kafka=127.0.0.1:1,zookeeper=" + zookeeper.connectString();
            long[] mitigated = run(servers, classpath, "-javaagent:" + agentJar + "=" + options);
            report("without the agent", plain);
            report("with the agent (pins and " + REPLICAS + " replicas)", mitigated);
        } finally {
            servers.forEach(LocalRedis::close);
        }
        System.exit(0);
    }

    /** Runs the load once and returns the commands each server ran. */
    private static long[] run(List<LocalRedis> servers, String classpath, String agent)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agent != null) {
            command.add(agent);
        }
        command.addAll(List.of("-cp", classpath, ClusterLoad.class.getName()));
        command.addAll(
                List.of(
                        Integer.toString(servers.get(0).port()),
                        Long.toString(READS),
                        Integer.toString(THREADS),
                        Integer.toString(KEYS),
                        Double.toString(EXPONENT)));
        Process load =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8));
        expect(out, "ready");
        if (agent != null) {
            Thread.sleep(3_000);
        }
        servers.forEach(LocalRedis::resetStats);
        PrintWriter in = new PrintWriter(load.getOutputStream(), true, StandardCharsets.UTF_8);
        in.println("go");
        String done = out.readLine();
        long[] counts = servers.stream().mapToLong(LocalRedis::commandCounts).toArray();
        load.waitFor(30, TimeUnit.SECONDS);
        System.out.println("load " + (agent == null ? "without" : "with") + " the agent: " + done);
        return counts;
    }

    private static void publishHottestKeys(String connect) throws Exception {
        try (CuratorFramework zk =
                CuratorFrameworkFactory.newClient(connect, new ExponentialBackoffRetry(100, 5))) {
            zk.start();
            for (int rank = 1; rank <= HOT_KEYS; rank++) {
                byte[] key = KeyCodec.toBytes("key:" + rank);
                HotKeyRecord record =
                        new HotKeyRecord(
                                1,
                                "bench",
                                key,
                                0,
                                0,
                                1000,
                                50,
                                50,
                                50,
                                "bench",
                                PIN_TTL_MS,
                                REPLICAS);
                zk.create()
                        .orSetData()
                        .creatingParentsIfNeeded()
                        .forPath(
                                ZkLayout.defaultLayout().hotKeyPath("bench", key),
                                HotKeyRecord.CODEC.encode(record));
            }
        }
    }

    private static void report(String name, long[] counts) {
        long total = 0;
        long busiest = 0;
        for (long count : counts) {
            total += count;
            busiest = Math.max(busiest, count);
        }
        double mean = (double) total / counts.length;
        StringBuilder shares = new StringBuilder();
        for (long count : counts) {
            shares.append(String.format("%6.1f%%", 100.0 * count / total));
        }
        System.out.printf(
                "%-40s commands %,9d  per server %s  busiest / mean %.2f%n",
                name, total, shares, busiest / mean);
    }

    private static void expect(BufferedReader out, String line) throws Exception {
        String got = out.readLine();
        if (!line.equals(got)) {
            throw new IllegalStateException("load program said " + got + " instead of " + line);
        }
    }
}
