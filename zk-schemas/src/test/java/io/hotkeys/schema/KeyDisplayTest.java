package io.hotkeys.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotkeys.schema.testing.HostileKeys;
import org.junit.jupiter.api.Test;

class KeyDisplayTest {

    @Test
    void noHostileKey_printsAControlCharacterOrALineBreak() {
        for (String key : HostileKeys.all()) {
            String shown = KeyDisplay.show(key);
            assertThat(shown.chars()).noneMatch(Character::isISOControl);
            assertThat(shown.length()).isLessThanOrEqualTo(6 * KeyDisplay.MAX_SHOWN_CHARS + 40);
        }
    }

    @Test
    void escapes_areReversibleByEye_andLongKeysSayTheirLength() {
        assertThat(KeyDisplay.show("a\nb\\c\u202e")).isEqualTo("a\\u000ab\\\\c\\u202e");
        assertThat(KeyDisplay.show("")).isEqualTo("(empty key)");
        assertThat(KeyDisplay.show("x".repeat(50), 10)).isEqualTo("xxxxxxxxxx... (50 chars)");
    }
}
