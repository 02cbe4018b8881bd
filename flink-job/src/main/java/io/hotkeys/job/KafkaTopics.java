package io.hotkeys.job;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the access topic when it does not exist, so a first run needs no manual step. */
final class KafkaTopics {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);
    private static final long TIMEOUT_SECONDS = 30;

    private KafkaTopics() {}

    static void ensureExists(String bootstrap, String topic, int partitions) {
        Map<String, Object> config =
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        30_000);
        try (Admin admin = Admin.create(config)) {
            if (admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(topic)) {
                return;
            }
            NewTopic newTopic = new NewTopic(topic, partitions, (short) 1);
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.info("created Kafka topic {} with {} partitions", topic, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create Kafka topic "
                                + topic
                                + " at "
                                + bootstrap
                                + ": "
                                + e.getCause(),
                        e);
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot reach Kafka at " + bootstrap + " to check topic " + topic + ": " + e,
                    e);
        }
    }
}
