package io.hotkeys.agent;

import io.hotkeys.schema.config.Settings;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What every Kafka client of the agent is configured with: the brokers, an id that names the
 * instance in the brokers' logs, raw bytes both ways (the formats are zk-schemas' own), and a
 * reconnect backoff that keeps a dead broker from costing the service more than a connection
 * attempt every few seconds. Each client adds what is particular to it.
 */
final class KafkaClientProperties {
    static final long RECONNECT_BACKOFF_MAX_MS = 5_000;

    private KafkaClientProperties() {}

    /** A producer that sends at once and never blocks longer than {@code kafka.max.block.ms}. */
    static Properties producer(Settings settings, String clientId) {
        Properties props = common(settings, clientId);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                settings.get(AgentSettings.KAFKA_MAX_BLOCK_MS).toString());
        return props;
    }

    /** A consumer of raw bytes. */
    static Properties consumer(Settings settings, String clientId) {
        Properties props = common(settings, clientId);
        props.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        return props;
    }

    /** An admin client whose calls give up after a few seconds. */
    static Properties admin(Settings settings, String clientId) {
        Properties props = common(settings, clientId);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return props;
    }

    private static Properties common(Settings settings, String clientId) {
        Properties props = new Properties();
        props.put(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                settings.get(AgentSettings.KAFKA_BOOTSTRAP_SERVERS));
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        props.put(
                CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG,
                Long.toString(RECONNECT_BACKOFF_MAX_MS));
        return props;
    }
}
