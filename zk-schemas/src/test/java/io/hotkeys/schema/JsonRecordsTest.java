package io.hotkeys.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotkeys.schema.testing.HostileKeys;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonRecordsTest {

    @Test
    void hotKeyRecord_roundTrips_withHostileKeys() {
        for (String key : HostileKeys.all()) {
            HotKeyRecord record =
                    new HotKeyRecord(
                            1,
                            "shop",
                            KeyCodec.toBytes(key),
                            10,
                            2000,
                            1000,
                            50,
                            51,
                            60,
                            "r",
                            5000,
                            3);

            HotKeyRecord decoded =
                    HotKeyRecord.CODEC.decode(HotKeyRecord.CODEC.encode(record), "/x");

            assertThat(decoded).isEqualTo(record);
        }
    }

    @Test
    void newerRecordVersion_isRefused() {
        byte[] json =
                json(
                        "{\"version\":2,\"app\":\"a\",\"key\":\"\",\"detectedAtMs\":1,"
                            + "\"windowEndMs\":1,\"windowMs\":1,\"threshold\":1,\"count\":1,\"peakCount\":1,"
                            + "\"rule\":\"r\",\"pinTtlMs\":1,\"replicas\":0}");

        assertThatThrownBy(() -> HotKeyRecord.CODEC.decode(json, "/hotkeys/apps/a/hot/="))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("/hotkeys/apps/a/hot/=")
                .hasMessageContaining("version 2");
    }

    @Test
    void missingField_isNamed() {
        byte[] json = json("{\"version\":1,\"app\":\"a\",\"key\":\"\"}");

        assertThatThrownBy(() -> HotKeyRecord.CODEC.decode(json, "/p"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("detectedAtMs");
    }

    @Test
    void badApp_isRefusedWithTheRule() {
        byte[] json =
                json(
                        "{\"version\":1,\"app\":\"../x\",\"instanceId\":\"i\",\"host\":\"h\","
                                + "\"pid\":1,\"startedAtMs\":1}");

        assertThatThrownBy(() -> AgentInfo.CODEC.decode(json, "/p"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("app name '../x' is invalid");
    }

    @Test
    void notJson_isRefused() {
        assertThatThrownBy(() -> AgentInfo.CODEC.decode(json("{oops"), "/p"))
                .hasMessageContaining("/p");
        assertThatThrownBy(() -> AgentInfo.CODEC.decode(new byte[0], "/p"))
                .hasMessageContaining("empty");
    }

    @Test
    void unknownFields_areIgnoredForForwardCompatibility() {
        byte[] json =
                json(
                        "{\"version\":1,\"app\":\"a\",\"instanceId\":\"i\",\"host\":\"h\","
                                + "\"pid\":1,\"startedAtMs\":1,\"addedLater\":true}");

        assertThat(AgentInfo.CODEC.decode(json, "/p").host()).isEqualTo("h");
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
