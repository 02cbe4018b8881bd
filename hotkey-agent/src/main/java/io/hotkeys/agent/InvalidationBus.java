package io.hotkeys.agent;

import io.hotkeys.schema.Invalidation;
import io.hotkeys.schema.KeyCodec;
import io.hotkeys.schema.SchemaException;
import io.hotkeys.schema.config.Settings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Carries invalidations between the agents of an app over a Kafka topic: when a write to a hot key
 * reaches the cache through one instance, every other instance drops its pinned copy.
 *
 * <p>Service threads only put the key in a bounded queue (never blocking; a full queue drops and
 * counts); a sender thread ships them, and a receiver thread reads every partition of the topic
 * from its end, with no consumer group, so every agent sees every invalidation. When Kafka is down
 * no invalidation arrives and pinned values live out their time to live, which is then the
 * staleness bound.
 */
final class InvalidationBus implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    private final Settings settings;
    private final String app;
    private final String instanceId;
    private final String topic;
    private final AgentLog log;
    private final Consumer<String> onInvalidation;
    private final BlockingQueue<String> outgoing;
    private final Thread sender;
    private final Thread receiver;
    private final long startedAtMs = System.currentTimeMillis();
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    final AtomicLong sent = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong received = new AtomicLong();

    InvalidationBus(
            Settings settings, String instanceId, AgentLog log, Consumer<String> onInvalidation) {
        this.settings = settings;
        this.app = settings.get(AgentSettings.APP_NAME);
        this.instanceId = instanceId;
        this.topic = settings.get(AgentSettings.KAFKA_INVALIDATION_TOPIC);
        this.log = log;
        this.onInvalidation = onInvalidation;
        this.outgoing =
                new ArrayBlockingQueue<>(settings.get(AgentSettings.INVALIDATION_QUEUE_SIZE));
        this.sender = daemon(this::sendLoop, "hotkey-agent-invalidation-sender[" + app + "]");
        this.receiver =
                daemon(this::receiveLoop, "hotkey-agent-invalidation-receiver[" + app + "]");
    }

    void start() {
        sender.start();
        receiver.start();
    }

    /** Tells the other agents that the key was written. Never blocks. */
    void publish(String key) {
        if (!outgoing.offer(key)) {
            dropped.incrementAndGet();
            log.warnRateLimited(
                    "invalidation-queue-full",
                    "invalidation queue is full ({} keys waiting): Kafka at {} is slow or down;"
                            + " other instances keep their pinned values until they expire",
                    outgoing.size(),
                    bootstrap());
        }
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        } else {
            receiver.interrupt();
        }
        join(sender);
        join(receiver);
    }

    private void sendLoop() {
        KafkaProducer<byte[], byte[]> producer = null;
        try {
            producer = new KafkaProducer<>(producerProperties());
            while (running) {
                String key = outgoing.poll(1, TimeUnit.SECONDS);
                if (key != null) {
                    send(producer, key);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warnRateLimited(
                    "invalidation-sender", "invalidation sender stopped: {}", e.toString());
        } finally {
            closeQuietly(producer);
        }
    }

    private void send(KafkaProducer<byte[], byte[]> producer, String key) {
        byte[] value;
        try {
            value = new Invalidation(app, instanceId, KeyCodec.toBytes(key)).encode();
        } catch (SchemaException e) {
            dropped.incrementAndGet();
            return;
        }
        producer.send(
                new ProducerRecord<>(topic, value),
                (metadata, e) -> {
                    if (e == null) {
                        sent.incrementAndGet();
                    } else {
                        dropped.incrementAndGet();
                        log.warnRateLimited(
                                "invalidation-send",
                                "could not send an invalidation to Kafka at {}: {}; other instances"
                                        + " keep their pinned values until they expire",
                                bootstrap(),
                                e.toString());
                    }
                });
    }

    private void receiveLoop() {
        try {
            ensureTopic();
            if (!running) {
                return;
            }
            KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties());
            consumer = kafka;
            try {
                assignAllFromEnd(kafka);
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : kafka.poll(POLL)) {
                        receive(record.value());
                    }
                }
            } finally {
                closeWithoutInterrupt(kafka);
            }
        } catch (WakeupException stopping) {
            // closing
        } catch (RuntimeException e) {
            log.warnRateLimited(
                    "invalidation-receiver",
                    "invalidation receiver stopped: {}; pinned values now live out their time to"
                            + " live after writes elsewhere",
                    e.toString());
        }
    }

    private void assignAllFromEnd(KafkaConsumer<byte[], byte[]> kafka) {
        List<TopicPartition> partitions = List.of();
        while (running && partitions.isEmpty()) {
            partitions =
                    kafka.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
        }
        kafka.assign(partitions);
        seekToStartOfThisAgent(kafka, partitions);
    }

    /**
     * Reads every invalidation written since this agent started, even those written before its
     * consumer was ready (the end of the topic at that moment would skip them).
     */
    private void seekToStartOfThisAgent(
            KafkaConsumer<byte[], byte[]> kafka, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> since = new HashMap<>();
        partitions.forEach(partition -> since.put(partition, startedAtMs));
        Map<TopicPartition, OffsetAndTimestamp> offsets =
                kafka.offsetsForTimes(since, Duration.ofSeconds(10));
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset != null) {
                kafka.seek(partition, offset.offset());
            } else {
                kafka.seekToEnd(List.of(partition));
            }
        }
    }

    private void receive(byte[] value) {
        try {
            Invalidation invalidation = Invalidation.decode(value);
            if (invalidation.app().equals(app) && !invalidation.origin().equals(instanceId)) {
                received.incrementAndGet();
                onInvalidation.accept(KeyCodec.fromBytes(invalidation.key()));
            }
        } catch (SchemaException e) {
            log.warnRateLimited(
                    "bad-invalidation", "ignoring a record on {}: {}", topic, e.getMessage());
        }
    }

    /** Creates the topic when it is missing, so agents need no set-up step. */
    private void ensureTopic() {
        Admin admin =
                Admin.create(
                        KafkaClientProperties.admin(
                                settings, "hotkey-agent-invalidations-admin-" + instanceId));
        try {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                    .all()
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                log.warnRateLimited(
                        "invalidation-topic",
                        "cannot create topic {}: {}",
                        topic,
                        e.getCause().toString());
            }
        } catch (TimeoutException | RuntimeException e) {
            log.warnRateLimited(
                    "invalidation-topic", "cannot create topic {}: {}", topic, e.toString());
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /** Closes the producer without waiting long, also on a thread that was interrupted. */
    private static void closeQuietly(KafkaProducer<byte[], byte[]> producer) {
        if (producer == null) {
            return;
        }
        Thread.interrupted();
        try {
            producer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException ignored) {
            // closing anyway
        }
    }

    private Properties producerProperties() {
        Properties props =
                KafkaClientProperties.producer(
                        settings, "hotkey-agent-invalidations-" + instanceId);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        return props;
    }

    private Properties consumerProperties() {
        Properties props =
                KafkaClientProperties.consumer(
                        settings, "hotkey-agent-invalidations-" + instanceId);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        return props;
    }

    private String bootstrap() {
        return settings.get(AgentSettings.KAFKA_BOOTSTRAP_SERVERS);
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Closes the consumer, which would log an error if it found this thread interrupted. */
    private static void closeWithoutInterrupt(KafkaConsumer<byte[], byte[]> kafka) {
        boolean interrupted = Thread.interrupted();
        try {
            kafka.close(CLOSE_TIMEOUT);
        } catch (RuntimeException ignored) {
            // stopping anyway
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
