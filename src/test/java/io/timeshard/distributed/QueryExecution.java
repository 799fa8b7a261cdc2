package io.timeshard.distributed;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * How the differential test runs a corpus query, the same way on both sides: as one statement, or
 * as clients read results in read-only transactions and in steps. The rows read in steps are put
 * together into one result; a scroll cursor's are the rows read forwards followed by all of them
 * read backwards from the end.
 */
record QueryExecution(Mode mode, int batch) {
    static final QueryExecution PLAIN = new QueryExecution(Mode.PLAIN, 0);
    private static final String CURSOR_NAME = "corpus_cursor";

    enum Mode {
        /** One simple-protocol statement in autocommit. */
        PLAIN("", false),
        /** Inside {@code START TRANSACTION READ ONLY} ... {@code COMMIT}. */
        READ_ONLY("read only", false),
        /** {@code DECLARE ... NO SCROLL CURSOR} in a transaction block, {@code FETCH FORWARD batch} until the end. */
        CURSOR("cursor", true),
        /** {@code DECLARE ... SCROLL CURSOR} in a transaction block, fetched forwards in batches, then {@code FETCH BACKWARD ALL}. */
        SCROLL_CURSOR("scroll cursor", true),
        /** {@code DECLARE ... CURSOR WITH HOLD} in autocommit, fetched in batches after its transaction ended, then closed. */
        HOLD_CURSOR("hold cursor", true),
        /** In a JDBC transaction with {@code setFetchSize(batch)}: Execute messages with a row limit, portals suspended. */
        FETCH_SIZE("fetch size", true);

        private final String label;
        private final boolean batched;

        Mode(String label, boolean batched) {
            this.label = label;
            this.batched = batched;
        }
    }

    QueryExecution {
        requireNonNull(mode, "mode is null");
        if (mode.batched != batch > 0) {
            throw new IllegalArgumentException(mode.batched ? mode.label + " needs a positive number of rows" : mode + " takes no number of rows");
        }
    }

    /** An option as corpus entries spell it between brackets: {@code read only}, {@code cursor 7}, {@code fetch size 50}, ... */
    static QueryExecution parse(String option) {
        String text = option.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        for (Mode mode : Mode.values()) {
            if (mode == Mode.PLAIN) {
                continue;
            }
            if (!mode.batched && text.equals(mode.label)) {
                return new QueryExecution(mode, 0);
            }
            if (mode.batched && text.matches("\\Q" + mode.label + "\\E [0-9]{1,6}")) {
                return new QueryExecution(mode, Integer.parseInt(text.substring(mode.label.length() + 1)));
            }
        }
        throw new IllegalArgumentException("unknown execution [" + option + "]: expected read only, cursor N, scroll cursor N,"
                + " hold cursor N or fetch size N");
    }

    String label() {
        return mode.batched ? mode.label + " " + batch : mode.label;
    }

    QueryResult run(Connection connection, String sql, int timeoutSeconds) throws SQLException {
        requireNonNull(connection, "connection is null");
        requireNonNull(sql, "sql is null");
        return switch (mode) {
            case PLAIN -> QueryResult.of(connection, sql, timeoutSeconds);
            case READ_ONLY -> inTransactionBlock(connection, "START TRANSACTION READ ONLY", timeoutSeconds,
                    () -> QueryResult.of(connection, sql, timeoutSeconds));
            case CURSOR -> inTransactionBlock(connection, "BEGIN", timeoutSeconds,
                    () -> fetchAll(connection, "DECLARE " + CURSOR_NAME + " NO SCROLL CURSOR FOR " + sql, false, timeoutSeconds));
            case SCROLL_CURSOR -> inTransactionBlock(connection, "BEGIN", timeoutSeconds,
                    () -> fetchAll(connection, "DECLARE " + CURSOR_NAME + " SCROLL CURSOR FOR " + sql, true, timeoutSeconds));
            case HOLD_CURSOR -> withHold(connection, sql, timeoutSeconds);
            case FETCH_SIZE -> withFetchSize(connection, sql, timeoutSeconds);
        };
    }

    private QueryResult fetchAll(Connection connection, String declare, boolean backwardsToo, int timeoutSeconds) throws SQLException {
        execute(connection, declare, timeoutSeconds);
        QueryResult first = null;
        List<List<String>> rows = new ArrayList<>();
        while (true) {
            QueryResult step = QueryResult.of(connection, "FETCH FORWARD " + batch + " FROM " + CURSOR_NAME, timeoutSeconds);
            first = first == null ? step : first;
            rows.addAll(step.rows());
            if (step.rows().size() < batch) {
                break;
            }
        }
        if (backwardsToo) {
            rows.addAll(QueryResult.of(connection, "FETCH BACKWARD ALL FROM " + CURSOR_NAME, timeoutSeconds).rows());
        }
        execute(connection, "CLOSE " + CURSOR_NAME, timeoutSeconds);
        return new QueryResult(first.labels(), first.types(), rows);
    }

    private QueryResult withHold(Connection connection, String sql, int timeoutSeconds) throws SQLException {
        try {
            return fetchAll(connection, "DECLARE " + CURSOR_NAME + " CURSOR WITH HOLD FOR " + sql, false, timeoutSeconds);
        } catch (SQLException e) {
            try {
                execute(connection, "CLOSE ALL", timeoutSeconds);
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private QueryResult withFetchSize(Connection connection, String sql, int timeoutSeconds) throws SQLException {
        connection.setAutoCommit(false);
        try {
            QueryResult result;
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(batch);
                statement.setQueryTimeout(timeoutSeconds);
                try (ResultSet rows = statement.executeQuery(sql)) {
                    result = QueryResult.read(rows);
                }
            }
            connection.commit();
            return result;
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException rollingBack) {
                e.addSuppressed(rollingBack);
            }
            throw e;
        } finally {
            if (!connection.isClosed()) {
                connection.setAutoCommit(true);
            }
        }
    }

    private static QueryResult inTransactionBlock(Connection connection, String begin, int timeoutSeconds, Body body) throws SQLException {
        execute(connection, begin, timeoutSeconds);
        try {
            QueryResult result = body.run();
            execute(connection, "COMMIT", timeoutSeconds);
            return result;
        } catch (SQLException e) {
            try {
                execute(connection, "ROLLBACK", timeoutSeconds);
            } catch (SQLException rollingBack) {
                e.addSuppressed(rollingBack);
            }
            throw e;
        }
    }

    private static void execute(Connection connection, String sql, int timeoutSeconds) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds);
            statement.execute(sql);
        }
    }

    @FunctionalInterface
    private interface Body {
        QueryResult run() throws SQLException;
    }
}
