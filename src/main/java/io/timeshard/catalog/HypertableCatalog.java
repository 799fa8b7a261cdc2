package io.timeshard.catalog;

import io.timeshard.catalog.Hypertable.SpaceDimension;
import io.timeshard.catalog.Hypertable.TimeDimension;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static io.timeshard.catalog.CatalogStatements.NULL;
import static io.timeshard.catalog.CatalogStatements.inConnection;
import static io.timeshard.catalog.CatalogStatements.inTransaction;
import static io.timeshard.catalog.CatalogStatements.query;
import static io.timeshard.catalog.CatalogStatements.update;

/** Hypertables, their dimensions, data nodes and chunks in the catalog. */
public final class HypertableCatalog {
    private static final String CHUNK_COLUMNS = "k.id, k.hypertable_id, h.associated_schema_name, k.table_name, k.range_start,"
            + " k.range_end, coalesce(k.hash_start, 0), coalesce(k.hash_end, " + Chunk.HASH_SPACE_END + "),"
            + " ARRAY(SELECT r.node_name::text FROM _timeshard_catalog.chunk_replica r WHERE r.chunk_id = k.id AND r.stale_since IS NULL"
            + " ORDER BY r.position, r.node_name),"
            + " ARRAY(SELECT r.node_name::text FROM _timeshard_catalog.chunk_replica r WHERE r.chunk_id = k.id AND r.stale_since IS NOT NULL"
            + " ORDER BY r.position, r.node_name), h.replication_factor,"
            + " EXISTS (SELECT FROM _timeshard_catalog.chunk_copy_operation o WHERE o.chunk_id = k.id AND o.time_end IS NULL)";

    private final DataSource home;

    public HypertableCatalog(DataSource home) {
        this.home = home;
    }

    /** A new hypertable's definition; the id is assigned by the catalog. */
    public record NewHypertable(String schemaName, String tableName, Optional<String> associatedSchemaName,
                                Optional<String> associatedTablePrefix, int replicationFactor, TimeDimension time,
                                Optional<SpaceDimension> space, List<String> dataNodes, List<SyncedColumn> columns,
                                List<SyncedIndex> indexes) {}

    /** A root-table column as last applied to the chunks. */
    public record SyncedColumn(int attnum, String name, String type, boolean notNull) {}

    /** A root-table index as last applied to the chunks: its name and the text after USING in its definition. */
    public record SyncedIndex(String name, boolean unique, String definition) {}

    public List<Hypertable> hypertables() {
        return inConnection(home, connection -> load(connection, "", List.of()));
    }

    public Optional<Hypertable> hypertable(int id) {
        return inConnection(home, connection -> load(connection, " WHERE h.id = ?", List.of(id))).stream().findFirst();
    }

    public Hypertable requireHypertable(int id) {
        return hypertable(id).orElseThrow(() -> TimeshardException.of(ErrorCode.UNDEFINED_OBJECT, "hypertable " + id + " does not exist"));
    }

    private static List<Hypertable> load(Connection connection, String where, List<?> parameters) {
        return query(connection, "SELECT h.id, h.schema_name, h.table_name, h.associated_schema_name, h.associated_table_prefix,"
                + " h.replication_factor, t.column_name, t.column_type, t.interval_length, s.column_name, s.column_type, s.number_partitions,"
                + " ARRAY(SELECT n.node_name::text FROM _timeshard_catalog.hypertable_data_node n WHERE n.hypertable_id = h.id"
                + " ORDER BY n.attach_order)"
                + " FROM _timeshard_catalog.hypertable h"
                + " JOIN _timeshard_catalog.dimension t ON t.hypertable_id = h.id AND t.is_time"
                + " LEFT JOIN _timeshard_catalog.dimension s ON s.hypertable_id = h.id AND NOT s.is_time" + where + " ORDER BY h.id",
                parameters, rows -> new Hypertable(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getInt(6), new TimeDimension(rows.getString(7), rows.getString(8), rows.getLong(9)),
                        Optional.ofNullable(rows.getString(10)).map(column -> {
                            try {
                                return new SpaceDimension(column, rows.getString(11), rows.getInt(12));
                            } catch (SQLException e) {
                                throw CatalogStatements.error(e);
                            }
                        }),
                        List.of((String[]) rows.getArray(13).getArray())));
    }

