package io.timeshard.distributed;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One side of a differential test (timeshard, or the plain PostgreSQL holding the same rows): a
 * connection prepared as {@link DifferentialData} wants, replaced when a failure broke it.
 */
final class QuerySide {
    private final ConnectionSource source;
    private final int timeoutSeconds;
    private Connection connection;

    QuerySide(ConnectionSource source, int timeoutSeconds) {
        this.source = source;
        this.timeoutSeconds = timeoutSeconds;
    }

    Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DifferentialData.prepare(source.connect());
        }
        return connection;
    }

    QueryResult query(String sql) throws SQLException {
        return query(sql, QueryExecution.PLAIN);
    }

    /** The query's rows, read as {@code execution} says. */
    QueryResult query(String sql, QueryExecution execution) throws SQLException {
        try {
            return execution.run(connection(), sql, timeoutSeconds);
        } catch (SQLException e) {
            if (connection != null && !connection.isValid(5)) {
                close();
            }
            throw e;
        }
    }

    void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing a connection that broke: nothing left to release.
            }
            connection = null;
        }
    }

    /** An error as the reports print it: its SQLSTATE and its message on one line. */
    static String describe(SQLException e) {
        return e.getSQLState() + " " + String.valueOf(e.getMessage()).replace("\n", " ");
    }

    @FunctionalInterface
    interface ConnectionSource {
        Connection connect() throws SQLException;
    }
}
