package io.hotkeys.schema;

import io.hotkeys.schema.config.Setting;
import java.util.regex.Pattern;

/**
 * Builds the paths of the {@link ZkNode} catalog under one root (by default {@value
 * #DEFAULT_ROOT}). App names and instance ids are checked here so that no caller can build a path
 * that escapes its parent.
 */
public final class ZkLayout {
    public static final String DEFAULT_ROOT = "/hotkeys";

    /** The setting that moves the whole layout, shared by the job, the agents and the console. */
    public static final Setting<String> ROOT_SETTING =
            Setting.checkedText(
                    "zookeeper.root",
                    DEFAULT_ROOT,
                    root -> new ZkLayout(root).root(),
                    "an absolute path of plain names",
                    "ZooKeeper node under which this system keeps its data.");

    private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern INSTANCE_ID =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final Pattern ROOT = Pattern.compile("(/[A-Za-z0-9][A-Za-z0-9._-]*)+");

    private final String root;

    public ZkLayout(String root) {
        if (!ROOT.matcher(root).matches()) {
            throw new SchemaException(
                    "ZooKeeper root '"
                            + root
                            + "' is invalid: use an absolute path of plain names, like /hotkeys");
        }
        this.root = root;
    }

    public static ZkLayout defaultLayout() {
        return new ZkLayout(DEFAULT_ROOT);
    }

    public String root() {
        return root;
    }

    public String appsPath() {
        return root + ZkNode.APPS.template();
    }

    public String appPath(String app) {
        return appsPath() + "/" + checkApp(app);
    }

    public String hotKeysPath(String app) {
        return appPath(app) + "/hot";
    }

    public String hotKeyPath(String app, byte[] keyBytes) {
        return hotKeysPath(app) + "/" + KeyCodec.nodeName(keyBytes);
    }

    /** Parent of every app's rule set; the job watches this subtree only. */
    public String allRulesPath() {
        return root + "/rules";
    }

    public String rulesPath(String app) {
        return allRulesPath() + "/" + checkApp(app);
    }

    public String agentsPath(String app) {
        return appPath(app) + "/agents";
    }

    public String agentPath(String app, String instanceId) {
        return agentsPath(app) + "/" + checkInstanceId(instanceId);
    }

    /**
     * Returns the app name if it is valid.
     *
     * @throws SchemaException naming the rule the name breaks
     */
    public static String checkApp(String app) {
        if (app == null || !APP_NAME.matcher(app).matches()) {
            throw new SchemaException(
                    "app name '"
                            + app
                            + "' is invalid: use 1 to 64 letters, digits, '.', '_' or '-',"
                            + " starting with a letter or digit");
        }
        return app;
    }

    /**
     * Returns the instance id if it is valid.
     *
     * @throws SchemaException naming the rule the id breaks
     */
    public static String checkInstanceId(String instanceId) {
        if (instanceId == null || !INSTANCE_ID.matcher(instanceId).matches()) {
            throw new SchemaException(
                    "instance id '"
                            + instanceId
                            + "' is invalid: use 1 to 128 letters, digits, '.', '_', ':', '@' or"
                            + " '-', starting with a letter or digit");
        }
        return instanceId;
    }
}
