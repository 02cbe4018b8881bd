package io.hotkeys.agent;

import io.hotkeys.schema.AccessBatch;
import io.hotkeys.schema.AccessBatchCodec;
import io.hotkeys.schema.AccessCount;
import io.hotkeys.schema.KeyCodec;
import io.hotkeys.schema.KeyDisplay;
import io.hotkeys.schema.SchemaException;
import io.hotkeys.schema.config.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The agent's background thread: every report interval it drains the recorder, folds the counts per
 * bucket and key, and ships them to Kafka as {@link AccessBatch} records. It is the only thread of
 * the agent that talks to Kafka, so a slow or absent Kafka delays reports but never a service
 * thread; counts that cannot be shipped are counted as unsent.
 */
final class Reporter implements AutoCloseable {
    private static final long PRODUCER_RETRY_INTERVAL_MS = 5_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final AccessRecorder recorder;
    private final Settings settings;
    private final String app;
    private final String instanceId;
    private final InstantSource clock;
    private final AgentLog log;
    private final ScheduledExecutorService thread;
    private final Counters counters;
    private final String topic;
    private final long maxBatchBytes;

    private Producer<byte[], byte[]> producer;
    private long nextProducerAttemptMs;
    private long droppedReported;
    private long refusedSinceLastBatch;

    /** The reporter's running totals, read by {@link HotKeyAgent#stats()}. */
    static final class Counters {
        final AtomicLong counted = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong unsent = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong batchesSent = new AtomicLong();
        final AtomicLong batchesFailed = new AtomicLong();
    }

