package io.hotkeys.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ZkLayoutTest {
    private final ZkLayout layout = ZkLayout.defaultLayout();

    @Test
    void paths_followTheCatalogTemplates() {
        assertThat(layout.hotKeysPath("shop")).isEqualTo("/hotkeys/apps/shop/hot");
        assertThat(layout.hotKeyPath("shop", KeyCodec.toBytes("a/b")))
                .isEqualTo("/hotkeys/apps/shop/hot/=a%2Fb");
        assertThat(layout.agentPath("shop", "h:1")).isEqualTo("/hotkeys/apps/shop/agents/h:1");
        assertThat(layout.rulesPath("shop")).isEqualTo("/hotkeys/rules/shop");
        for (ZkNode node : ZkNode.values()) {
            assertThat(node.template()).startsWith("/");
        }
    }

    @Test
    void appNamesThatCouldEscape_areRefused() {
        for (String bad : new String[] {"", ".", "..", "a/b", "-x", "x".repeat(65), "a b"}) {
            assertThatThrownBy(() -> layout.hotKeysPath(bad))
                    .as(bad)
                    .isInstanceOf(SchemaException.class)
                    .hasMessageContaining("app name");
        }
    }

    @Test
    void badRoot_isRefused() {
        assertThatThrownBy(() -> new ZkLayout("hotkeys")).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> new ZkLayout("/a//b")).hasMessageContaining("absolute path");
    }
}
