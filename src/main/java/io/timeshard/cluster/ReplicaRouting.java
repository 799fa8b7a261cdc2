package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.ReplicaCatalog;
import io.timeshard.catalog.ReplicaCatalog.NodeTable;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which replicas of a chunk a statement uses while data nodes come and go. Reads go to the first
 * fresh replica on an available node (the chunk directory orders them so). Writes go to every
 * fresh replica on an available node; one on an unavailable node is marked stale first, so the
 * catalog never calls a replica fresh that misses an acknowledged row. A write that skipped a
 * replica, or whose chunk has fewer replicas than desired, is checked before it commits
 * ({@link #verify}): a repair that finished meanwhile copied the chunk without that write. So is a
 * write to a chunk being copied or moved.
 */
public final class ReplicaRouting {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRouting.class);

    private final NodeHealth health;
    private final ReplicaCatalog catalog;
    private final ChunkDirectory directory;

    public ReplicaRouting(NodeHealth health, ReplicaCatalog catalog, ChunkDirectory directory) {
        this.health = health;
        this.catalog = catalog;
        this.directory = directory;
    }

    /** Fails at once, naming the chunk and its nodes, when one of {@code chunks} has no replica a read could use. */
    public void requireReadable(List<Chunk> chunks) {
        for (Chunk chunk : chunks) {
            if (chunk.replicas().isEmpty() || !health.isAvailable(chunk.primaryReplica())) {
                throw noReplica(chunk);
            }
        }
    }

    /**
     * The nodes a write to {@code chunk} goes to; fresh replicas on unavailable nodes are marked
     * stale on the way (unless none is left to write, when the write fails and misses nothing).
     */
    public List<String> writeTargets(Chunk chunk) {
        List<String> targets = chunk.replicas().stream().filter(health::isAvailable).toList();
        if (targets.isEmpty()) {
            throw noReplica(chunk);
        }
        boolean marked = false;
        for (String node : chunk.replicas()) {
            if (!targets.contains(node) && catalog.markStale(chunk.id(), node)) {
                LOG.info("replica of chunk {} on unavailable data node {} is stale now", chunk.tableName(), node);
                marked = true;
            }
        }
        if (marked) {
            directory.invalidate(chunk.hypertableId());
        }
        return targets;
    }

    /**
     * True when a write of {@code chunk} to {@code targets} must be {@linkplain #verify verified}
     * before it commits: its replicas may change meanwhile (a repair, a copy or a move).
     */
    public static boolean needsVerifying(Chunk chunk, List<String> targets) {
        return targets.size() < chunk.desiredReplicas() || !chunk.staleReplicas().isEmpty() || chunk.copying();
    }

    /**
     * Fails with a serialization failure (the client may retry) when a chunk written to the given
     * nodes has a fresh replica elsewhere now: a repair copied it while the write went on.
     */
    public void verify(Map<Integer, Set<String>> writtenNodes) {
        Map<Integer, Set<String>> fresh = catalog.freshReplicas(writtenNodes.keySet());
        for (Map.Entry<Integer, Set<String>> written : writtenNodes.entrySet()) {
            Set<String> missed = fresh.getOrDefault(written.getKey(), Set.of()).stream()
                    .filter(node -> !written.getValue().contains(node)).collect(Collectors.toSet());
            if (!missed.isEmpty()) {
                throw TimeshardException.of(ErrorCode.SERIALIZATION_FAILURE, "could not write: chunk " + written.getKey()
                        + " was repaired on data node " + String.join(", ", missed) + " while the statement wrote to it")
                        .withHint("Retry the transaction.");
            }
        }
    }

    /** The chunks' tables by node, for the nodes that are up; those on a node that is down are recorded, to drop when it returns. */
    public Map<String, List<String>> tablesToDrop(List<Chunk> chunks) {
        Map<String, List<String>> tablesByNode = new java.util.LinkedHashMap<>();
        for (Chunk chunk : chunks) {
            for (String node : chunk.allReplicas()) {
                if (health.isAvailable(node)) {
                    tablesByNode.computeIfAbsent(node, name -> new ArrayList<>()).add(ChunkTables.qualified(chunk));
                } else {
                    catalog.recordPendingDrop(new NodeTable(node, chunk.schemaName(), chunk.tableName()));
                }
            }
        }
        return tablesByNode;
    }

    private TimeshardException noReplica(Chunk chunk) {
        List<String> nodes = chunk.allReplicas();
        String states = nodes.stream().map(node -> "\"" + node + "\" (" + (chunk.staleReplicas().contains(node) ? "stale"
                : health.isAvailable(node) ? "available" : "unavailable") + ")").collect(Collectors.joining(", "));
        return TimeshardException.of(ErrorCode.CONNECTION_FAILURE, "chunk \"" + ChunkTables.qualified(chunk)
                + "\" has no available replica: data node" + (nodes.size() == 1 ? " " : "s ") + states);
    }
}