    /** Registers a hypertable with its dimensions, data nodes and synced root-table state; returns it. */
    public Hypertable insert(NewHypertable table) {
        return inTransaction(home, connection -> {
            int id = query(connection, "SELECT nextval('_timeshard_catalog.hypertable_id_seq')::int", List.of(), rows -> rows.getInt(1)).get(0);
            update(connection, "INSERT INTO _timeshard_catalog.hypertable (id, schema_name, table_name, associated_schema_name,"
                    + " associated_table_prefix, replication_factor) VALUES (?, ?, ?, ?, ?, ?)",
                    List.of(id, table.schemaName(), table.tableName(), table.associatedSchemaName().orElse("_timeshard_internal"),
                            table.associatedTablePrefix().orElse("_dist_hyper_" + id), table.replicationFactor()));
            update(connection, "INSERT INTO _timeshard_catalog.dimension (hypertable_id, is_time, column_name, column_type, interval_length)"
                    + " VALUES (?, true, ?, ?, ?)", List.of(id, table.time().column(), table.time().type(), table.time().interval()));
            table.space().ifPresent(space -> update(connection, "INSERT INTO _timeshard_catalog.dimension"
                    + " (hypertable_id, is_time, column_name, column_type, number_partitions) VALUES (?, false, ?, ?, ?)",
                    List.of(id, space.column(), space.type(), space.partitions())));
            for (String node : table.dataNodes()) {
                update(connection, "INSERT INTO _timeshard_catalog.hypertable_data_node (hypertable_id, node_name) VALUES (?, ?)",
                        List.of(id, node));
            }
            replaceSyncedState(connection, id, table.columns(), table.indexes());
            return load(connection, " WHERE h.id = ?", List.of(id)).get(0);
        });
    }

    public void delete(int hypertableId) {
        inConnection(home, connection -> update(connection, "DELETE FROM _timeshard_catalog.hypertable WHERE id = ?", List.of(hypertableId)));
    }

    public void rename(int hypertableId, String schemaName, String tableName) {
        inConnection(home, connection -> update(connection, "UPDATE _timeshard_catalog.hypertable SET schema_name = ?, table_name = ? WHERE id = ?",
                List.of(schemaName, tableName, hypertableId)));
    }

    public void attachDataNode(int hypertableId, String nodeName) {
        inConnection(home, connection -> update(connection, "INSERT INTO _timeshard_catalog.hypertable_data_node (hypertable_id, node_name)"
                + " VALUES (?, ?)", List.of(hypertableId, nodeName)));
    }

    public void detachDataNode(int hypertableId, String nodeName) {
        inConnection(home, connection -> update(connection, "DELETE FROM _timeshard_catalog.hypertable_data_node"
                + " WHERE hypertable_id = ? AND node_name = ?", List.of(hypertableId, nodeName)));
    }

    public void setNumberPartitions(int hypertableId, int partitions) {
        inConnection(home, connection -> update(connection, "UPDATE _timeshard_catalog.dimension SET number_partitions = ?"
                + " WHERE hypertable_id = ? AND NOT is_time", List.of(partitions, hypertableId)));
    }

    public void setChunkTimeInterval(int hypertableId, long interval) {
        inConnection(home, connection -> update(connection, "UPDATE _timeshard_catalog.dimension SET interval_length = ?"
                + " WHERE hypertable_id = ? AND is_time", List.of(interval, hypertableId)));
    }

