package io.hotkeys.agent;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The code woven around Jedis methods. Each piece only calls {@link JedisHooks}; the logic lives
 * there, where it can be tested and where failures are contained.
 */
final class JedisAdvice {
    private JedisAdvice() {}

    /** Around {@code String get(String key)}. */
    static final class Get {
        private Get() {}

        @Advice.OnMethodEnter(skipOn = JedisHooks.Skip.class)
        static Object enter(@Advice.Argument(value = 0, readOnly = false) String key) {
            Object state = JedisHooks.enterGet(key);
            key = JedisHooks.remoteKey(state, key);
            return state;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(
                @Advice.This Object jedis,
                @Advice.Enter Object state,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                @Advice.Thrown Throwable thrown) {
            returned = JedisHooks.exitGet(jedis, state, returned, thrown);
        }
    }

    /** Around {@code List<String> mget(String... keys)}. */
    static final class Mget {
        private Mget() {}

        @Advice.OnMethodEnter(skipOn = JedisHooks.Skip.class)
        static Object enter(@Advice.Argument(value = 0, readOnly = false) String[] keys) {
            Object state = JedisHooks.enterMget(keys);
            keys = JedisHooks.mgetRemoteKeys(state, keys);
            return state;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(
                @Advice.Argument(0) String[] keys,
                @Advice.Enter Object state,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                @Advice.Thrown Throwable thrown) {
            returned = JedisHooks.exitMget(keys, state, returned, thrown);
        }
    }

    /** After writes whose first argument is the key or the keys. */
    static final class Write {
        private Write() {}

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(
                @Advice.This Object jedis,
                @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object keyOrKeys,
                @Advice.Thrown Throwable thrown) {
            JedisHooks.exitWrite(jedis, keyOrKeys, thrown);
        }
    }
}
