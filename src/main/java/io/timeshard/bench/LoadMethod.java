package io.timeshard.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/** The ways of loading the workload that BENCHMARK.md measures. */
enum LoadMethod {
    COPY,
    INSERT;

    LoadResult load(Connection connection, WorkloadTable table, long rows, ProgressBar progress) throws SQLException, IOException {
        return switch (this) {
            case COPY -> WorkloadLoader.copy(connection, table, rows, progress);
            case INSERT -> WorkloadLoader.insert(connection, table, rows, progress);
        };
    }
}
