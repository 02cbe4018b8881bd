package io.hotkeys.schema.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static final Setting<Long> INTERVAL =
            Setting.longValue("report.interval.ms", 100, 10, 60_000, "How often to report.");
    private static final Setting<String> APP = Setting.requiredText("app.name", "The app.");
    private static final List<Setting<?>> ALL = List.of(INTERVAL, APP);

    @Test
    void defaultsApply_andGivenValuesAreParsed() {
        Settings settings = Settings.parse(ALL, Map.of("app.name", " shop "));

        assertThat(settings.get(INTERVAL)).isEqualTo(100L);
        assertThat(settings.get(APP)).isEqualTo("shop");
    }

    @Test
    void badValue_namesSettingValueAndRule() {
        assertThatThrownBy(
                        () ->
                                Settings.parse(
                                        ALL, Map.of("app.name", "a", "report.interval.ms", "5")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "setting 'report.interval.ms' has the value '5'; it must be a whole"
                                + " number from 10 to 60000");
        assertThatThrownBy(
                        () ->
                                Settings.parse(
                                        ALL, Map.of("app.name", "a", "report.interval.ms", "x")))
                .hasMessageContaining("'x'");
    }

    @Test
    void missingRequired_andUnknown_areRefused() {
        assertThatThrownBy(() -> Settings.parse(ALL, Map.of()))
                .hasMessageContaining("'app.name' is required");
        assertThatThrownBy(
                        () ->
                                Settings.parse(
                                        ALL, Map.of("app.name", "a", "report.intervall.ms", "1")))
                .hasMessageContaining("unknown setting(s) [report.intervall.ms]");
    }

    @Test
    void markdownTable_listsEverySetting() {
        assertThat(Settings.markdownTable(ALL))
                .contains("| `report.interval.ms` | `100` | a whole number from 10 to 60000 |")
                .contains("| `app.name` | `(required)` |");
    }
}
