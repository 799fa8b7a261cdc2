package io.timeshard.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The ingest measures of BENCHMARK.md, taken on fresh servers: COPY of all rows, then multi-row
 * INSERT of the first rows into a second table, each into plain PostgreSQL first and then into
 * timeshard, with the row counts checked on both sides after every load.
 */
public final class IngestBenchmark {
    static final WorkloadTable COPY_TABLE = new WorkloadTable("conditions");
    static final WorkloadTable INSERT_TABLE = new WorkloadTable("conditions_insert");
    private static final String TIMESHARD = "timeshard";
    private static final String PLAIN = "plain PostgreSQL";

    private final IngestOptions options;
    private final PrintStream progressOut;

    public IngestBenchmark(IngestOptions options, PrintStream progressOut) {
        this.options = requireNonNull(options, "options is null");
        this.progressOut = requireNonNull(progressOut, "progressOut is null");
    }

    /** Starts the servers, takes the measures, stops the servers and removes their scratch data. */
    public BenchmarkReport run() {
        try (WorkDirectory work = WorkDirectory.create(options.workDirectory());
             BenchmarkServers servers = BenchmarkServers.start(work.path(), options.dataNodes(), options.pgHome());
             Connection timeshard = servers.connectTimeshard();
             Connection plain = servers.connectPlain()) {
            String version = postgresVersion(plain);
            IngestMeasure copy = measureCopy(timeshard, plain);
            IngestMeasure insert = measureInsert(timeshard, plain);
            return new BenchmarkReport(Runtime.getRuntime().availableProcessors(), version, options.rows(), options.dataNodes(),
                    List.of(copy, insert));
        } catch (SQLException e) {
            throw new IllegalStateException("the ingest benchmark failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("the ingest benchmark failed: " + e.getMessage(), e);
        }
    }

    private IngestMeasure measureCopy(Connection timeshard, Connection plain) throws SQLException, IOException {
        createTables(timeshard, plain, COPY_TABLE);
        long rows = options.rows();
        LoadResult plainResult = WorkloadLoader.copy(plain, COPY_TABLE, rows, progress("COPY into " + PLAIN, rows));
        WorkloadLoader.verifyRowCount(plain, COPY_TABLE, rows, PLAIN);
        LoadResult timeshardResult = WorkloadLoader.copy(timeshard, COPY_TABLE, rows, progress("COPY into " + TIMESHARD, rows));
        WorkloadLoader.verifyRowCount(timeshard, COPY_TABLE, rows, TIMESHARD);
        return new IngestMeasure("copy_csv", String.format("COPY CSV, %,d rows", rows), timeshardResult, plainResult);
    }

    private IngestMeasure measureInsert(Connection timeshard, Connection plain) throws SQLException {
        createTables(timeshard, plain, INSERT_TABLE);
        long rows = options.insertRows();
        LoadResult plainResult = WorkloadLoader.insert(plain, INSERT_TABLE, rows, progress("INSERT into " + PLAIN, rows));
        WorkloadLoader.verifyRowCount(plain, INSERT_TABLE, rows, PLAIN);
        LoadResult timeshardResult = WorkloadLoader.insert(timeshard, INSERT_TABLE, rows, progress("INSERT into " + TIMESHARD, rows));
        WorkloadLoader.verifyRowCount(timeshard, INSERT_TABLE, rows, TIMESHARD);
        return new IngestMeasure("insert_multirow", String.format("INSERT %,d rows/statement, %,d rows", InsertStatements.ROWS_PER_STATEMENT,
                rows), timeshardResult, plainResult);
    }

    /** The same table on both sides: a distributed hypertable on timeshard, a plain table with the same two indexes on PostgreSQL. */
    private static void createTables(Connection timeshard, Connection plain, WorkloadTable table) throws SQLException {
        try (Statement statement = timeshard.createStatement()) {
            statement.execute(table.createTable());
            statement.execute(table.createDistributedHypertable());
        }
        try (Statement statement = plain.createStatement()) {
            statement.execute(table.createTable());
            for (String index : table.createBaselineIndexes()) {
                statement.execute(index);
            }
        }
    }

    private static String postgresVersion(Connection plain) throws SQLException {
        try (Statement statement = plain.createStatement(); ResultSet result = statement.executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1);
        }
    }

    private ProgressBar progress(String label, long total) {
        return new ProgressBar(label, total, progressOut);
    }
}
