package io.hotkeys.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotkeys.schema.testing.HostileKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AccessBatchCodecTest {

    @Test
    void batch_roundTrips_withHostileKeysAndBucketsInAnyOrder() {
        List<AccessCount> counts = new ArrayList<>();
        long bucket = 1_700_000_000_000L;
        for (String key : HostileKeys.all()) {
            counts.add(new AccessCount(bucket, KeyCodec.toBytes(key), 3));
            bucket -= 200;
        }
        AccessBatch batch = new AccessBatch("shop", "host-1:42", 100, 123456789L, 7, counts);

        AccessBatch decoded = AccessBatchCodec.decode(AccessBatchCodec.encode(batch));

        assertThat(decoded).isEqualTo(batch);
        assertThat(decoded.totalAccesses()).isEqualTo(3L * counts.size());
    }

    @Test
    void emptyBatch_roundTrips() {
        AccessBatch batch = new AccessBatch("a", "i", 100, -5, 0, List.of());

        assertThat(AccessBatchCodec.decode(AccessBatchCodec.encode(batch))).isEqualTo(batch);
    }

    @Test
    void foreignBytes_areRefusedAsNotABatch() {
        assertThatThrownBy(
                        () ->
                                AccessBatchCodec.decode(
                                        "{\"json\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("not an access batch");
    }

    @Test
    void newerVersion_isRefusedWithAdvice() {
        byte[] bytes = AccessBatchCodec.encode(sample());
        bytes[2] = 9;

        assertThatThrownBy(() -> AccessBatchCodec.decode(bytes))
                .hasMessageContaining("version 9")
                .hasMessageContaining("upgrade the job");
    }

    @Test
    void everyTruncation_isRefusedWithoutAnyOtherException() {
        byte[] bytes = AccessBatchCodec.encode(sample());

        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> AccessBatchCodec.decode(cut))
                    .isInstanceOf(SchemaException.class);
        }
    }

    @Test
    void randomCorruption_neverThrowsAnythingButSchemaException() {
        byte[] bytes = AccessBatchCodec.encode(sample());
        Random random = new Random(42);

        for (int i = 0; i < 20_000; i++) {
            byte[] corrupt = bytes.clone();
            corrupt[3 + random.nextInt(corrupt.length - 3)] = (byte) random.nextInt();
            try {
                AccessBatchCodec.decode(corrupt);
            } catch (SchemaException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void trailingBytes_areRefused() {
        byte[] bytes = Arrays.copyOf(AccessBatchCodec.encode(sample()), 200);

        assertThatThrownBy(() -> AccessBatchCodec.decode(bytes)).hasMessageContaining("trailing");
    }

    private static AccessBatch sample() {
        List<AccessCount> counts =
                List.of(
                        new AccessCount(1000, KeyCodec.toBytes("a"), 1),
                        new AccessCount(1100, KeyCodec.toBytes("bb"), 250));
        return new AccessBatch("shop", "i-1", 100, 999, 0, counts);
    }
}
