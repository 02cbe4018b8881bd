package io.hotkeys.job;

import io.hotkeys.schema.AccessBatch;
import io.hotkeys.schema.AccessBatchCodec;
import io.hotkeys.schema.AccessCount;
import io.hotkeys.schema.SchemaException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one Kafka record (an agent's {@link AccessBatch}) into one {@link AccessEvent} per count,
 * plus a tick with the agent's clock. A record that does not decode is skipped, counted in the
 * {@code malformedBatches} metric and logged with its topic, partition and offset; the job keeps
 * running.
 */
final class AccessBatchDeserializer implements KafkaRecordDeserializationSchema<AccessEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AccessBatchDeserializer.class);
    private static final int LOGGED_PROBLEMS_LIMIT = 100;

    private final long maxClockSkewMs;
    private transient Counter malformedBatches;
    private transient Counter agentDroppedAccesses;
    private transient Counter futureCounts;
    private transient int loggedProblems;
    private transient long lastFutureLogMs;

    /**
     * @param maxClockSkewMs counts stamped further than this ahead of this machine's clock are
     *     dropped and counted, so one agent with a wrong clock cannot move event time ahead for all
     */
    AccessBatchDeserializer(long maxClockSkewMs) {
        this.maxClockSkewMs = maxClockSkewMs;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        malformedBatches = context.getMetricGroup().counter("malformedBatches");
        agentDroppedAccesses = context.getMetricGroup().counter("agentDroppedAccesses");
        futureCounts = context.getMetricGroup().counter("futureCounts");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<AccessEvent> out) {
        AccessBatch batch;
        try {
            batch = AccessBatchCodec.decode(record.value() == null ? new byte[0] : record.value());
        } catch (SchemaException e) {
            skip(record, e);
            return;
        }
        agentDroppedAccesses.inc(batch.droppedAccesses());
        long latestAllowedMs = System.currentTimeMillis() + maxClockSkewMs;
        for (AccessCount count : batch.counts()) {
            if (count.bucketStartMs() > latestAllowedMs) {
                future(batch, count.bucketStartMs(), count.count());
                continue;
            }
            out.collect(
                    new AccessEvent(
                            batch.app(), count.key(), count.bucketStartMs(), count.count()));
        }
        long tickMs = batch.sentAtMs() - batch.bucketMs();
        if (tickMs <= latestAllowedMs) {
            out.collect(AccessEvent.tick(batch.app(), tickMs));
        }
    }

    private void future(AccessBatch batch, long timestampMs, long count) {
        futureCounts.inc(count);
        long now = System.currentTimeMillis();
        if (now - lastFutureLogMs >= 60_000) {
            lastFutureLogMs = now;
            LOG.warn(
                    "dropping counts stamped {} ms in the future from agent {} of app {}: its clock"
                            + " is ahead of this machine's by more than max.clock.skew.ms ({}). Fix"
                            + " the clock of that host; until then its counts are dropped and"
                            + " counted in the futureCounts metric",
                    timestampMs - now,
                    batch.instanceId(),
                    batch.app(),
                    maxClockSkewMs);
        }
    }

    @Override
    public TypeInformation<AccessEvent> getProducedType() {
        return TypeInformation.of(AccessEvent.class);
    }

    private void skip(ConsumerRecord<byte[], byte[]> record, SchemaException e) {
        malformedBatches.inc();
        if (loggedProblems < LOGGED_PROBLEMS_LIMIT) {
            loggedProblems++;
            LOG.warn(
                    "skipping malformed record at {}-{} offset {}: {}. It was not written by a"
                            + " hotkey agent of a compatible version; the rest of the topic is"
                            + " read as usual{}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage(),
                    loggedProblems == LOGGED_PROBLEMS_LIMIT
                            ? " (further malformed records are only counted in the"
                                    + " malformedBatches metric)"
                            : "");
        }
    }
}
