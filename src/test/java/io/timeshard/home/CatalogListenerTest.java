package io.timeshard.home;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogListenerTest {
    @Test
    void newChunksAndTheirReplicasAreAddedAndAnythingElseReloads() {
        assertThat(CatalogListener.newChunksOnly(List.of("chunk INSERT 7", "chunk_replica INSERT 7"))).contains(Set.of(7));
        assertThat(CatalogListener.newChunksOnly(List.of("chunk INSERT 7,8", "chunk_replica INSERT 8,7", "chunk INSERT 9")))
                .contains(Set.of(7, 8, 9));
        // A replica of an older chunk (a copy or a move), any other change, or an older access node's notice: reload.
        assertThat(CatalogListener.newChunksOnly(List.of("chunk INSERT 7", "chunk_replica INSERT 3"))).isEqualTo(Optional.empty());
        assertThat(CatalogListener.newChunksOnly(List.of("chunk INSERT 7", "chunk_replica"))).isEqualTo(Optional.empty());
        assertThat(CatalogListener.newChunksOnly(List.of("hypertable"))).isEqualTo(Optional.empty());
    }
}
