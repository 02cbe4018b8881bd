package io.hotkeys.tools.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedTracesTest {

    @Test
    void dataDir_fromModuleDirectory_isSharedDataBesideTheRepository(@TempDir Path root)
            throws IOException {
        Path data = Files.createDirectories(root.resolve("shared/data"));
        Path module = Files.createDirectories(root.resolve("main/hotkey-tools"));

        assertThat(SharedTraces.dataDir(null, module)).isEqualTo(data);
    }

    @Test
    void dataDir_withProperty_usesItInsteadOfSearching(@TempDir Path dir) {
        assertThat(SharedTraces.dataDir(dir.toString(), Path.of("/nonexistent"))).isEqualTo(dir);
    }

    @Test
    void dataDir_withPropertyNotAFolder_namesTheProperty(@TempDir Path dir) {
        String missing = dir.resolve("missing").toString();

        assertThatThrownBy(() -> SharedTraces.dataDir(missing, dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(SharedTraces.DATA_DIR_PROPERTY)
                .hasMessageContaining(missing);
    }

    @Test
    void dataDir_nowhereToBeFound_saysWhereItLookedAndHowToFixIt(@TempDir Path dir) {
        assertThatThrownBy(() -> SharedTraces.dataDir(null, dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("-D" + SharedTraces.DATA_DIR_PROPERTY);
    }

    @Test
    void file_inTheRealDataDir_existsForEveryNamedTrace() {
        assertThat(SharedTraces.file(SharedTraces.NASA_KSC)).isRegularFile();
        assertThat(SharedTraces.file(SharedTraces.META_KVCACHE)).isRegularFile();
        assertThat(SharedTraces.file(SharedTraces.META_TECTONIC)).isRegularFile();
        assertThat(SharedTraces.file(SharedTraces.TWITTER)).isRegularFile();
    }
}