    public void setReplicationFactor(int hypertableId, int replicationFactor) {
        inConnection(home, connection -> update(connection, "UPDATE _timeshard_catalog.hypertable SET replication_factor = ? WHERE id = ?",
                List.of(replicationFactor, hypertableId)));
    }

    public List<SyncedColumn> syncedColumns(int hypertableId) {
        return inConnection(home, connection -> query(connection, "SELECT attnum, column_name, column_type, not_null"
                + " FROM _timeshard_catalog.hypertable_column WHERE hypertable_id = ? ORDER BY attnum", List.of(hypertableId),
                rows -> new SyncedColumn(rows.getInt(1), rows.getString(2), rows.getString(3), rows.getBoolean(4))));
    }

    public List<SyncedIndex> syncedIndexes(int hypertableId) {
        return inConnection(home, connection -> query(connection, "SELECT index_name, definition"
                + " FROM _timeshard_catalog.hypertable_index WHERE hypertable_id = ? ORDER BY index_name", List.of(hypertableId),
                rows -> {
                    String definition = rows.getString(2);
                    return new SyncedIndex(rows.getString(1), definition.startsWith("UNIQUE "), definition.replaceFirst("^UNIQUE ", ""));
                }));
    }

    /** Every hypertable's root-table index names, by hypertable id. */
    public java.util.Map<String, Integer> indexOwners() {
        return inConnection(home, connection -> {
            java.util.Map<String, Integer> owners = new java.util.HashMap<>();
            query(connection, "SELECT index_name, hypertable_id FROM _timeshard_catalog.hypertable_index", List.of(),
                    rows -> owners.put(rows.getString(1), rows.getInt(2)));
            return owners;
        });
    }

    public void replaceSyncedState(int hypertableId, List<SyncedColumn> columns, List<SyncedIndex> indexes) {
        inTransaction(home, connection -> {
            replaceSyncedState(connection, hypertableId, columns, indexes);
            return null;
        });
    }

    private static void replaceSyncedState(Connection connection, int id, List<SyncedColumn> columns, List<SyncedIndex> indexes) {
        update(connection, "DELETE FROM _timeshard_catalog.hypertable_column WHERE hypertable_id = ?", List.of(id));
        update(connection, "DELETE FROM _timeshard_catalog.hypertable_index WHERE hypertable_id = ?", List.of(id));
        for (SyncedColumn column : columns) {
            update(connection, "INSERT INTO _timeshard_catalog.hypertable_column VALUES (?, ?, ?, ?, ?)",
                    List.of(id, column.attnum(), column.name(), column.type(), column.notNull()));
        }
        for (SyncedIndex index : indexes) {
            update(connection, "INSERT INTO _timeshard_catalog.hypertable_index VALUES (?, ?, ?)",
                    List.of(id, index.name(), (index.unique() ? "UNIQUE " : "") + index.definition()));
        }
    }

    public List<Chunk> chunks(int hypertableId) {
        return inConnection(home, connection -> query(connection, "SELECT " + CHUNK_COLUMNS + " FROM _timeshard_catalog.chunk k"
                + " JOIN _timeshard_catalog.hypertable h ON h.id = k.hypertable_id WHERE k.hypertable_id = ?"
                + " ORDER BY k.range_start, k.hash_start", List.of(hypertableId), HypertableCatalog::chunk));
    }

    /** The chunks of these ids, of whatever hypertable. */
    public List<Chunk> chunks(java.util.Collection<Integer> chunkIds) {
        return inConnection(home, connection -> query(connection, "SELECT " + CHUNK_COLUMNS + " FROM _timeshard_catalog.chunk k"
                + " JOIN _timeshard_catalog.hypertable h ON h.id = k.hypertable_id WHERE k.id = ANY (?) ORDER BY k.range_start, k.hash_start",
                List.of(connection.createArrayOf("integer", chunkIds.toArray())), HypertableCatalog::chunk));
    }

