package io.timeshard.plan;

import io.timeshard.catalog.Chunk;
import io.timeshard.exec.SortKey;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * How one execution of a query runs: the remote query of each data node over its chunks, how the
 * access node puts their rows together (append, merge by sort keys, or a final query at home),
 * and the OFFSET and LIMIT it applies itself.
 */
public record DistributedPlan(Strategy strategy, String reason, String relation, List<NodeScan> scans, List<SortKey> mergeKeys,
                              Optional<FinalQuery> finalQuery, long offset, OptionalLong limit, int outputColumns, boolean aggregates) {

    /**
     * One data node's remote query and the chunks it reads; with {@code pageOrder} the node reads
     * them by bitmap rather than index scans (see {@link PushDownPlanner#readsInPageOrder}).
     */
    public record NodeScan(String node, List<Chunk> chunks, String sql, boolean pageOrder) {
        public NodeScan {
            requireNonNull(node, "node is null");
            chunks = List.copyOf(chunks);
            requireNonNull(sql, "sql is null");
        }
    }

    /** A query the home database runs over the nodes' rows, which take the place of {@link RemoteQueries#ROWS}. */
    public record FinalQuery(String sql, List<String> columnNames, List<String> columnTypes) {
        public FinalQuery {
            requireNonNull(sql, "sql is null");
            columnNames = List.copyOf(columnNames);
            columnTypes = List.copyOf(columnTypes);
        }
    }

    public DistributedPlan {
        requireNonNull(strategy, "strategy is null");
        requireNonNull(reason, "reason is null");
        scans = List.copyOf(scans);
        mergeKeys = List.copyOf(mergeKeys);
        requireNonNull(finalQuery, "finalQuery is null");
        requireNonNull(limit, "limit is null");
    }
}
