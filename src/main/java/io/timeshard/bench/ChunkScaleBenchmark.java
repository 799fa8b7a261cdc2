package io.timeshard.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static java.util.Objects.requireNonNull;

/**
 * A hypertable of many chunks (TimescaleDB's issue 4944: 10 GB for one query over 10,000 chunks):
 * one-hour chunks, four rows each, against one plain PostgreSQL table with the same rows. Measures
 * the time to create a chunk once there are that many, then a query whose WHERE leaves one chunk on
 * the access node's own path (a single-table aggregate) and on the home path (a join with a local
 * table), with PostgreSQL's planning times at home, and the access node's heap after a collection.
 */
public final class ChunkScaleBenchmark {
    static final String TABLE = "scale";
    private static final String COLUMNS = "(time timestamptz NOT NULL, device int NOT NULL, value float8)";
    private static final String START = "2020-01-01 00:00:00+00";
    private static final int ROWS_PER_CHUNK = 4;
    private static final int DEVICES = 4;
    /** Chunks created one by one at the end, each timed. */
    private static final int TIMED_CREATIONS = 50;

    private final BenchmarkSetup setup;
    private final int chunks;
    private final int samples;
    private final PrintStream progressOut;

    public ChunkScaleBenchmark(BenchmarkSetup setup, int chunks, int samples, PrintStream progressOut) {
        this.setup = requireNonNull(setup, "setup is null");
        this.chunks = chunks;
        this.samples = samples;
        this.progressOut = requireNonNull(progressOut, "progressOut is null");
    }

    public ChunkScaleReport run() {
        try (WorkDirectory work = WorkDirectory.create(setup.workDirectory());
             BenchmarkServers servers = BenchmarkServers.start(work.path(), setup.dataNodes(), setup.pgHome());
             Connection timeshard = servers.connectTimeshard(); Connection plain = servers.connectPlain();
             Connection home = servers.connectHome()) {
            long heapBefore = heapAfterCollection();
            create(plain, false);
            create(timeshard, true);
            List<Double> creations = timeChunkCreations(timeshard, plain);
            long heapLoaded = heapAfterCollection();
            String version = value(plain, "SHOW server_version");
            Random random = new Random(42);
            List<ChunkScaleReport.Measure> measures = new ArrayList<>();
            for (boolean homePath : new boolean[] {false, true}) {
                List<Double> plainMillis = new ArrayList<>();
                List<Double> timeshardMillis = new ArrayList<>();
                List<Double> plainPlanning = new ArrayList<>();
                List<Double> homePlanning = new ArrayList<>();
                for (int sample = 0; sample < samples; sample++) {
                    String sql = query(homePath, random.nextInt(chunks));
                    plainMillis.add(millis(plain, sql));
                    timeshardMillis.add(millis(timeshard, sql));
                    plainPlanning.add(planningMillis(plain, sql));
                    if (homePath) {
                        homePlanning.add(homePlanningMillis(home, sql));
                    }
                }
                measures.add(new ChunkScaleReport.Measure(homePath ? "home path: join with a local table" : "access node path: aggregate",
                        median(plainMillis), median(timeshardMillis), median(plainPlanning),
                        homePlanning.isEmpty() ? -1 : median(homePlanning)));
                progressOut.printf("%s: plain %.2f ms, timeshard %.2f ms%n", measures.getLast().name(), measures.getLast().plainMillis(),
                        measures.getLast().timeshardMillis());
            }
            long heapQueried = heapAfterCollection();
            long chunkCount = Long.parseLong(value(timeshard, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = '"
                    + TABLE + "'"));
            return new ChunkScaleReport(new RunEnvironment(Runtime.getRuntime().availableProcessors(), version,
                    (long) (chunks + TIMED_CREATIONS) * ROWS_PER_CHUNK, setup.dataNodes()), chunkCount, median(creations),
                    percentile(creations, 0.95), measures, heapBefore, heapLoaded, heapQueried);
        } catch (SQLException e) {
            throw new IllegalStateException("the chunk scale benchmark failed: " + e.getMessage(), e);
        }
    }

