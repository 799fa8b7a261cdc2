package io.timeshard.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * One time slice x one hash slice of a hypertable, stored as one table on each replica node.
 * Without a space dimension the hash range is the whole hash space. {@code replicas} hold all its
 * rows, in placement order; {@code staleReplicas} missed writes while their node was down and wait
 * for repair; {@code desiredReplicas} is the hypertable's replication factor; {@code copying}: a
 * copy or move of it to another node is under way.
 */
public record Chunk(int id, int hypertableId, String schemaName, String tableName, long rangeStart, long rangeEnd,
                    long hashStart, long hashEnd, List<String> replicas, List<String> staleReplicas, int desiredReplicas,
                    boolean copying) {
    public static final long HASH_SPACE_END = 1L << 31;

    public Chunk {
        requireNonNull(schemaName, "schemaName is null");
        requireNonNull(tableName, "tableName is null");
        replicas = List.copyOf(replicas);
        staleReplicas = List.copyOf(staleReplicas);
    }

    /** A chunk whose replicas are all fresh and as many as desired. */
    public Chunk(int id, int hypertableId, String schemaName, String tableName, long rangeStart, long rangeEnd, long hashStart,
                 long hashEnd, List<String> replicas) {
        this(id, hypertableId, schemaName, tableName, rangeStart, rangeEnd, hashStart, hashEnd, replicas, List.of(), replicas.size(), false);
    }

    public boolean contains(long time, int hash) {
        return time >= rangeStart && time < rangeEnd && hash >= hashStart && hash < hashEnd;
    }

    /** The replica that serves reads and owns the rows for counting. */
    public String primaryReplica() {
        return replicas.get(0);
    }

    /** Every node holding a table of this chunk, fresh or stale. */
    public List<String> allReplicas() {
        List<String> all = new ArrayList<>(replicas);
        all.addAll(staleReplicas);
        return all;
    }

    /** The same chunk with the fresh replicas that {@code preferred} accepts first, placement order kept otherwise. */
    public Chunk preferring(Predicate<String> preferred) {
        List<String> ordered = new ArrayList<>(replicas.stream().filter(preferred).toList());
        replicas.stream().filter(preferred.negate()).forEach(ordered::add);
        return new Chunk(id, hypertableId, schemaName, tableName, rangeStart, rangeEnd, hashStart, hashEnd, ordered, staleReplicas,
                desiredReplicas, copying);
    }

    /** True when it has fewer fresh replicas than desired. */
    public boolean underReplicated() {
        return replicas.size() < desiredReplicas;
    }
}
