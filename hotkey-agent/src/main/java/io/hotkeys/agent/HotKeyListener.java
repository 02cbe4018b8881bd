package io.hotkeys.agent;

import io.hotkeys.schema.HotKeyRecord;

/**
 * Told when a key of the agent's app turns hot or cold, after the agent's own hot set has changed.
 * Called on the agent's ZooKeeper event thread: return quickly and do not block. Exceptions are
 * logged and otherwise ignored.
 */
public interface HotKeyListener {
    /** The key is hot now; its reads are served from the local pin. */
    void onHot(String key, HotKeyRecord record);

    /** The key is no longer hot; its pin is gone. */
    void onCold(String key);
}
