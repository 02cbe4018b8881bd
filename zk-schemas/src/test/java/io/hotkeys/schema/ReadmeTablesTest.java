package io.hotkeys.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's ZooKeeper layout table is made from the catalog; this keeps the two equal. */
class ReadmeTablesTest {
    @Test
    void readme_holdsTheZooKeeperLayoutTable_asTheCatalogMakesIt() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(readme)
                .as("README.md must contain this table, made by ZkNode.markdownTable()")
                .contains(ZkNode.markdownTable());
    }
}
