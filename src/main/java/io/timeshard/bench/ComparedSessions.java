package io.timeshard.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static java.util.Objects.requireNonNull;

/**
 * One session on each system a benchmark compares, on scratch servers started for the run, and the
 * steps every benchmark takes on both alike: plain PostgreSQL first, then timeshard. Used by the one
 * thread that runs the benchmark.
 */
final class ComparedSessions {
    static final String TIMESHARD = "timeshard";
    static final String PLAIN = "plain PostgreSQL";

    /** A benchmark's work once both servers are up. */
    interface Steps<T> {
        T take(ComparedSessions sessions) throws SQLException, IOException;
    }

    private final Connection timeshard;
    private final Connection plain;
    private final PrintStream progressOut;

    private ComparedSessions(Connection timeshard, Connection plain, PrintStream progressOut) {
        this.timeshard = timeshard;
        this.plain = plain;
        this.progressOut = requireNonNull(progressOut, "progressOut is null");
    }

    /** Starts both systems as the setup says, takes the steps, then stops the servers and removes their scratch data. */
    static <T> T onScratchServers(String benchmark, BenchmarkSetup setup, PrintStream progressOut, Steps<T> steps) {
        try (WorkDirectory work = WorkDirectory.create(setup.workDirectory());
             BenchmarkServers servers = BenchmarkServers.start(work.path(), setup.dataNodes(), setup.pgHome());
             Connection timeshard = servers.connectTimeshard();
             Connection plain = servers.connectPlain()) {
            return steps.take(new ComparedSessions(timeshard, plain, progressOut));
        } catch (SQLException e) {
            throw new IllegalStateException("the " + benchmark + " benchmark failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("the " + benchmark + " benchmark failed: " + e.getMessage(), e);
        }
    }

    Connection timeshard() {
        return timeshard;
    }

    Connection plain() {
        return plain;
    }

    String postgresVersion() throws SQLException {
        try (Statement statement = plain.createStatement(); ResultSet result = statement.executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1);
        }
    }

    /** The same table on both sides: a distributed hypertable on timeshard, a plain table with the same two indexes on PostgreSQL. */
    void createWorkloadTable(WorkloadTable table) throws SQLException {
        execute(plain, table.createTable());
        for (String index : table.createBaselineIndexes()) {
            execute(plain, index);
        }
        execute(timeshard, table.createTable());
        execute(timeshard, table.createDistributedHypertable());
    }

    /** Loads the first rows into the table on each system in turn, untimed: a warm-up before a measure. */
    void warmUpBoth(WorkloadTable table, long rows, LoadMethod method) throws SQLException, IOException {
        method.load(plain, table, rows, progress("warm-up " + method + " into " + PLAIN, rows));
        settle(plain, PLAIN, table.name());
        method.load(timeshard, table, rows, progress("warm-up " + method + " into " + TIMESHARD, rows));
        settle(timeshard, TIMESHARD, table.name());
    }

    /** Loads the first rows into the table on each system in turn, timed, and checks each side's row count afterwards. */
    IngestMeasure loadIntoBoth(String measureName, String description, WorkloadTable table, long rows, LoadMethod method)
            throws SQLException, IOException {
        LoadResult plainResult = method.load(plain, table, rows, progress(method + " into " + PLAIN, rows));
        WorkloadLoader.verifyRowCount(plain, table, rows, PLAIN);
        settle(plain, PLAIN, table.name());
        LoadResult timeshardResult = method.load(timeshard, table, rows, progress(method + " into " + TIMESHARD, rows));
        WorkloadLoader.verifyRowCount(timeshard, table, rows, TIMESHARD);
        settle(timeshard, TIMESHARD, table.name());
        return new IngestMeasure(measureName, description, timeshardResult, plainResult);
    }

    /** {@link #settle} of tables loaded by other means than {@link #loadIntoBoth}: on plain PostgreSQL, then on timeshard. */
    void settleBoth(String... tables) throws SQLException {
        settle(plain, PLAIN, tables);
        settle(timeshard, TIMESHARD, tables);
    }

    /**
     * After a load, untimed, as users do after bulk loads: VACUUM ANALYZE of the loaded tables and a
     * checkpoint on every server of the system. Otherwise the servers' autovacuum and checkpointer
     * do that work later, at random points, during the other system's measure.
     */
    private void settle(Connection connection, String system, String... tables) throws SQLException {
        for (String table : tables) {
            timedExecute(connection, system, "VACUUM ANALYZE " + table);
        }
        timedExecute(connection, system, "CHECKPOINT");
        if (connection == timeshard) {
            timedExecute(connection, system, "CALL distributed_exec('CHECKPOINT')");
        }
    }

    private void timedExecute(Connection connection, String system, String sql) throws SQLException {
        progressOut.printf("%s on %s ...", sql, system);
        progressOut.flush();
        long start = System.nanoTime();
        execute(connection, sql);
        progressOut.printf(" %.1fs%n", (System.nanoTime() - start) / 1e9);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private ProgressBar progress(String label, long total) {
        return new ProgressBar(label, total, progressOut);
    }
}
