package io.hotkeys.agent.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.RedisClient;

/**
 * A small service that uses Jedis and knows nothing of hot keys: the tests start it in its own JVM,
 * with or without the agent attached through {@code -javaagent}, and drive it line by line on
 * standard input. Each command prints one line of answer.
 *
 * <pre>
 * get KEY               the value, or (nil)
 * mget KEY...           the values, separated by spaces
 * set KEY VALUE         OK
 * del KEY               the number of keys deleted
 * burst THREADS KEY     THREADS threads read KEY at the same moment; prints the distinct answers
 * loop COUNT PREFIX     reads PREFIX0 .. PREFIX(COUNT-1) once each; prints the nanoseconds taken
 * heap                  used heap bytes after a full collection
 * quit
 * </pre>
 */
public final class SmallJedisService {
    private SmallJedisService() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (RedisClient redis = RedisClient.create("127.0.0.1", Integer.parseInt(args[0]));
                BufferedReader in =
                        new BufferedReader(
                                new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            out.println("ready");
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                out.println(answer(redis, line.split(" ")));
            }
        }
    }

    private static String answer(RedisClient redis, String[] command) throws Exception {
        return switch (command[0]) {
            case "get" -> String.valueOf(redis.get(command[1]));
            case "mget" ->
                    String.join(
                            " ",
                            String.valueOf(
                                    redis.mget(Arrays.copyOfRange(command, 1, command.length))));
            case "set" -> redis.set(command[1], command[2]);
            case "del" -> Long.toString(redis.del(command[1]));
            case "burst" -> burst(redis, Integer.parseInt(command[1]), command[2]);
            case "loop" -> loop(redis, Integer.parseInt(command[1]), command[2]);
            case "heap" -> Long.toString(usedHeapAfterGc());
            default -> "unknown command " + command[0];
        };
    }

    private static String burst(RedisClient redis, int threads, String key)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicReference<String> answers = new AtomicReference<>("");
        for (int i = 0; i < threads; i++) {
            new Thread(
                            () -> {
                                try {
                                    start.await();
                                    String value = String.valueOf(redis.get(key));
                                    answers.updateAndGet(
                                            a ->
                                                    a.contains("[" + value + "]")
                                                            ? a
                                                            : a + "[" + value + "]");
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                } finally {
                                    done.countDown();
                                }
                            })
                    .start();
        }
        start.countDown();
        done.await();
        return answers.get();
    }

    private static String loop(RedisClient redis, int count, String prefix) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            redis.get(prefix + i);
        }
        return Long.toString(System.nanoTime() - start);
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
