package io.hotkeys.job;

import io.hotkeys.schema.KeyDisplay;
import io.hotkeys.schema.Rule;
import io.hotkeys.schema.RuleMatcher;
import io.hotkeys.schema.RuleSet;
import io.hotkeys.schema.SchemaException;
import io.hotkeys.schema.ZkLayout;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.utils.ZKPaths;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of every app, read from ZooKeeper ({@link io.hotkeys.schema.ZkNode#RULES}) and kept
 * current with Curator's {@code CuratorCache}: a change applies without a restart. A rule set that
 * does not read or validate is refused with an error naming each broken field, counted in the
 * {@code rulesRefused} metric, and the app's last good rules stay in force. Deleting an app's rule
 * node returns the app to the default rule.
 *
 * <p>ZooKeeper can merge changes made while this client is disconnected; the cache re-reads the
 * rules after reconnecting, so the rule book converges on what the server holds.
 */
final class ZooKeeperRuleBook implements RuleBook {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperRuleBook.class);
    private static final long INITIAL_LOAD_TIMEOUT_SECONDS = 10;

    private final DetectionConfig config;
    private final CuratorFramework client;
    private final CuratorCache cache;
    private final String rulesPath;
    private final Map<String, AppRules> apps = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final AppliedRule defaultRule;
    private final Counter applied;
    private final Counter refused;
    private final Counter regexAbandoned;
    private final Set<String> regexesReported = ConcurrentHashMap.newKeySet();

    /** The compiled rules of one app. */
    private record AppRules(RuleMatcher<AppliedRule> matcher, int maxHotKeys) {}

    private ZooKeeperRuleBook(
            String connect, String root, DetectionConfig config, MetricGroup metrics) {
        this.config = config;
        this.defaultRule = config.appliedDefault();
        this.rulesPath = new ZkLayout(root).allRulesPath();
        this.client =
                CuratorFrameworkFactory.newClient(
                        connect, new ExponentialBackoffRetry(100, 10, 5_000));
        this.cache = CuratorCache.build(client, rulesPath);
        this.applied = metrics.counter("rulesApplied");
        this.refused = metrics.counter("rulesRefused");
        this.regexAbandoned = metrics.counter("regexMatchesAbandoned");
    }

    static Factory factory(String connect, String root, DetectionConfig config) {
        return metrics -> {
            ZooKeeperRuleBook book = new ZooKeeperRuleBook(connect, root, config, metrics);
            book.start();
            return book;
        };
    }

    private void start() {
        CountDownLatch loaded = new CountDownLatch(1);
        cache.listenable()
                .addListener(
                        CuratorCacheListener.builder()
                                .forCreates(this::load)
                                .forChanges((before, after) -> load(after))
                                .forDeletes(this::remove)
                                .forInitialized(loaded::countDown)
                                .build());
        client.start();
        cache.start();
        awaitInitialLoad(loaded);
    }

    private void awaitInitialLoad(CountDownLatch loaded) {
        try {
            if (!loaded.await(INITIAL_LOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn(
                        "rules under {} not read within {} s; using the default rule until"
                                + " ZooKeeper answers",
                        rulesPath,
                        INITIAL_LOAD_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long generation() {
        return generation.get();
    }

    @Override
    public AppliedRule ruleFor(String app, String key) {
        AppRules rules = apps.get(app);
        if (rules == null) {
            return defaultRule;
        }
        AppliedRule rule = rules.matcher().match(key);
        return rule != null ? rule : defaultRule;
    }

    @Override
    public int maxHotKeys(String app) {
        AppRules rules = apps.get(app);
        return rules != null ? rules.maxHotKeys() : config.maxHotKeysPerApp();
    }

    @Override
    public void close() {
        cache.close();
        client.close();
    }

    private void load(ChildData node) {
        String app = appOf(node.getPath());
        if (app == null) {
            return;
        }
        try {
            RuleSet set = RuleSet.read(node.getData(), node.getPath(), config.bucketMs());
            apps.put(app, compile(set));
            generation.incrementAndGet();
            applied.inc();
            LOG.info(
                    "applying {} rules of app {} from {}", set.rules().size(), app, node.getPath());
        } catch (SchemaException e) {
            refused.inc();
            LOG.error(
                    "{}. The last good rules of app {} stay in force; fix the node and write it"
                            + " again",
                    e.getMessage(),
                    app);
        }
    }

    private AppRules compile(RuleSet set) {
        RuleMatcher<AppliedRule> matcher = new RuleMatcher<>(this::regexAbandoned);
        for (Rule rule : set.rules()) {
            matcher.add(
                    rule.match(),
                    AppliedRule.of(rule.resolve(config.defaults()), config.bucketMs()));
        }
        int maxHotKeys = set.maxHotKeys() != null ? set.maxHotKeys() : config.maxHotKeysPerApp();
        return new AppRules(matcher, maxHotKeys);
    }

    private void regexAbandoned(String regex, String key, boolean tooDeep) {
        regexAbandoned.inc();
        if (regexesReported.add(regex)) {
            LOG.warn(
                    "gave up matching regex rule '{}' against a key of {} characters starting"
                            + " '{}': {}, so the rule is skipped for such keys (metric"
                            + " regexMatchesAbandoned); said once per pattern",
                    regex,
                    key.length(),
                    KeyDisplay.show(key, 40),
                    tooDeep
                            ? "Java's regex engine recursed too deep; write repeated"
                                    + " alternatives like (?:a|b)+ as a character class like [ab]+"
                            : "the pattern backtracks too much; rewrite it without nested or"
                                    + " stacked repetition");
        }
    }

    private void remove(ChildData node) {
        String app = appOf(node.getPath());
        if (app != null && apps.remove(app) != null) {
            generation.incrementAndGet();
            LOG.info("rules of app {} removed; its keys take the default rule", app);
        }
    }

    private String appOf(String path) {
        if (!ZKPaths.getPathAndNode(path).getPath().equals(rulesPath)) {
            return null;
        }
        String app = ZKPaths.getNodeFromPath(path);
        try {
            return ZkLayout.checkApp(app);
        } catch (SchemaException e) {
            LOG.warn("ignoring {}: {}", path, e.getMessage());
            return null;
        }
    }
}
