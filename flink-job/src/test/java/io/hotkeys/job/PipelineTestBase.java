package io.hotkeys.job;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of the end-to-end tests: a Flink MiniCluster with two slots, and real ZooKeeper and Kafka
 * servers ({@link PipelineFixture}), shared by the tests of a class.
 */
abstract class PipelineTestBase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static PipelineFixture fixture;

    @BeforeAll
    static void startServers() {
        fixture = new PipelineFixture();
    }

    @AfterAll
    static void stopServers() {
        fixture.close();
    }
}
