package io.hotkeys.tools.replay;

import io.hotkeys.tools.exact.CountRule;
import io.hotkeys.tools.trace.TraceFormat;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What to replay and where to send it.
 *
 * @param trace the trace file
 * @param format its format, or null to detect it from the content
 * @param speed how many times faster than recorded
 * @param instances number of simulated service instances, each with its own agent
 * @param app the app name the agents use
 * @param rule the window and threshold the exact count applies (the job must use the same)
 * @param kafkaBootstrapServers where the agents ship counts
 * @param zookeeperConnect where the agents watch the hot-key set
 * @param agentSettings further agent settings by name (see AgentSettings), may be empty
 */
public record ReplayOptions(
        Path trace,
        TraceFormat format,
        double speed,
        int instances,
        String app,
        CountRule rule,
        String kafkaBootstrapServers,
        String zookeeperConnect,
        Map<String, String> agentSettings) {

    public ReplayOptions {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(rule, "rule");
        if (instances < 1) {
            throw new IllegalArgumentException("instances must be at least 1, was " + instances);
        }
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, was " + speed);
        }
        agentSettings = Map.copyOf(agentSettings);
    }
}
