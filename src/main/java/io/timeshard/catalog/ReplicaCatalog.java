package io.timeshard.catalog;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.timeshard.catalog.CatalogStatements.inConnection;
import static io.timeshard.catalog.CatalogStatements.inTransaction;
import static io.timeshard.catalog.CatalogStatements.query;
import static io.timeshard.catalog.CatalogStatements.update;

/** The state of chunk replicas in the catalog: which are stale, which were added or replaced by a repair, and tables left to drop. */
public final class ReplicaCatalog {
    /** A table on a data node. */
    public record NodeTable(String node, String schemaName, String tableName) {}

    private final DataSource home;

    public ReplicaCatalog(DataSource home) {
        this.home = home;
    }

    /** Marks the replica stale (it misses a write); returns true when it was fresh. */
    public boolean markStale(int chunkId, String node) {
        return inConnection(home, connection -> update(connection, "UPDATE _timeshard_catalog.chunk_replica SET stale_since = now()"
                + " WHERE chunk_id = ? AND node_name = ? AND stale_since IS NULL", List.of(chunkId, node)) > 0);
    }

    /** The fresh replicas of each chunk, as the catalog has them now. */
    public Map<Integer, Set<String>> freshReplicas(Collection<Integer> chunkIds) {
        return inConnection(home, connection -> {
            Map<Integer, Set<String>> fresh = new HashMap<>();
            query(connection, "SELECT chunk_id, node_name::text FROM _timeshard_catalog.chunk_replica"
                    + " WHERE chunk_id = ANY (?) AND stale_since IS NULL", List.of(connection.createArrayOf("integer", chunkIds.toArray())),
                    rows -> fresh.computeIfAbsent(rows.getInt(1), id -> new HashSet<>()).add(rows.getString(2)));
            return fresh;
        });
    }

    /**
     * Records a repaired or added replica: {@code node}'s copy of the chunk is fresh; the replica on
     * {@code replaced}, if given, is given up and its table left to drop when that node returns.
     */
    public void recordCopy(Chunk chunk, String node, Optional<String> replaced) {
        inTransaction(home, connection -> {
            if (update(connection, "UPDATE _timeshard_catalog.chunk_replica SET stale_since = NULL WHERE chunk_id = ? AND node_name = ?",
                    List.of(chunk.id(), node)) == 0) {
                update(connection, "INSERT INTO _timeshard_catalog.chunk_replica (chunk_id, node_name, position)"
                        + " SELECT ?, ?, coalesce(max(position) + 1, 0) FROM _timeshard_catalog.chunk_replica WHERE chunk_id = ?",
                        List.of(chunk.id(), node, chunk.id()));
            }
            replaced.ifPresent(gone -> removeReplica(connection, chunk, gone));
            return null;
        });
    }

    /** Forgets every replica {@code node} holds (of one hypertable, or all); with {@code dropTables} their tables are left to drop. */
    public int removeReplicas(String node, Optional<Integer> hypertableId, boolean dropTables) {
        return inConnection(home, connection -> {
            if (dropTables) {
                update(connection, "INSERT INTO _timeshard_catalog.pending_drop SELECT r.node_name, h.associated_schema_name, k.table_name"
                        + " FROM _timeshard_catalog.chunk_replica r JOIN _timeshard_catalog.chunk k ON k.id = r.chunk_id"
                        + " JOIN _timeshard_catalog.hypertable h ON h.id = k.hypertable_id WHERE r.node_name = ? AND (? OR h.id = ?)"
                        + " ON CONFLICT DO NOTHING", List.of(node, hypertableId.isEmpty(), hypertableId.orElse(0)));
            }
            return update(connection, "DELETE FROM _timeshard_catalog.chunk_replica r USING _timeshard_catalog.chunk k"
                    + " WHERE k.id = r.chunk_id AND r.node_name = ? AND (? OR k.hypertable_id = ?)",
                    List.of(node, hypertableId.isEmpty(), hypertableId.orElse(0)));
        });
    }

    /** The chunks (schema.table) that have a replica on {@code node} and no fresh replica on any other node. */
    public List<String> chunksWithoutOtherFreshReplica(String node) {
        return inConnection(home, connection -> query(connection, "SELECT h.associated_schema_name || '.' || k.table_name"
                + " FROM _timeshard_catalog.chunk k JOIN _timeshard_catalog.hypertable h ON h.id = k.hypertable_id"
                + " WHERE EXISTS (SELECT FROM _timeshard_catalog.chunk_replica r WHERE r.chunk_id = k.id AND r.node_name = ?)"
                + " AND NOT EXISTS (SELECT FROM _timeshard_catalog.chunk_replica r WHERE r.chunk_id = k.id AND r.node_name <> ?"
                + " AND r.stale_since IS NULL) ORDER BY k.id", List.of(node, node), rows -> rows.getString(1)));
    }

    private static void removeReplica(Connection connection, Chunk chunk, String node) {
        update(connection, "DELETE FROM _timeshard_catalog.chunk_replica WHERE chunk_id = ? AND node_name = ?", List.of(chunk.id(), node));
        update(connection, "INSERT INTO _timeshard_catalog.pending_drop VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                List.of(node, chunk.schemaName(), chunk.tableName()));
    }

    /** Leaves a chunk table on a node that is down to drop when it returns. */
    public void recordPendingDrop(NodeTable table) {
        inConnection(home, connection -> update(connection, "INSERT INTO _timeshard_catalog.pending_drop VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                List.of(table.node(), table.schemaName(), table.tableName())));
    }

    public List<NodeTable> pendingDrops() {
        return inConnection(home, connection -> query(connection, "SELECT node_name::text, schema_name::text, table_name::text"
                + " FROM _timeshard_catalog.pending_drop ORDER BY 1, 2, 3", List.of(),
                rows -> new NodeTable(rows.getString(1), rows.getString(2), rows.getString(3))));
    }

    public void forgetPendingDrop(NodeTable table) {
        inConnection(home, connection -> update(connection, "DELETE FROM _timeshard_catalog.pending_drop"
                + " WHERE node_name = ? AND schema_name = ? AND table_name = ?", List.of(table.node(), table.schemaName(), table.tableName())));
    }
}
