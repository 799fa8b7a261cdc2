package io.timeshard.exec;

import io.timeshard.cluster.ClientSettings;
import io.timeshard.cluster.RemoteErrors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The rows of one remote query, fetched in batches through a cursor (the node's transaction is
 * open), so that a result of any size passes through the access node in bounded memory.
 */
public final class NodeCursor implements AutoCloseable {
    private static final int FETCH_SIZE = 2000;

    /**
     * A remote query to open: the node, its connection, whether the connection is the query's own
     * from a pool (given back when the cursor closes, its transaction rolled back) rather than the
     * session's, the client's settings to apply first, the SQL with "?" placeholders and their
     * values as text, and whether the node should read in page order (by bitmap scans; see
     * {@code PushDownPlanner.readsInPageOrder}). In a transaction the rows come through a portal in
     * batches; in autocommit (a query of few rows, which saves BEGIN and COMMIT) they are read at once.
     */
    public record Request(String node, Connection connection, boolean pooled, ClientSettings settings, String sql, List<String> values,
                          boolean pageOrder) {}

    /** Index scans off for the transaction: a node reading in page order plans bitmap scans instead. */
    private static final Map<String, String> PAGE_ORDER = Map.of("enable_indexscan", "off");

    private final String node;
    private final Connection connection;
    private final boolean pooled;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final int columns;
    private final long started;
    private long rowCount;
    private long finished;

    private NodeCursor(Request request, PreparedStatement statement, ResultSet rows, long started) throws SQLException {
        this.node = request.node();
        this.connection = request.connection();
        this.pooled = request.pooled();
        this.statement = statement;
        this.rows = rows;
        this.columns = rows.getMetaData().getColumnCount();
        this.started = started;
    }

    /** Opens every request at once, each on its own virtual thread; the first failure closes the others and is thrown, naming its node. */
    public static List<NodeCursor> openAll(List<Request> requests) {
        if (requests.size() == 1) {
            return List.of(open(requests.get(0)));
        }
        List<Future<NodeCursor>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Request request : requests) {
                futures.add(threads.submit(() -> open(request)));
            }
        }
        List<NodeCursor> cursors = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<NodeCursor> future : futures) {
            try {
                cursors.add(future.get());
            } catch (ExecutionException e) {
                failure = failure != null ? failure : e.getCause() instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted while opening remote queries", e);
            }
        }
        if (failure != null) {
            cursors.forEach(NodeCursor::close);
            throw failure;
        }
        return cursors;
    }

    private static NodeCursor open(Request request) {
        long started = System.nanoTime();
        PreparedStatement statement = null;
        try {
            request.settings().applyTo(request.connection(), request.pageOrder() ? PAGE_ORDER : Map.of());
            statement = request.connection().prepareStatement(request.settings().marked(request.sql()));
            statement.setFetchSize(FETCH_SIZE);
            for (int i = 0; i < request.values().size(); i++) {
                if (request.values().get(i) == null) {
                    statement.setNull(i + 1, Types.OTHER);
                } else {
                    statement.setObject(i + 1, request.values().get(i), Types.OTHER);
                }
            }
            return new NodeCursor(request, statement, statement.executeQuery(), started);
        } catch (SQLException e) {
            closeQuietly(statement);
            if (request.pooled()) {
                release(request.connection());
            }
            throw RemoteErrors.from(request.node(), e);
        }
    }

    public String node() {
        return node;
    }

    public Connection connection() {
        return connection;
    }

    /** The next row's values as the node printed them, or null after the last. */
    public List<String> next() {
        try {
            if (!rows.next()) {
                if (finished == 0) {
                    finished = System.nanoTime();
                }
                return null;
            }
            List<String> row = new ArrayList<>(columns);
            for (int i = 1; i <= columns; i++) {
                row.add(rows.getString(i));
            }
            rowCount++;
            return row;
        } catch (SQLException e) {
            throw RemoteErrors.from(node, e);
        }
    }

    public long rowCount() {
        return rowCount;
    }

    /** Milliseconds from sending the query to reading its last row (or until now). */
    public double elapsedMillis() {
        return ((finished == 0 ? System.nanoTime() : finished) - started) / 1_000_000.0;
    }

    /**
     * Gives a pooled connection back, after a rollback if it is in a transaction; synchronously, so
     * that the next query finds the same connections idle again, with their prepared remote queries.
     */
    @Override
    public void close() {
        closeQuietly(statement);
        if (pooled) {
            release(connection);
        }
    }

    /** Ends the read-only transaction, if any, and gives the connection back to its pool. */
    private static void release(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // a broken connection is dropped by its pool
        } finally {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // likewise
            }
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        if (statement != null) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // the transaction's end releases the cursor anyway
            }
        }
    }
}
