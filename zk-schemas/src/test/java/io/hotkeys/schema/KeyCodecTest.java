package io.hotkeys.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotkeys.schema.testing.HostileKeys;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyCodecTest {

    @Test
    void hostileKeys_roundTripThroughNodeNames_byteForByte() {
        for (Map.Entry<String, String> entry : HostileKeys.byName().entrySet()) {
            byte[] bytes = KeyCodec.toBytes(entry.getValue());
            String name = KeyCodec.nodeName(bytes);

            assertThat(isValidZnodeName(name)).as(entry.getKey() + " -> " + name).isTrue();
            assertThat(KeyCodec.fromBytes(bytes)).isEqualTo(entry.getValue());
            KeyCodec.keyFromNodeName(name).ifPresent(b -> assertThat(b).isEqualTo(bytes));
            assertThat(KeyCodec.nameMatches(name, bytes)).isTrue();
        }
    }

    @Test
    void distinctKeys_getDistinctNames_evenWhenTheyDifferOnlyInCase() {
        Set<String> names = new HashSet<>();
        for (String key : HostileKeys.all()) {
            names.add(KeyCodec.nodeName(KeyCodec.toBytes(key)));
        }

        assertThat(names).hasSize(HostileKeys.all().size());
    }

    @Test
    void shortKey_getsReadableName() {
        assertThat(KeyCodec.nodeName(utf8("/images/NASA-logosmall.gif")))
                .isEqualTo("=%2Fimages%2FNASA-logosmall.gif");
        assertThat(KeyCodec.nodeName(utf8(""))).isEqualTo("=");
        assertThat(KeyCodec.nodeName(utf8(".."))).isEqualTo("=..");
    }

    @Test
    void longKey_getsDigestName_andNeedsTheNodeData() {
        byte[] bytes = utf8("k".repeat(1000));

        String name = KeyCodec.nodeName(bytes);

        assertThat(name).startsWith("#").hasSize(65);
        assertThat(KeyCodec.keyFromNodeName(name)).isEmpty();
    }

    @Test
    void oneMebibyteKey_isRefused_withTheLimitInTheReason() {
        String huge = "k".repeat(1024 * 1024);

        assertThatThrownBy(() -> KeyCodec.toBytes(huge))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("65536 bytes")
                .hasMessageContaining("not tracked");
    }

    @Test
    void keyJustUnderTheLimitInBytesButOverInUtf8_isRefused() {
        String threeByteChars = "\u20AC".repeat(KeyCodec.MAX_KEY_BYTES / 2);

        assertThatThrownBy(() -> KeyCodec.toBytes(threeByteChars))
                .hasMessageContaining(Integer.toString(3 * KeyCodec.MAX_KEY_BYTES / 2));
    }

    @Test
    void loneSurrogate_isRefused_notAltered() {
        assertThatThrownBy(() -> KeyCodec.toBytes("a\uD800b"))
                .isInstanceOf(SchemaException.class)
                .hasMessageContaining("lone surrogate");
    }

    @Test
    void invalidUtf8_isRefused() {
        assertThatThrownBy(() -> KeyCodec.fromBytes(new byte[] {(byte) 0xC3}))
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void foreignNodeNames_areRefusedWithReason() {
        assertThatThrownBy(() -> KeyCodec.keyFromNodeName("plain"))
                .hasMessageContaining("must start with '=' or '#'");
        assertThatThrownBy(() -> KeyCodec.keyFromNodeName("=a%2")).hasMessageContaining("escape");
        assertThatThrownBy(() -> KeyCodec.keyFromNodeName("=a%zz")).hasMessageContaining("escape");
        assertThatThrownBy(() -> KeyCodec.keyFromNodeName("=a/b")).hasMessageContaining("escaped");
        assertThatThrownBy(() -> KeyCodec.keyFromNodeName("=%2f"))
                .hasMessageContaining("canonical");
        assertThatThrownBy(() -> KeyCodec.keyFromNodeName("#abc")).hasMessageContaining("64 hex");
    }

    /** The rules of ZooKeeper's own path validation, restated for one path element. */
    private static boolean isValidZnodeName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        return name.chars().allMatch(c -> c > 0x1f && c < 0x7f && c != '/');
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
