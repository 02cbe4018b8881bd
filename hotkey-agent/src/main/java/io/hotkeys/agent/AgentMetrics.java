package io.hotkeys.agent;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import java.util.function.ToDoubleFunction;

/**
 * The agent's Micrometer meters, all tagged with the app and the instance: {@code
 * hotkeys.agent.accesses} (by {@code outcome}: counted, sent, unsent, dropped, refused), {@code
 * hotkeys.agent.reads} (by {@code served}: local, loaded, remote, replica), {@code
 * hotkeys.agent.invalidations} and {@code hotkeys.agent.invalidations.dropped}, and the gauge
 * {@code hotkeys.agent.hot.keys}. They read the agent's own counters, so they cost nothing on the
 * service's threads.
 *
 * <p>Micrometer is optional: this class is loaded only when Micrometer is on the class path.
 */
public final class AgentMetrics {
    private AgentMetrics() {}

    /** Registers the agent's meters in a registry. */
    public static void bind(HotKeyAgent agent, MeterRegistry registry) {
        Tags tags = Tags.of("app", agent.app(), "instance", agent.instanceId());
        accesses(agent, registry, tags, "counted", AgentStats::accessesCounted);
        accesses(agent, registry, tags, "sent", AgentStats::accessesSent);
        accesses(agent, registry, tags, "unsent", AgentStats::accessesUnsent);
        accesses(agent, registry, tags, "dropped", AgentStats::accessesDropped);
        accesses(agent, registry, tags, "refused", AgentStats::accessesRefused);
        reads(agent, registry, tags, "local", AgentStats::readsServedLocally);
        reads(agent, registry, tags, "loaded", AgentStats::readsLoadedIntoPin);
        reads(agent, registry, tags, "remote", AgentStats::readsRemote);
        reads(agent, registry, tags, "replica", AgentStats::readsOfReplicas);
        counter(agent, registry, "hotkeys.agent.invalidations", tags, AgentStats::invalidations);
        counter(
                agent,
                registry,
                "hotkeys.agent.invalidations.dropped",
                tags,
                AgentStats::invalidationsDropped);
        Gauge.builder("hotkeys.agent.hot.keys", agent, a -> a.stats().hotKeys())
                .tags(tags)
                .description("Keys of the app hot now, as this agent knows")
                .register(registry);
    }

    /** Registers the meters in Micrometer's global registry, if Micrometer is on the class path. */
    static void bindToGlobalRegistryIfPresent(HotKeyAgent agent) {
        try {
            Class.forName(
                    "io.micrometer.core.instrument.Metrics",
                    false,
                    AgentMetrics.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            return;
        }
        bind(agent, Metrics.globalRegistry);
    }

    private static void accesses(
            HotKeyAgent agent,
            MeterRegistry registry,
            Tags tags,
            String outcome,
            ToDoubleFunction<AgentStats> value) {
        counter(agent, registry, "hotkeys.agent.accesses", tags.and("outcome", outcome), value);
    }

    private static void reads(
            HotKeyAgent agent,
            MeterRegistry registry,
            Tags tags,
            String served,
            ToDoubleFunction<AgentStats> value) {
        counter(agent, registry, "hotkeys.agent.reads", tags.and("served", served), value);
    }

    private static void counter(
            HotKeyAgent agent,
            MeterRegistry registry,
            String name,
            Tags tags,
            ToDoubleFunction<AgentStats> value) {
        FunctionCounter.builder(name, agent, a -> value.applyAsDouble(a.stats()))
                .tags(tags)
                .register(registry);
    }
}
