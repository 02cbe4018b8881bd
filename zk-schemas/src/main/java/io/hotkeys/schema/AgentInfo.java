package io.hotkeys.schema;

/**
 * The data of an {@link ZkNode#AGENT} node: one connected agent.
 *
 * @param version format version, {@value #FORMAT_VERSION}
 * @param app the app the agent belongs to
 * @param instanceId the agent's id, unique within the app
 * @param host host name of the service
 * @param pid process id of the service
 * @param startedAtMs wall-clock time at which the agent started
 */
public record AgentInfo(
        int version, String app, String instanceId, String host, long pid, long startedAtMs)
        implements Versioned {

    public static final int FORMAT_VERSION = 1;

    public static final JsonCodec<AgentInfo> CODEC =
            JsonCodec.lenient(AgentInfo.class, "agent record", FORMAT_VERSION);

    public AgentInfo {
        ZkLayout.checkApp(app);
        ZkLayout.checkInstanceId(instanceId);
    }
}