    public void deleteChunks(List<Integer> chunkIds) {
        inConnection(home, connection -> update(connection, "DELETE FROM _timeshard_catalog.chunk WHERE id = ANY (?)",
                List.of(connection.createArrayOf("integer", chunkIds.toArray()))));
    }

    /**
     * Runs {@code creation} while holding the hypertable's row lock, so that concurrent sessions
     * creating chunks for it take turns and see each other's chunks; commits what it inserted.
     */
    public <T> T withChunkCreationLock(int hypertableId, ChunkCreation<T> creation) {
        return inTransaction(home, connection -> {
            if (query(connection, "SELECT id FROM _timeshard_catalog.hypertable WHERE id = ? FOR UPDATE", List.of(hypertableId),
                    rows -> rows.getInt(1)).isEmpty()) {
                throw TimeshardException.of(ErrorCode.UNDEFINED_OBJECT, "hypertable " + hypertableId + " no longer exists");
            }
            return creation.create(new LockedChunks(connection, hypertableId));
        });
    }

    @FunctionalInterface
    public interface ChunkCreation<T> {
        T create(LockedChunks chunks);
    }

    /** The chunks of one hypertable, read and inserted under its lock. */
    public static final class LockedChunks {
        private final Connection connection;
        private final int hypertableId;

        private LockedChunks(Connection connection, int hypertableId) {
            this.connection = connection;
            this.hypertableId = hypertableId;
        }

        /** The catalog transaction, for statements that must commit or roll back with the chunk rows. */
        public Connection transaction() {
            return connection;
        }

        /** The chunks whose time range overlaps [start, end). */
        public List<Chunk> overlapping(long start, long end) {
            return query(connection, "SELECT " + CHUNK_COLUMNS + " FROM _timeshard_catalog.chunk k"
                    + " JOIN _timeshard_catalog.hypertable h ON h.id = k.hypertable_id"
                    + " WHERE k.hypertable_id = ? AND k.range_start < ? AND k.range_end > ? ORDER BY k.range_start, k.hash_start",
                    List.of(hypertableId, end, start), HypertableCatalog::chunk);
        }

        /** Inserts a chunk; {@code hashStart}/{@code hashEnd} are null without a space dimension. */
        public Chunk insert(String tablePrefix, long rangeStart, long rangeEnd, Long hashStart, Long hashEnd, List<String> replicas) {
            int id = query(connection, "SELECT nextval('_timeshard_catalog.chunk_id_seq')::int", List.of(), rows -> rows.getInt(1)).get(0);
            update(connection, "INSERT INTO _timeshard_catalog.chunk (id, hypertable_id, table_name, range_start, range_end, hash_start, hash_end)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", List.of(id, hypertableId, tablePrefix + "_" + id + "_chunk", rangeStart, rangeEnd,
                    hashStart == null ? NULL : hashStart, hashEnd == null ? NULL : hashEnd));
            for (int position = 0; position < replicas.size(); position++) {
                update(connection, "INSERT INTO _timeshard_catalog.chunk_replica (chunk_id, node_name, position) VALUES (?, ?, ?)",
                        List.of(id, replicas.get(position), position));
            }
            return query(connection, "SELECT " + CHUNK_COLUMNS + " FROM _timeshard_catalog.chunk k"
                    + " JOIN _timeshard_catalog.hypertable h ON h.id = k.hypertable_id WHERE k.id = ?", List.of(id),
                    HypertableCatalog::chunk).get(0);
        }
    }

    private static Chunk chunk(java.sql.ResultSet rows) throws SQLException {
        return new Chunk(rows.getInt(1), rows.getInt(2), rows.getString(3), rows.getString(4), rows.getLong(5), rows.getLong(6),
                rows.getLong(7), rows.getLong(8), List.of((String[]) rows.getArray(9).getArray()),
                List.of((String[]) rows.getArray(10).getArray()), rows.getInt(11), rows.getBoolean(12));
    }
}
