package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkDirectoryTest {
    private static final long HALF = Chunk.HASH_SPACE_END / 2;

    @Test
    void findsTheChunkHoldingATimeAndHashAmongChunksOfSeveralIntervalsAndSlices() {
        // By range start: two hash halves of [0, 10), a long chunk [10, 100) of the lower half, then [10, 20) and [20, 30) of the upper.
        Chunk lowFirst = chunk(1, 0, 10, 0, HALF);
        Chunk highFirst = chunk(2, 0, 10, HALF, Chunk.HASH_SPACE_END);
        Chunk lowLong = chunk(3, 10, 100, 0, HALF);
        Chunk highSecond = chunk(4, 10, 20, HALF, Chunk.HASH_SPACE_END);
        Chunk highThird = chunk(5, 20, 30, HALF, Chunk.HASH_SPACE_END);
        List<Chunk> chunks = List.of(lowFirst, highFirst, lowLong, highSecond, highThird);
        assertThat(ChunkDirectory.holding(chunks, 5, 7)).contains(lowFirst);
        assertThat(ChunkDirectory.holding(chunks, 9, (int) HALF)).contains(highFirst);
        assertThat(ChunkDirectory.holding(chunks, 95, 7)).contains(lowLong);
        assertThat(ChunkDirectory.holding(chunks, 25, 7)).contains(lowLong);
        assertThat(ChunkDirectory.holding(chunks, 25, (int) HALF + 1)).contains(highThird);
        assertThat(ChunkDirectory.holding(chunks, 35, (int) HALF + 1)).isEqualTo(Optional.empty());
        assertThat(ChunkDirectory.holding(chunks, -1, 7)).isEqualTo(Optional.empty());
        assertThat(ChunkDirectory.holding(chunks, 100, 7)).isEqualTo(Optional.empty());
        assertThat(ChunkDirectory.holding(List.of(), 0, 0)).isEqualTo(Optional.empty());
    }

    private static Chunk chunk(int id, long start, long end, long hashStart, long hashEnd) {
        return new Chunk(id, 1, "_timeshard_internal", "_dist_hyper_1_" + id + "_chunk", start, end, hashStart, hashEnd, List.of("dn1"));
    }
}
