package io.hotkeys.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RedisServerBinaryTest {
    @Test
    void candidates_searchPath_pathEntriesInOrderThenUsualPlaces() {
        assertThat(RedisServerBinary.candidates("/opt/a::/opt/b"))
                .containsExactly(
                        Path.of("/opt/a/redis-server"),
                        Path.of("/opt/b/redis-server"),
                        Path.of("/usr/bin/redis-server"),
                        Path.of("/usr/local/bin/redis-server"));
    }

    @Test
    void candidates_noSearchPath_usualPlacesOnly() {
        assertThat(RedisServerBinary.candidates(null))
                .containsExactly(
                        Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server"));
    }

    @Test
    void locate_chosenDirectory_failsSayingHowToFix() {
        assertThatThrownBy(() -> RedisServerBinary.locate(Path.of("/tmp")))
                .isInstanceOf(LocalServerException.class)
                .hasMessageContaining("/tmp (from LocalRedis.Builder.redisServer)")
                .hasMessageContaining(
                        "install it with: apt-get install redis-server, or set"
                                + " -Dhotkeys.redis.server=/path/to/redis-server");
    }
}
