package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.ReplicaCatalog;
import io.timeshard.catalog.RootTable;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.sql.SqlText;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Copies a chunk from a fresh replica to another node, replacing a stale copy there or adding a
 * replica. The source table is locked against writes (reads go on) while its rows are copied and
 * checked (row count and a checksum on both sides), and the catalog records the new replica before
 * the lock is released: a write that waited for the lock and skipped the target fails its
 * pre-commit check ({@link ReplicaRouting#verify}) rather than commit without it. One access node
 * at a time copies a chunk (an advisory lock at home).
 */
final class ChunkCopy {
    /** "tscopy": the advisory lock space of chunk copies, keyed by chunk id. */
    private static final int COPY_LOCK = 0x7473636f;
    /** How long the copy waits for writers to the chunk before trying again later. */
    private static final String LOCK_TIMEOUT = "2s";
    private static final String UNDEFINED_FUNCTION = "42883";

    private final DataSource home;
    private final DataNodeConnections connections;
    private final ReplicaCatalog replicas;

    ChunkCopy(DataSource home, DataNodeConnections connections, ReplicaCatalog replicas) {
        this.home = home;
        this.connections = connections;
        this.replicas = replicas;
    }

    /**
     * Copies {@code chunk} from {@code source} to {@code target}; {@code replaced}, if given, is a
     * replica given up for it. Returns false when another access node is copying the chunk.
     */
    boolean copy(Hypertable hypertable, Chunk chunk, String source, String target, Optional<String> replaced) {
        try (Connection lock = home.getConnection()) {
            if (!tryLock(lock, chunk)) {
                return false;
            }
            try {
                RootTable root = rootTable(lock, hypertable);
                copyLocked(hypertable, root, chunk, source, target, replaced);
                return true;
            } finally {
                try (Statement statement = lock.createStatement()) {
                    statement.execute("SELECT pg_advisory_unlock(" + COPY_LOCK + ", " + chunk.id() + ")");
                }
            }
        } catch (SQLException e) {
            throw TimeshardException.of(ErrorCode.INTERNAL_ERROR, "could not copy chunk " + chunk.tableName() + ": " + e.getMessage(), e);
        }
    }

    private void copyLocked(Hypertable hypertable, RootTable root, Chunk chunk, String source, String target, Optional<String> replaced) {
        String table = ChunkTables.qualified(chunk);
        String columns = root.columns().stream().map(column -> SqlText.identifier(column.name())).collect(Collectors.joining(", "));
        try (Connection from = connections.open(source); Connection to = connections.open(target)) {
            from.setAutoCommit(false);
            to.setAutoCommit(false);
            try {
                run(to, "DROP TABLE IF EXISTS " + table);
                for (String sql : ChunkTables.createStatements(hypertable, root, chunk)) {
                    run(to, sql);
                }
                run(from, "SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                run(from, "LOCK TABLE " + table + " IN EXCLUSIVE MODE");
                streamRows(from, to, table, columns);
                String sourceSum = checksum(from, table);
                String targetSum = checksum(to, table);
                if (!sourceSum.equals(targetSum)) {
                    throw TimeshardException.of(ErrorCode.DATA_NODE_ERROR, "the copy of chunk " + chunk.tableName() + " on data node \""
                            + target + "\" does not match data node \"" + source + "\": " + targetSum + " against " + sourceSum);
                }
                to.commit();
                replicas.recordCopy(chunk, target, replaced);
            } finally {
                to.rollback(); // nothing left after the commit; the source only read
                from.rollback();
            }
        } catch (SQLException e) {
            throw TimeshardException.of(ErrorCode.DATA_NODE_ERROR, "copying chunk " + chunk.tableName() + " from data node \"" + source
                    + "\" to \"" + target + "\" failed: " + e.getMessage(), e);
        }
    }

    private static void streamRows(Connection from, Connection to, String table, String columns) throws SQLException {
        CopyOut out = from.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + table + " (" + columns + ") TO STDOUT (FORMAT binary)");
        CopyIn in = to.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + columns + ") FROM STDIN (FORMAT binary)");
        try {
            byte[] data;
            while ((data = out.readFromCopy()) != null) {
                in.writeToCopy(data, 0, data.length);
            }
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /**
     * The row count and an order-independent sum of the rows' hashes: of the records themselves
     * where every column type has an extended hash function (twice as fast), else of their text.
     */
    static String checksum(Connection connection, String table) throws SQLException {
        java.sql.Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        try {
            return sum(connection, "hash_record_extended(t, 0)", table);
        } catch (SQLException e) {
            if (!UNDEFINED_FUNCTION.equals(e.getSQLState())) {
                throw e;
            }
            if (savepoint != null) {
                connection.rollback(savepoint);
            }
            return sum(connection, "hashtextextended(t::text, 0)", table);
        }
    }

    private static String sum(Connection connection, String hash, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) || ' rows, checksum ' || coalesce(sum(" + hash + "), 0) FROM "
                     + table + " t")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static boolean tryLock(Connection connection, Chunk chunk) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_try_advisory_lock(" + COPY_LOCK + ", " + chunk.id() + ")")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    static RootTable rootTable(Connection connection, Hypertable hypertable) throws SQLException {
        String name = SqlText.literal(SqlText.qualified(hypertable.schemaName(), hypertable.tableName()));
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(RootTable.QUERY.replace("$1", name))) {
            int width = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>(width);
                for (int i = 1; i <= width; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return RootTable.fromRows(rows).orElseThrow(() -> TimeshardException.of(ErrorCode.UNDEFINED_OBJECT,
                "hypertable " + hypertable.displayName() + " has no root table"));
    }

    static void run(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
