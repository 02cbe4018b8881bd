package io.hotkeys.schema;

import java.util.List;

/**
 * What one agent ships in one Kafka record: pre-aggregated access counts per key and time bucket.
 * Binary form: {@link AccessBatchCodec}.
 *
 * @param app the app the agent belongs to
 * @param instanceId the agent's instance id, unique within the app
 * @param bucketMs width of the time buckets the counts fall in
 * @param sentAtMs the agent's clock when it built the batch (lets the job see time pass even when a
 *     batch holds no counts)
 * @param droppedAccesses accesses the agent recorded but could not count since its previous batch
 * @param counts the counts, in no particular order
 */
public record AccessBatch(
        String app,
        String instanceId,
        long bucketMs,
        long sentAtMs,
        long droppedAccesses,
        List<AccessCount> counts) {

    public AccessBatch {
        ZkLayout.checkApp(app);
        ZkLayout.checkInstanceId(instanceId);
        counts = List.copyOf(counts);
    }

    /** Sum of all counts in the batch. */
    public long totalAccesses() {
        long total = 0;
        for (AccessCount count : counts) {
            total += count.count();
        }
        return total;
    }
}
