package io.timeshard.bench;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Loads the first N workload rows into a table over one connection, timed, and checks what arrived. */
final class WorkloadLoader {
    private WorkloadLoader() {}

    /** COPY ... FROM STDIN (FORMAT csv), the CSV generated while pgjdbc sends it. */
    static LoadResult copy(Connection connection, WorkloadTable table, long rows, ProgressBar progress) throws SQLException, IOException {
        var copyApi = connection.unwrap(PGConnection.class).getCopyAPI();
        CsvWorkloadStream csv = new CsvWorkloadStream(rows, progress::update);
        long start = System.nanoTime();
        long copied = copyApi.copyIn(table.copyCsvFromStdin(), csv, 64 * 1024);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        progress.finish(rows);
        if (copied != rows) {
            throw new IllegalStateException("COPY into " + table.name() + " reported " + copied + " rows, expected " + rows);
        }
        return new LoadResult(rows, elapsed);
    }

    /** Multi-row INSERT statements of {@link InsertStatements#ROWS_PER_STATEMENT} rows, each sent as SQL text and autocommitted. */
    static LoadResult insert(Connection connection, WorkloadTable table, long rows, ProgressBar progress) throws SQLException {
        InsertStatements statements = new InsertStatements(table);
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            for (long from = 0; from < rows; from += InsertStatements.ROWS_PER_STATEMENT) {
                long to = Math.min(rows, from + InsertStatements.ROWS_PER_STATEMENT);
                statement.execute(statements.rows(from, to));
                if (statement.getUpdateCount() != to - from) {
                    throw new IllegalStateException("INSERT into " + table.name() + " reported " + statement.getUpdateCount()
                            + " rows, expected " + (to - from));
                }
                progress.update(to);
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        progress.finish(rows);
        return new LoadResult(rows, elapsed);
    }

    /** Fails unless the table holds exactly {@code expected} rows. */
    static void verifyRowCount(Connection connection, WorkloadTable table, long expected, String system) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(table.countRows())) {
            result.next();
            long actual = result.getLong(1);
            if (actual != expected) {
                throw new IllegalStateException(system + ": " + table.name() + " holds " + actual + " rows after the load, expected "
                        + expected);
            }
        }
    }
}
