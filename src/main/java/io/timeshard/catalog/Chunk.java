package io.timeshard.catalog;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One time slice x one hash slice of a hypertable, stored as one table on each replica node.
 * Without a space dimension the hash range is the whole hash space.
 */
public record Chunk(int id, int hypertableId, String schemaName, String tableName, long rangeStart, long rangeEnd,
                    long hashStart, long hashEnd, List<String> replicas) {
    public static final long HASH_SPACE_END = 1L << 31;

    public Chunk {
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        replicas = List.copyOf(replicas);
    }

    public boolean contains(long time, int hash) {
        return time >= rangeStart && time < rangeEnd && hash >= hashStart && hash < hashEnd;
    }

    /** The replica that serves reads and owns the rows for counting. */
    public String primaryReplica() {
        return replicas.get(0);
    }
}
