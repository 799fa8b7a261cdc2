package io.timeshard.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Times a query as BENCHMARK.md asks: one warm-up run, then {@value #TIMED_RUNS} timed runs in the
 * same session, each a plain Statement whose rows are all read before the clock stops.
 */
final class QueryTimer {
    static final int TIMED_RUNS = 5;

    private QueryTimer() {}

    static QueryTimings time(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long rows = readAllRows(statement, sql);
            List<Duration> runs = new ArrayList<>(TIMED_RUNS);
            for (int run = 0; run < TIMED_RUNS; run++) {
                long start = System.nanoTime();
                long runRows = readAllRows(statement, sql);
                runs.add(Duration.ofNanos(System.nanoTime() - start));
                if (runRows != rows) {
                    // The workload does not change while it is queried, so this would be a wrong answer, not a timing matter.
                    throw new IllegalStateException("the query returned " + runRows + " rows, " + rows + " in the warm-up: " + sql);
                }
            }
            return new QueryTimings(rows, runs);
        }
    }

    /** Runs the query and steps through every row, so the time includes the whole result's transfer. */
    private static long readAllRows(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            long rows = 0;
            while (result.next()) {
                rows++;
            }
            return rows;
        }
    }
}