    /** The table and its rows: {@code chunks} hours of {@value #ROWS_PER_CHUNK} rows, one chunk an hour on timeshard. */
    private void create(Connection connection, boolean hypertable) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + TABLE + " " + COLUMNS);
            statement.execute("CREATE TABLE devices (device int PRIMARY KEY, name text)");
            statement.execute("INSERT INTO devices SELECT g, 'device ' || g FROM generate_series(0, " + (DEVICES - 1) + ") g");
            if (hypertable) {
                statement.execute("SELECT create_distributed_hypertable('" + TABLE + "', 'time', chunk_time_interval => interval '1 hour')");
            } else {
                statement.execute("CREATE INDEX ON " + TABLE + " (time DESC)");
            }
            int batch = 500;
            long started = System.nanoTime();
            for (int first = 0; first < chunks; first += batch) {
                int last = Math.min(chunks, first + batch) - 1;
                statement.execute(rows(first * ROWS_PER_CHUNK, (last + 1) * ROWS_PER_CHUNK - 1));
                if (hypertable) {
                    progressOut.printf("timeshard: %,d of %,d chunks (%.0f s)%n", last + 1, chunks, (System.nanoTime() - started) / 1e9);
                }
            }
            statement.execute("VACUUM ANALYZE " + TABLE);
        }
    }

    /** Single-row INSERTs, each into an hour of its own after the loaded ones: a chunk each on timeshard. */
    private List<Double> timeChunkCreations(Connection timeshard, Connection plain) throws SQLException {
        List<Double> millis = new ArrayList<>();
        try (Statement onTimeshard = timeshard.createStatement(); Statement onPlain = plain.createStatement()) {
            for (int chunk = chunks; chunk < chunks + TIMED_CREATIONS; chunk++) {
                for (int row = 0; row < ROWS_PER_CHUNK; row++) {
                    String sql = rows(chunk * ROWS_PER_CHUNK + row, chunk * ROWS_PER_CHUNK + row);
                    long started = System.nanoTime();
                    onTimeshard.execute(sql);
                    if (row == 0) {
                        millis.add((System.nanoTime() - started) / 1e6);
                    }
                    onPlain.execute(sql);
                }
            }
        }
        progressOut.printf("creating a chunk at %,d chunks: median %.1f ms%n", chunks, median(millis));
        return millis;
    }

    private static String rows(long firstRow, long lastRow) {
        return "INSERT INTO " + TABLE + " SELECT timestamptz '" + START + "' + g * interval '" + (60 / ROWS_PER_CHUNK) + " minutes', g % "
                + DEVICES + ", g / 7.0 FROM generate_series(" + firstRow + ", " + lastRow + ") g";
    }

    /** A query for half of one hour (literal bounds, as dashboards send): the access node's path takes the aggregate, the home database the join. */
    private static String query(boolean homePath, int hour) {
        Instant start = Instant.parse(START.replace(' ', 'T').replace("+00", "Z")).plusSeconds(3600L * hour);
        String window = "time >= '" + start + "' AND time < '" + start.plusSeconds(1800) + "'";
        return homePath
                ? "SELECT d.name, count(*), sum(s.value) FROM " + TABLE + " s JOIN devices d USING (device) WHERE s." + window
                        + " GROUP BY d.name ORDER BY d.name"
                : "SELECT device, count(*), sum(value) FROM " + TABLE + " WHERE " + window + " GROUP BY device ORDER BY device";
    }

    private static double millis(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long started = System.nanoTime();
            try (ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    rows.getString(1);
                }
            }
            return (System.nanoTime() - started) / 1e6;
        }
    }

    private static double planningMillis(Connection connection, String sql) throws SQLException {
        return planningTime(connection, "EXPLAIN (ANALYZE, SUMMARY) " + sql);
    }

    /** Planning at home, as the home path plans: the client's query over the root table, then the tree read it sends back. */
    private static double homePlanningMillis(Connection home, String sql) throws SQLException {
        double planning = planningTime(home, "EXPLAIN (ANALYZE, SUMMARY) " + sql);
        try (Statement statement = home.createStatement(); ResultSet rows = statement.executeQuery("EXPLAIN (VERBOSE) " + sql)) {
            while (rows.next()) {
                String line = rows.getString(1);
                int remote = line.indexOf("Remote SQL: ");
                if (remote >= 0 && line.contains("_ts_hyper_")) {
                    planning += planningTime(home, "EXPLAIN (SUMMARY) " + line.substring(remote + "Remote SQL: ".length()));
                }
            }
        }
        return planning;
    }

    private static double planningTime(Connection connection, String explain) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(explain)) {
            while (rows.next()) {
                String line = rows.getString(1).trim();
                if (line.startsWith("Planning Time: ")) {
                    return Double.parseDouble(line.substring("Planning Time: ".length()).replace(" ms", ""));
                }
            }
        }
        throw new IllegalStateException("no planning time in EXPLAIN of " + explain);
    }

    /** Heap in use after a collection: the access node runs in this process (its share of this figure dominates). */
    private static long heapAfterCollection() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String value(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double fraction) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(fraction * sorted.size())));
    }
}
