package io.hotkeys.job;

/**
 * One count from an access batch, as it flows through the job: a Flink POJO (public fields, no-arg
 * constructor) so Flink serializes it without Kryo. A count of zero marks a tick: it carries only
 * the agent's clock, so event time moves on while an agent has nothing to report.
 */
public class AccessEvent {
    public String app;
    public byte[] key;
    public long timestampMs;
    public long count;

    public AccessEvent() {}

    public AccessEvent(String app, byte[] key, long timestampMs, long count) {
        this.app = app;
        this.key = key;
        this.timestampMs = timestampMs;
        this.count = count;
    }

    static AccessEvent tick(String app, long timestampMs) {
        return new AccessEvent(app, new byte[0], timestampMs, 0);
    }

    boolean isTick() {
        return count == 0;
    }
}