    Reporter(AccessRecorder recorder, Settings settings, String instanceId, InstantSource clock) {
        this.recorder = recorder;
        this.settings = settings;
        this.app = settings.get(AgentSettings.APP_NAME);
        this.instanceId = instanceId;
        this.clock = clock;
        this.log = new AgentLog(Reporter.class, app, instanceId);
        this.counters = new Counters();
        this.topic = settings.get(AgentSettings.KAFKA_TOPIC);
        this.maxBatchBytes = settings.get(AgentSettings.REPORT_MAX_BATCH_BYTES);
        this.thread =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "hotkey-agent-reporter[" + app + "]");
                            t.setDaemon(true);
                            return t;
                        });
    }

    void start() {
        long intervalMs = settings.get(AgentSettings.REPORT_INTERVAL_MS);
        thread.scheduleAtFixedRate(
                this::reportSafely, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    Counters counters() {
        return counters;
    }

    /** Ships what is left, then stops; waits a bounded time for Kafka. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
            reportSafely();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeProducer();
        }
    }

    private void reportSafely() {
        try {
            report();
        } catch (RuntimeException | Error e) {
            log.warnRateLimited(
                    "report-failed",
                    "could not report access counts: {}; the counts of this interval are lost and"
                            + " counted as unsent",
                    e.toString(),
                    e);
        }
    }

    private synchronized void report() {
        Map<BucketKey, long[]> folded = drainAndFold();
        List<AccessBatch> batches = toBatches(folded);
        for (AccessBatch batch : batches) {
            send(batch);
        }
    }

    private Map<BucketKey, long[]> drainAndFold() {
        Map<BucketKey, long[]> folded = new HashMap<>();
        recorder.drain(
                (bucketStartMs, key, count) -> {
                    counters.counted.addAndGet(count);
                    folded.computeIfAbsent(new BucketKey(bucketStartMs, key), k -> new long[1])[
                                    0] +=
                            count;
                });
        return folded;
    }

    private List<AccessBatch> toBatches(Map<BucketKey, long[]> folded) {
        List<AccessBatch> batches = new ArrayList<>();
        List<AccessCount> current = new ArrayList<>();
        long currentBytes = 0;
        List<Map.Entry<BucketKey, long[]>> oldestFirst = new ArrayList<>(folded.entrySet());
        oldestFirst.sort(Comparator.comparingLong(e -> e.getKey().bucketStartMs()));
        for (Map.Entry<BucketKey, long[]> entry : oldestFirst) {
            AccessCount count = toCount(entry.getKey(), entry.getValue()[0]);
            if (count == null) {
                continue;
            }
            int size = AccessBatchCodec.maxEncodedSize(count);
            if (!current.isEmpty() && currentBytes + size > maxBatchBytes) {
                batches.add(newBatch(current));
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(count);
            currentBytes += size;
        }
        batches.add(newBatch(current));
        return batches;
    }

    private AccessCount toCount(BucketKey bucketKey, long count) {
        try {
            return new AccessCount(bucketKey.bucketStartMs, KeyCodec.toBytes(bucketKey.key), count);
        } catch (SchemaException e) {
            counters.refused.addAndGet(count);
            refusedSinceLastBatch += count;
            log.warnRateLimited(
                    "refused-key",
                    "not tracking the key {}: {}",
                    KeyDisplay.show(bucketKey.key, 40),
                    e.getMessage());
            return null;
        }
    }

    private AccessBatch newBatch(List<AccessCount> counts) {
        long droppedNow = recorder.droppedAccesses();
        long dropped = droppedNow - droppedReported + refusedSinceLastBatch;
        droppedReported = droppedNow;
        refusedSinceLastBatch = 0;
        long bucketMs = settings.get(AgentSettings.BUCKET_MS);
        return new AccessBatch(app, instanceId, bucketMs, clock.millis(), dropped, counts);
    }

    private void send(AccessBatch batch) {
        Producer<byte[], byte[]> out = producer();
        long accesses = batch.totalAccesses();
        if (out == null) {
            failed(accesses, "Kafka producer could not be created");
            return;
        }
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(
                        topic,
                        instanceId.getBytes(StandardCharsets.UTF_8),
                        AccessBatchCodec.encode(batch));
        out.send(record, (RecordMetadata metadata, Exception e) -> onSent(accesses, e));
    }

    private void onSent(long accesses, Exception e) {
        if (e == null) {
            counters.sent.addAndGet(accesses);
            counters.batchesSent.incrementAndGet();
            return;
        }
        failed(accesses, e.toString());
    }

    private void failed(long accesses, String reason) {
        counters.unsent.addAndGet(accesses);
        counters.batchesFailed.incrementAndGet();
        log.warnRateLimited(
                "send-failed",
                "could not ship access counts to Kafka at {} ({}); {} accesses counted as unsent."
                        + " Check that the brokers are up and that topic '{}' exists",
                settings.get(AgentSettings.KAFKA_BOOTSTRAP_SERVERS),
                reason,
                accesses,
                topic);
    }

    private Producer<byte[], byte[]> producer() {
        if (producer != null || System.currentTimeMillis() < nextProducerAttemptMs) {
            return producer;
        }
        try {
            producer = new KafkaProducer<>(producerProperties());
            log.info("shipping access counts to Kafka at {}, topic {}", bootstrap(), topic);
        } catch (RuntimeException e) {
            nextProducerAttemptMs = System.currentTimeMillis() + PRODUCER_RETRY_INTERVAL_MS;
            log.warnRateLimited(
                    "producer-create",
                    "cannot create the Kafka producer for {}: {}; retrying every {} ms",
                    bootstrap(),
                    rootMessage(e),
                    PRODUCER_RETRY_INTERVAL_MS);
        }
        return producer;
    }

    private Properties producerProperties() {
        long deliveryTimeoutMs = settings.get(AgentSettings.KAFKA_DELIVERY_TIMEOUT_MS);
        Properties props = KafkaClientProperties.producer(settings, "hotkey-agent-" + instanceId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(1 << 20));
        props.put(
                ProducerConfig.BUFFER_MEMORY_CONFIG,
                settings.get(AgentSettings.KAFKA_BUFFER_BYTES).toString());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(deliveryTimeoutMs));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(deliveryTimeoutMs / 2));
        return props;
    }

    private String bootstrap() {
        return settings.get(AgentSettings.KAFKA_BOOTSTRAP_SERVERS);
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                log.warnRateLimited(
                        "producer-close", "Kafka producer did not close cleanly: {}", e.toString());
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** A bucket and a key, for folding counts of several stripes. */
    private record BucketKey(long bucketStartMs, String key) {
        BucketKey {
            Objects.requireNonNull(key);
        }
    }
}
