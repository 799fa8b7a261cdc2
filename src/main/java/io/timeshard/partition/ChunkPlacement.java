package io.timeshard.partition;

import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import java.util.HashSet;
import java.util.List;
import java.util.stream.LongStream;

import static java.util.Objects.requireNonNull;

/**
 * Which data nodes hold a new chunk: slice ordinal {@code i} goes to {@code nodes[(i + k) mod n]}
 * for replica {@code k = 0..replicationFactor-1}, so consecutive slices spread over the nodes.
 */
public final class ChunkPlacement {
    private ChunkPlacement() {}

    /**
     * @param sliceOrdinal the hash slice ordinal, or the time slice ordinal without a space dimension
     * @param nodes the data nodes in their placement order, distinct
     * @return the replica nodes, the first being {@code nodes[sliceOrdinal mod n]}
     */
    public static List<String> replicas(long sliceOrdinal, List<String> nodes, int replicationFactor) {
        List<String> candidates = List.copyOf(requireNonNull(nodes, "nodes is null"));
        if (candidates.isEmpty()) {
            throw TimeshardException.of(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE, "no data nodes to place the chunk on");
        }
        if (new HashSet<>(candidates).size() != candidates.size()) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "data nodes listed more than once: " + candidates);
        }
        int count = candidates.size();
        if (replicationFactor < 1 || replicationFactor > count) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE,
                    "invalid replication factor " + replicationFactor + ": must be between 1 and the number of data nodes, " + count);
        }
        // Reduce first so that ordinal + k cannot overflow.
        long first = Math.floorMod(sliceOrdinal, count);
        return LongStream.range(0, replicationFactor)
                .mapToObj(replica -> candidates.get((int) ((first + replica) % count)))
                .toList();
    }
}
