package io.timeshard.cluster;

import io.timeshard.catalog.Chunk;
import io.timeshard.catalog.ChunkCopyOperations;
import io.timeshard.catalog.ChunkCopyOperations.Operation;
import io.timeshard.catalog.DataNode;
import io.timeshard.catalog.Hypertable;
import io.timeshard.catalog.ReplicaCatalog;
import io.timeshard.catalog.RootTable;
import io.timeshard.error.ErrorCode;
import io.timeshard.error.TimeshardException;
import io.timeshard.sql.SqlText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * copy_chunk and move_chunk while writes go on: the destination subscribes to a publication of
 * the chunk on the source (logical replication, pgoutput), which copies the rows and then streams
 * every change; once it has caught up, a short switch-over under the source chunk's lock (writes
 * wait, reads go on) checks both copies (row count and checksum), stops the subscription and
 * records the new replica; a move then drops the source copy. Each stage is recorded
 * ({@link ChunkCopyOperations}); a failure undoes what the operation did, and
 * {@link #cleanup} finishes or undoes one that was cut short.
 */
public final class ChunkMoves {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkMoves.class);
    private static final long SYNC_TIMEOUT_MILLIS = 600_000;
    private static final long CATCH_UP_TIMEOUT_MILLIS = 5_000;
    private static final int SWITCH_ATTEMPTS = 10;
    /** Rows the destination may lag when the switch-over begins: it applies them within milliseconds. */
    private static final long NEARLY_CAUGHT_UP_ROWS = 1_000;
    /**
     * The switch-over waits at least this long after the operation began: every access node has
     * learnt by then that writes to the chunk check their replicas before they commit.
     */
    private static final long NOTICE_MILLIS = 2_000;
    /** How long the switch-over waits for writers before trying again: writes are never held up longer. */
    private static final String SWITCH_LOCK_TIMEOUT = "500ms";
    static final String SWITCHED = "switch";
    static final String COMPLETE = "complete";

    private final DataSource home;
    private final DataNodeConnections connections;
    private final ReplicaCatalog replicas;
    private final ChunkCopyOperations operations;
    private final ChunkDirectory directory;

    public ChunkMoves(DataSource home, DataNodeConnections connections, ReplicaCatalog replicas, ChunkCopyOperations operations,
                      ChunkDirectory directory) {
        this.home = home;
        this.connections = connections;
        this.replicas = replicas;
        this.operations = operations;
        this.directory = directory;
    }

    /** Copies (or with {@code move}, moves) {@code chunk} from {@code source} to {@code destination}; returns the operation id. */
    public String copy(Hypertable hypertable, Chunk chunk, DataNode source, DataNode destination, boolean move, Optional<String> id) {
        requireMovable(hypertable, chunk, source.name(), destination.name());
        Operation operation = new Operation(id.orElseGet(() -> operations.newId(chunk.id())), chunk.id(), source.name(),
                destination.name(), move, "init");
        operations.start(operation);
        FaultInjection.point(FaultInjection.CHUNK_COPY_STAGE + operation.completedStage());
        try {
            run(hypertable, chunk, source, operation);
        } catch (RuntimeException e) {
            operations.failed(operation.id(), e.getMessage());
            try {
                undo(operation, chunk);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
                LOG.warn("could not undo chunk copy {}; call cleanup_copy_chunk_operation: {}", operation.id(), cleanup.getMessage());
            }
            throw e;
        }
        return operation.id();
    }

    private void requireMovable(Hypertable hypertable, Chunk chunk, String source, String destination) {
        if (source.equals(destination)) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "source and destination data node are the same: \"" + source + "\"");
        }
        if (!chunk.replicas().contains(source)) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "chunk \"" + chunk.tableName()
                    + "\" has no fresh replica on data node \"" + source + "\"");
        }
        if (chunk.allReplicas().contains(destination)) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "chunk \"" + chunk.tableName()
                    + "\" already has a replica on data node \"" + destination + "\"");
        }
        if (!hypertable.dataNodes().contains(destination)) {
            throw TimeshardException.of(ErrorCode.INVALID_PARAMETER_VALUE, "data node \"" + destination
                    + "\" is not attached to hypertable \"" + hypertable.displayName() + "\"");
        }
        connections.health().requireAvailable(source);
        connections.health().requireAvailable(destination);
    }

    private void run(Hypertable hypertable, Chunk chunk, DataNode source, Operation operation) {
        String table = ChunkTables.qualified(chunk);
        String name = SqlText.identifier(operation.id());
        String slot = SqlText.literal(operation.id());
        long started = System.currentTimeMillis();
        RootTable root;
        try (Connection connection = home.getConnection()) {
            root = ChunkCopy.rootTable(connection, hypertable);
        } catch (SQLException e) {
            throw TimeshardException.of(ErrorCode.INTERNAL_ERROR, "could not read the root table: " + e.getMessage(), e);
        }
        execute(operation.source(), statement -> requireLogicalWal(statement, operation.source()));
        // The table first and its indexes once the rows are in: building an index is cheaper than keeping it up row by row.
        List<String> create = ChunkTables.createStatements(hypertable, root, chunk);
        execute(operation.destination(), statement -> {
            statement.execute("DROP TABLE IF EXISTS " + table);
            statement.execute(create.get(0));
        });
        stage(operation, "create_empty_chunk");
        // Updates and deletes replicate by the whole old row: chunks have no primary key to go by.
        execute(operation.source(), statement -> {
            statement.execute("ALTER TABLE " + table + " REPLICA IDENTITY FULL");
            statement.execute("CREATE PUBLICATION " + name + " FOR TABLE " + table);
        });
        stage(operation, "create_publication");
        execute(operation.source(), statement -> statement.execute("SELECT pg_create_logical_replication_slot(" + slot + ", 'pgoutput')"));
        stage(operation, "create_replication_slot");
        execute(operation.destination(), statement -> statement.execute("CREATE SUBSCRIPTION " + name + " CONNECTION "
                + SqlText.literal(conninfo(source)) + " PUBLICATION " + name + " WITH (create_slot = false, slot_name = " + slot
                + ", copy_data = true)"));
        stage(operation, "create_subscription");
        awaitInitialCopy(operation);
        execute(operation.destination(), statement -> {
            for (String sql : create.subList(1, create.size())) {
                statement.execute(sql);
            }
        });
        stage(operation, "sync");
        pause(Math.max(0, started + NOTICE_MILLIS - System.currentTimeMillis()));
        awaitNearlyCaughtUp(operation, table);
        switchOver(chunk, operation, table);
        stage(operation, SWITCHED);
        finish(operation, chunk);
    }

    private static void requireLogicalWal(Statement statement, String node) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SHOW wal_level")) {
            rows.next();
            if (!rows.getString(1).equals("logical")) {
                throw TimeshardException.of(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE, "data node \"" + node + "\" runs with wal_level = "
                        + rows.getString(1) + ": copying a chunk off it needs wal_level = logical")
                        .withHint("Set wal_level = logical in the data node's postgresql.conf and restart it.");
            }
        }
    }

    /** Waits until the subscription copied the chunk's rows and streams its changes. */
    private void awaitInitialCopy(Operation operation) {
        long deadline = System.currentTimeMillis() + SYNC_TIMEOUT_MILLIS;
        while (true) {
            String state = query(operation.destination(), statement -> {
                try (ResultSet rows = statement.executeQuery("SELECT r.srsubstate FROM pg_subscription_rel r JOIN pg_subscription s"
                        + " ON s.oid = r.srsubid WHERE s.subname = " + SqlText.literal(operation.id()))) {
                    return rows.next() ? rows.getString(1) : "";
                }
            });
            if (state.equals("r")) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw TimeshardException.of(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE, "the copy of the chunk to data node \""
                        + operation.destination() + "\" did not catch up in time (state " + state + ")");
            }
            pause(50);
        }
    }

    /**
     * Before the switch-over takes the lock: the destination's apply fell behind while its indexes
     * were built, and writes must not wait for it to catch up.
     */
    private void awaitNearlyCaughtUp(Operation operation, String table) {
        long deadline = System.currentTimeMillis() + CATCH_UP_TIMEOUT_MILLIS * 6;
        String count = "SELECT count(*) FROM " + table;
        while (System.currentTimeMillis() < deadline) {
            long behind = Long.parseLong(query(operation.source(), statement -> value(statement, count)))
                    - Long.parseLong(query(operation.destination(), statement -> value(statement, count)));
            if (behind <= NEARLY_CAUGHT_UP_ROWS) {
                return;
            }
            pause(100);
        }
    }

    private static String value(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /**
     * Under the source's lock (writes wait, at most {@value #SWITCH_LOCK_TIMEOUT} for it at a time):
     * waits for the destination to hold the same rows, stops the subscription, and records the
     * destination as a replica (and, for a move, the source as none) before the lock is released.
     */
    private void switchOver(Chunk chunk, Operation operation, String table) {
        for (int attempt = 1; ; attempt++) {
            try (Connection from = connections.open(operation.source())) {
                from.setAutoCommit(false);
                try {
                    ChunkCopy.run(from, "SET LOCAL lock_timeout = '" + SWITCH_LOCK_TIMEOUT + "'");
                    ChunkCopy.run(from, "LOCK TABLE " + table + " IN EXCLUSIVE MODE");
                    // Writes wait from here: both sides are summed at once, and nothing changes either once they agree.
                    CompletableFuture<String> targetSum = CompletableFuture.supplyAsync(() -> destinationSum(operation, table),
                            task -> Thread.ofVirtual().start(task));
                    String sourceSum = ChunkCopy.checksum(from, table);
                    awaitSameRows(operation, table, sourceSum, targetSum.join());
                    stopSubscription(operation);
                    replicas.recordCopy(chunk, operation.destination(), operation.move() ? Optional.of(operation.source()) : Optional.empty());
                    directory.invalidate(chunk.hypertableId());
                    from.commit();
                    return;
                } finally {
                    from.rollback();
                }
            } catch (SQLException e) {
                if (!"55P03".equals(e.getSQLState()) || attempt >= SWITCH_ATTEMPTS) {
                    throw TimeshardException.of(ErrorCode.DATA_NODE_ERROR, "the switch-over of chunk " + chunk.tableName() + " failed: "
                            + e.getMessage(), e);
                }
                LOG.debug("switch-over of {} waits for writers (attempt {})", chunk.tableName(), attempt);
                pause(100);
            }
        }
    }

    /** Returns once the destination holds the source's rows (row count and checksum), {@code firstSum} its first reading. */
    private void awaitSameRows(Operation operation, String table, String sourceSum, String firstSum) {
        long deadline = System.currentTimeMillis() + CATCH_UP_TIMEOUT_MILLIS;
        String targetSum = firstSum;
        while (!targetSum.equals(sourceSum)) {
            if (System.currentTimeMillis() > deadline) {
                throw TimeshardException.of(ErrorCode.DATA_NODE_ERROR, "the copy on data node \"" + operation.destination()
                        + "\" did not catch up with the chunk's last changes in time: " + targetSum + " against " + sourceSum);
            }
            pause(20);
            targetSum = destinationSum(operation, table);
        }
    }

    private String destinationSum(Operation operation, String table) {
        return query(operation.destination(), statement -> ChunkCopy.checksum(statement.getConnection(), table));
    }

    /** Stops and drops the subscription without reaching the source (the slot is dropped there separately). */
    private void stopSubscription(Operation operation) {
        String name = SqlText.identifier(operation.id());
        execute(operation.destination(), statement -> {
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_subscription WHERE subname = "
                    + SqlText.literal(operation.id()))) {
                rows.next();
                if (rows.getLong(1) == 0) {
                    return;
                }
            }
            statement.execute("ALTER SUBSCRIPTION " + name + " DISABLE");
            statement.execute("ALTER SUBSCRIPTION " + name + " SET (slot_name = NONE)");
            statement.execute("DROP SUBSCRIPTION " + name);
        });
    }

    /** After the switch: the replication objects go, and for a move the source copy. */
    private void finish(Operation operation, Chunk chunk) {
        stopSubscription(operation);
        stage(operation, "drop_subscription");
        dropSlot(operation);
        stage(operation, "drop_replication_slot");
        dropPublication(operation, chunk);
        stage(operation, "drop_publication");
        if (operation.move()) {
            execute(operation.source(), statement -> statement.execute("DROP TABLE IF EXISTS " + ChunkTables.qualified(chunk)));
            replicas.forgetPendingDrop(new ReplicaCatalog.NodeTable(operation.source(), chunk.schemaName(), chunk.tableName()));
            stage(operation, "delete_chunk");
        }
        stage(operation, COMPLETE);
        LOG.info("{} chunk {} from {} to {}", operation.move() ? "moved" : "copied", chunk.tableName(), operation.source(),
                operation.destination());
    }

    private void dropPublication(Operation operation, Chunk chunk) {
        execute(operation.source(), statement -> {
            statement.execute("DROP PUBLICATION IF EXISTS " + SqlText.identifier(operation.id()));
            if (chunk != null) {
                statement.execute("ALTER TABLE IF EXISTS " + ChunkTables.qualified(chunk) + " REPLICA IDENTITY DEFAULT");
            }
        });
    }

    /** The slot stays busy until the source's sender notices the subscription is gone. */
    private void dropSlot(Operation operation) {
        long deadline = System.currentTimeMillis() + CATCH_UP_TIMEOUT_MILLIS;
        while (true) {
            try {
                execute(operation.source(), statement -> statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM"
                        + " pg_replication_slots WHERE slot_name = " + SqlText.literal(operation.id())));
                return;
            } catch (TimeshardException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                pause(100);
            }
        }
    }

    /**
     * Finishes an operation cut short after its switch-over, or undoes one cut short before: no
     * subscription, slot or publication is left, and the chunk is on exactly its recorded replicas.
     */
    public void cleanup(String id, Chunk chunk) {
        Operation operation = operations.find(id).orElseThrow(() -> TimeshardException.of(ErrorCode.UNDEFINED_OBJECT,
                "chunk copy operation \"" + id + "\" does not exist"));
        if (operation.completedStage().equals(COMPLETE)) {
            operations.delete(id);
            return;
        }
        if (chunk != null && chunk.allReplicas().contains(operation.destination()) && !operation.completedStage().equals("init")) {
            finish(operation, chunk);
        } else {
            undo(operation, chunk);
        }
        operations.delete(id);
    }

    private void undo(Operation operation, Chunk chunk) {
        stopSubscription(operation);
        dropSlot(operation);
        dropPublication(operation, chunk);
        if (chunk != null && !replicas.freshReplicas(List.of(chunk.id())).getOrDefault(chunk.id(), java.util.Set.of())
                .contains(operation.destination())) {
            execute(operation.destination(), statement -> statement.execute("DROP TABLE IF EXISTS " + ChunkTables.qualified(chunk)));
        }
    }

    private void stage(Operation operation, String stage) {
        operations.completed(operation.id(), stage);
        FaultInjection.point(FaultInjection.CHUNK_COPY_STAGE + stage);
    }

    @FunctionalInterface
    private interface NodeWork<T> {
        T run(Statement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface NodeStep {
        void run(Statement statement) throws SQLException;
    }

    private void execute(String node, NodeStep step) {
        query(node, statement -> {
            step.run(statement);
            return null;
        });
    }

    private <T> T query(String node, NodeWork<T> work) {
        try (Connection connection = connections.open(node); Statement statement = connection.createStatement()) {
            return work.run(statement);
        } catch (SQLException e) {
            throw RemoteErrors.from(node, e);
        }
    }

    private static String conninfo(DataNode node) {
        StringBuilder info = new StringBuilder();
        info.append("host=").append(quoted(node.host())).append(" port=").append(node.port()).append(" dbname=")
                .append(quoted(node.database())).append(" user=").append(quoted(node.owner()));
        node.password().ifPresent(password -> info.append(" password=").append(quoted(password)));
        return info.toString();
    }

    /** A libpq connection-string value. */
    private static String quoted(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TimeshardException.of(ErrorCode.QUERY_CANCELED, "interrupted while copying a chunk", e);
        }
    }
}
