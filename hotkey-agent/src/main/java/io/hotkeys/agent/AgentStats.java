package io.hotkeys.agent;

/**
 * A snapshot of what an agent has done since it started. Every access the service recorded ends up
 * in exactly one of: sent, unsent, dropped, refused, or still pending in the agent.
 *
 * @param accessesCounted accesses taken out of the recorder by the reporter
 * @param accessesSent accesses in batches that Kafka acknowledged
 * @param accessesUnsent accesses in batches that could not be sent (Kafka unreachable, buffer full)
 * @param accessesDropped accesses the recorder could not hold (too many distinct keys at once)
 * @param accessesRefused accesses to keys the contract refuses (too long, not well-formed)
 * @param batchesSent batches Kafka acknowledged
 * @param batchesFailed batches given up
 * @param hotKeys keys hot now for this app
 * @param readsServedLocally reads of a hot key answered from the local pin
 * @param readsLoadedIntoPin reads of a hot key that had to load the value into the pin
 * @param readsRemote reads of keys that are not hot, passed to the loader
 * @param readsOfReplicas reads of hot keys sent to one of their replica keys
 * @param invalidations writes to hot keys seen here or announced by other agents
 * @param invalidationsDropped invalidations that could not be sent to the other agents
 */
public record AgentStats(
        long accessesCounted,
        long accessesSent,
        long accessesUnsent,
        long accessesDropped,
        long accessesRefused,
        long batchesSent,
        long batchesFailed,
        int hotKeys,
        long readsServedLocally,
        long readsLoadedIntoPin,
        long readsRemote,
        long readsOfReplicas,
        long invalidations,
        long invalidationsDropped) {

    /** Accesses counted but not yet acknowledged or given up. */
    public long accessesPending() {
        return accessesCounted - accessesSent - accessesUnsent - accessesRefused;
    }
}
