package io.hotkeys.schema;

/**
 * The catalog of ZooKeeper nodes this system uses: one entry per node, with its path template
 * (relative to the root, see {@link ZkLayout}), who writes it, who watches it, its lifetime and the
 * format of its data. Every path in the code is built from here.
 *
 * <p>ZooKeeper watches are one-shot and a client that loses its connection can miss changes that
 * happen meanwhile; readers of these nodes use Curator's {@code CuratorCache}, which re-reads the
 * tree after reconnecting, so they converge on what the server holds rather than on a sequence of
 * events.
 */
public enum ZkNode {
    APPS(
            "/apps",
            "flink-job or hotkey-agent, with the first node below it",
            "console",
            Lifetime.PERSISTENT,
            "no data"),
    APP(
            "/apps/{app}",
            "flink-job or hotkey-agent, with the first node below it",
            "console",
            Lifetime.PERSISTENT,
            "no data"),
    HOT_KEYS(
            "/apps/{app}/hot",
            "flink-job",
            "hotkey-agent, console",
            Lifetime.PERSISTENT,
            "no data; one child per hot key"),
    HOT_KEY(
            "/apps/{app}/hot/{key}",
            "flink-job (created when a key turns hot, deleted when it turns cold)",
            "hotkey-agent, console",
            Lifetime.PERSISTENT,
            "HotKeyRecord JSON; the name is KeyCodec.nodeName(key)"),
    RULES(
            "/rules/{app}",
            "console, or an operator by hand",
            "flink-job",
            Lifetime.PERSISTENT,
            "RuleSet JSON; a broken rule set is refused and the last good one stays in force"),
    AGENTS(
            "/apps/{app}/agents",
            "hotkey-agent",
            "console",
            Lifetime.PERSISTENT,
            "no data; one child per connected agent"),
    AGENT(
            "/apps/{app}/agents/{instance}",
            "hotkey-agent (while its session lives)",
            "console",
            Lifetime.EPHEMERAL,
            "AgentInfo JSON");

    /** Whether a node outlives the session that created it. */
    public enum Lifetime {
        PERSISTENT,
        EPHEMERAL
    }

    private final String template;
    private final String writer;
    private final String watchers;
    private final Lifetime lifetime;
    private final String format;

    ZkNode(String template, String writer, String watchers, Lifetime lifetime, String format) {
        this.template = template;
        this.writer = writer;
        this.watchers = watchers;
        this.lifetime = lifetime;
        this.format = format;
    }

    public String template() {
        return template;
    }

    public String writer() {
        return writer;
    }

    public String watchers() {
        return watchers;
    }

    public Lifetime lifetime() {
        return lifetime;
    }

    public String format() {
        return format;
    }

    /** The catalog as a Markdown table, for the README. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder();
        table.append("| path (under the root) | written by | watched by | lifetime | data |\n");
        table.append("|---|---|---|---|---|\n");
        for (ZkNode node : values()) {
            table.append("| `")
                    .append(node.template)
                    .append("` | ")
                    .append(node.writer)
                    .append(" | ")
                    .append(node.watchers)
                    .append(" | ")
                    .append(node.lifetime.name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ")
                    .append(node.format)
                    .append(" |\n");
        }
        return table.toString();
    }
}
