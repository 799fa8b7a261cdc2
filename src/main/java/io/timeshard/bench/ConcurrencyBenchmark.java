package io.timeshard.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Many small statements from many clients at once (a pgbench-like load through pgjdbc): every
 * {@link ConcurrencyScript} in the simple and the extended protocol, on a distributed hypertable
 * and on one plain PostgreSQL table with TimescaleDB's two default indexes, plain first.
 */
public final class ConcurrencyBenchmark {
    private static final String TABLE = ConcurrencyScript.TABLE;
    private static final String COLUMNS = "(time timestamptz NOT NULL, device int NOT NULL, value float8, note text)";

    private final BenchmarkSetup setup;
    private final int clients;
    private final double seconds;
    private final PrintStream progressOut;

    public ConcurrencyBenchmark(BenchmarkSetup setup, int clients, double seconds, PrintStream progressOut) {
        this.setup = requireNonNull(setup, "setup is null");
        this.clients = clients;
        this.seconds = seconds;
        this.progressOut = requireNonNull(progressOut, "progressOut is null");
    }

    public ConcurrencyReport run() {
        try (WorkDirectory work = WorkDirectory.create(setup.workDirectory());
             BenchmarkServers servers = BenchmarkServers.start(work.path(), setup.dataNodes(), setup.pgHome())) {
            String version;
            try (Connection timeshard = servers.connectTimeshard(); Connection plain = servers.connectPlain()) {
                version = prepare(timeshard, plain);
            }
            List<ConcurrencyMeasure> measures = new ArrayList<>();
            for (ConcurrencyScript script : ConcurrencyScript.values()) {
                for (boolean simple : new boolean[] {true, false}) {
                    ClientLoad.Result plain = measure(servers, false, simple, script);
                    ClientLoad.Result timeshard = measure(servers, true, simple, script);
                    measures.add(new ConcurrencyMeasure(script, simple, timeshard, plain));
                }
            }
            return new ConcurrencyReport(RunEnvironment.of(setup, version), clients, seconds, measures);
        } catch (SQLException e) {
            throw new IllegalStateException("the concurrency benchmark failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the concurrency benchmark was interrupted", e);
        }
    }

    /** The table on both sides with the same rows, vacuumed and analysed; returns PostgreSQL's version. */
    private String prepare(Connection timeshard, Connection plain) throws SQLException {
        String rows = "INSERT INTO " + TABLE + " SELECT timestamptz '" + ConcurrencyScript.START + "' + (g / " + ConcurrencyScript.DEVICES
                + ") * interval '1 minute', g % " + ConcurrencyScript.DEVICES + ", g % 1000 / 4.0, 'loaded' FROM generate_series(0, "
                + (setup.rows() - 1) + ") g";
        execute(plain, "CREATE TABLE " + TABLE + " " + COLUMNS, "CREATE INDEX ON " + TABLE + " (time DESC)",
                "CREATE INDEX ON " + TABLE + " (device, time DESC)", rows, "VACUUM ANALYZE " + TABLE);
        execute(timeshard, "CREATE TABLE " + TABLE + " " + COLUMNS, "SELECT create_distributed_hypertable('" + TABLE
                + "', 'time', 'device', chunk_time_interval => interval '1 day')", rows, "VACUUM ANALYZE " + TABLE);
        progressOut.printf("loaded %,d rows into both systems%n", setup.rows());
        try (Statement statement = plain.createStatement(); ResultSet result = statement.executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1);
        }
    }

    private ClientLoad.Result measure(BenchmarkServers servers, boolean timeshard, boolean simple, ConcurrencyScript script)
            throws InterruptedException {
        progressOut.printf("%-48s %-8s on %-16s ...", script.title(), simple ? "simple" : "extended",
                timeshard ? ComparedSessions.TIMESHARD : ComparedSessions.PLAIN);
        progressOut.flush();
        ClientLoad.Result result = ClientLoad.run(() -> servers.connect(timeshard, simple), simple, script, clients,
                Math.min(5, Math.max(1, seconds / 4)), seconds, setup.rows());
        progressOut.printf(" %,.0f tps, p50 %.2f ms, p99 %.2f ms, %d failed%n", result.tps(), result.p50Millis(), result.p99Millis(),
                result.failures());
        return result;
    }

    private static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
