package io.hotkeys.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotkeys.schema.testing.HostileKeys;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaKeysTest {

    @Test
    void slot_matchesRedisClusterReferenceValues() {
        // Reference values from the Redis Cluster specification's test vector and redis-cli.
        assertThat(ReplicaKeys.slot("123456789")).isEqualTo(0x31C3 % 16384);
        assertThat(ReplicaKeys.slot("{user1000}.following"))
                .isEqualTo(ReplicaKeys.slot("user1000"));
        assertThat(ReplicaKeys.slot("foo{}{bar}")).isEqualTo(ReplicaKeys.slot("foo{}{bar}"));
    }

    @Test
    void replicas_landOnDifferentSlots_fromEachOtherAndFromTheKey_evenForHashTaggedKeys() {
        for (String key : new String[] {"product:42", "{user:7}:profile", "a", "", "x{", "}{"}) {
            String[] names = ReplicaKeys.names(key, 8);
            Set<Integer> slots = new HashSet<>();
            slots.add(ReplicaKeys.slot(key));
            Arrays.stream(names).forEach(n -> slots.add(ReplicaKeys.slot(n)));

            assertThat(slots).as(key).hasSize(9);
            assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.contains(key));
        }
    }

    @Test
    void names_areTheSameInEveryAgent() {
        for (String key : HostileKeys.all()) {
            assertThat(ReplicaKeys.names(key, 4)).containsExactly(ReplicaKeys.names(key, 4));
        }
    }

    @Test
    void invalidation_roundTrips() {
        for (String key : HostileKeys.all()) {
            Invalidation invalidation = new Invalidation("shop", "i-1", KeyCodec.toBytes(key));

            assertThat(Invalidation.decode(invalidation.encode())).isEqualTo(invalidation);
        }
    }
}
