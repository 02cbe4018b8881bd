package io.hotkeys.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class LocalKafkaIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SERVER_THREAD =
            Pattern.compile("(?i).*(kafka|broker|controller|raft|quorum).*");

    @Test
    void createTopic_threePartitions_hundredRecordsComeBack() throws Exception {
        try (LocalKafka kafka = LocalKafka.start()) {
            kafka.createTopic("accesses", 3);

            produce(kafka, "accesses", 100);

            List<String> values = consumeAll(kafka, "accesses", 100);
            assertThat(values)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, 100).mapToObj(i -> "value-" + i).toList());
            assertThat(partitionCount(kafka, "accesses")).isEqualTo(3);
        }
    }

    @Test
    void close_afterTraffic_leavesNoServerThreadsRunning() throws Exception {
        Set<Long> before = liveThreadIds();
        LocalKafka kafka = LocalKafka.start();
        kafka.createTopic("t", 1);
        produce(kafka, "t", 10);

        kafka.close();
        kafka.close();

        assertThat(kafka.isRunning()).isFalse();
        assertThat(leftoverServerThreads(before)).isEmpty();
    }

    @Test
    void start_twoInstances_runSideBySideOnDifferentPorts() throws Exception {
        try (LocalKafka first = LocalKafka.start();
                LocalKafka second = LocalKafka.start()) {
            first.createTopic("same-name", 1);
            second.createTopic("same-name", 2);

            produce(first, "same-name", 5);
            produce(second, "same-name", 7);

            assertThat(first.brokerPort()).isNotEqualTo(second.brokerPort());
            assertThat(consumeAll(first, "same-name", 5)).hasSize(5);
            assertThat(consumeAll(second, "same-name", 7)).hasSize(7);
        }
    }

    @Test
    void start_brokerPortTaken_failsNamingTheAddressAndLeavesNoThreads() throws IOException {
        Set<Long> before = liveThreadIds();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> LocalKafka.builder().brokerPort(port).start())
                    .isInstanceOf(LocalServerException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasRootCauseInstanceOf(BindException.class);
        }
        assertThat(leftoverServerThreads(before)).isEmpty();
    }

    @Test
    void createTopic_afterStop_isRejected() {
        LocalKafka kafka = LocalKafka.start();

        kafka.stop();

        assertThatThrownBy(() -> kafka.createTopic("late", 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(kafka.bootstrapServers());
        kafka.close();
    }

    private static void produce(LocalKafka kafka, String topic, int count) throws Exception {
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i))
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Reads through a consumer group, so the group coordinator and offsets topic are used. */
    private static List<String> consumeAll(LocalKafka kafka, String topic, int expected) {
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (KafkaConsumer<String, String> consumer = newConsumer(kafka)) {
            consumer.subscribe(List.of(topic));
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static KafkaConsumer<String, String> newConsumer(LocalKafka kafka) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "local-kafka-it",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static int partitionCount(LocalKafka kafka, String topic) throws Exception {
        Map<String, Object> config =
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
        }
    }

    private static Set<Long> liveThreadIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getId)
                .collect(Collectors.toSet());
    }

    /**
     * Threads started since {@code before} that are still alive and either are not daemons (they
     * would keep a JVM from exiting) or carry a Kafka server name.
     */
    private static List<String> leftoverServerThreads(Set<Long> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t.getId()))
                .filter(t -> !t.isDaemon() || SERVER_THREAD.matcher(t.getName()).matches())
                .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
                .toList();
    }
}
