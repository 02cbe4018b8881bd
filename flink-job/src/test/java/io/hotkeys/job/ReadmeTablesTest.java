package io.hotkeys.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotkeys.schema.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's job settings table is made from JobSettings; this keeps the two equal. */
class ReadmeTablesTest {
    @Test
    void readme_holdsTheJobSettingsTable_asTheDeclarationsMakeIt() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(readme)
                .as("README.md must contain this table, made from JobSettings.ALL")
                .contains(Settings.markdownTable(JobSettings.ALL));
    }
}
