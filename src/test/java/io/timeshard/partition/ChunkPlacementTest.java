package io.timeshard.partition;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkPlacementTest {
    private static final List<String> NODES = List.of("dn1", "dn2", "dn3");

    @Test
    void placesConsecutiveSlicesOnConsecutiveNodes() {
        assertThat(ChunkPlacement.replicas(0, NODES, 1)).containsExactly("dn1");
        assertThat(ChunkPlacement.replicas(1, NODES, 1)).containsExactly("dn2");
        assertThat(ChunkPlacement.replicas(5, NODES, 1)).containsExactly("dn3");
    }

    @Test
    void putsReplicasOnTheFollowingNodesWrappingAround() {
        assertThat(ChunkPlacement.replicas(1, NODES, 2)).containsExactly("dn2", "dn3");
        assertThat(ChunkPlacement.replicas(2, NODES, 3)).containsExactly("dn3", "dn1", "dn2");
    }

    @Test
    void wrapsNegativeOrdinalsOntoTheNodes() {
        assertThat(ChunkPlacement.replicas(-1, NODES, 2)).containsExactly("dn3", "dn1");
        assertThat(ChunkPlacement.replicas(-3, NODES, 1)).containsExactly("dn1");
        assertThat(ChunkPlacement.replicas(Long.MIN_VALUE, NODES, 3)).hasSize(3).containsExactlyInAnyOrderElementsOf(NODES);
        assertThat(ChunkPlacement.replicas(Long.MAX_VALUE, NODES, 3)).containsExactly("dn2", "dn3", "dn1");
    }

    @Test
    void rejectsReplicationFactorsTheNodesCannotHold() {
        for (int replicationFactor : new int[] {0, -1, 4}) {
            assertThatThrownBy(() -> ChunkPlacement.replicas(0, NODES, replicationFactor))
                    .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
        }
    }

    @Test
    void needsAtLeastOneDataNode() {
        assertThatThrownBy(() -> ChunkPlacement.replicas(0, List.of(), 1))
                .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE))
                .hasMessageStartingWith("no data nodes");
    }

    @Test
    void rejectsANodeListedTwice() {
        assertThatThrownBy(() -> ChunkPlacement.replicas(0, List.of("dn1", "dn1"), 2))
                .isInstanceOfSatisfying(TimeshardException.class, error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }
}
