package io.hotkeys.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotkeys.schema.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's agent settings table is made from AgentSettings; this keeps the two equal. */
class ReadmeTablesTest {
    @Test
    void readme_holdsTheAgentSettingsTable_asTheDeclarationsMakeIt() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(readme)
                .as("README.md must contain this table, made from AgentSettings.ALL")
                .contains(Settings.markdownTable(AgentSettings.ALL));
    }
}
