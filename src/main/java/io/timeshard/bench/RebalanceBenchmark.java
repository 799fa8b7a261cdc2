package io.timeshard.bench;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.node.LocalCluster;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The standard workload on three data nodes, a fourth attached, and the rebalancer spreading the
 * chunks over all four while a client inserts into the rows' time range (so into moving chunks):
 * how long it takes, rows moved per second against a plain COPY of a chunk between the same nodes,
 * the writer's rate and worst latency meanwhile, and whether every row is there once.
 */
public final class RebalanceBenchmark {
    private static final WorkloadTable TABLE = new WorkloadTable("conditions");
    private static final String WRITER_LOCATION = "rebalance_writer";

    private final BenchmarkSetup setup;
    private final PrintStream progressOut;

    public RebalanceBenchmark(BenchmarkSetup setup, PrintStream progressOut) {
        this.setup = requireNonNull(setup, "setup is null");
        this.progressOut = requireNonNull(progressOut, "progressOut is null");
    }

    public RebalanceReport run() {
        int nodes = setup.dataNodes() + 1;
        try (WorkDirectory work = WorkDirectory.create(setup.workDirectory());
             LocalCluster cluster = LocalCluster.start(new LocalCluster.Layout(work.path().resolve("cluster"), 0, 0, nodes, setup.pgHome(),
                     false)); Connection connection = cluster.connect(); Statement statement = connection.createStatement()) {
            String existing = String.join(",", java.util.stream.IntStream.rangeClosed(1, setup.dataNodes()).mapToObj(LocalCluster::nodeName).toList());
            statement.execute(TABLE.createTable());
            statement.execute("SELECT create_distributed_hypertable('" + TABLE.name() + "', 'time', 'location', chunk_time_interval =>"
                    + " INTERVAL '1 day', data_nodes => '{" + existing + "}')");
            WorkloadLoader.copy(connection, TABLE, setup.rows(), new ProgressBar("loading " + TABLE.name(), setup.rows(), progressOut));
            statement.execute(TABLE.vacuumAnalyze());
            String added = LocalCluster.nodeName(nodes);
            statement.execute("SELECT * FROM attach_data_node('" + added + "', '" + TABLE.name() + "')");
            double copyRowsPerSecond = plainCopy(cluster, added);
            progressOut.printf("plain COPY of a chunk from dn1 to %s: %,.0f rows/s%n", added, copyRowsPerSecond);
            long rowsToMove = rowsToMove(statement);
            Writer writer = new Writer(cluster);
            Thread writing = Thread.ofPlatform().name("rebalance-writer").start(writer::run);
            long started = System.nanoTime();
            statement.execute("SELECT rebalance_start('" + TABLE.name() + "')");
            awaitJob(statement);
            double seconds = (System.nanoTime() - started) / 1e9;
            writer.stop();
            writing.join();
            String version = value(statement, "SHOW server_version");
            List<String> counts = List.of(value(statement, "SELECT count(*) FILTER (WHERE location <> '" + WRITER_LOCATION + "') || ' '"
                    + " || count(*) FILTER (WHERE location = '" + WRITER_LOCATION + "') || ' ' || count(DISTINCT temperature)"
                    + " FILTER (WHERE location = '" + WRITER_LOCATION + "') FROM " + TABLE.name()).split(" "));
            String moves = value(statement, "SELECT moves_done || '/' || moves_total || ' ' || moves_failed FROM rebalance_status()");
            String spread = value(statement, "SELECT string_agg(node || ' ' || n, ', ' ORDER BY node) FROM (SELECT node, count(*) n FROM"
                    + " timescaledb_experimental.chunk_replication_status, unnest(replica_nodes) node WHERE hypertable_name = '"
                    + TABLE.name() + "' GROUP BY node) c");
            return new RebalanceReport(new RunEnvironment(Runtime.getRuntime().availableProcessors(), version, setup.rows(), nodes),
                    seconds, moves, spread, rowsToMove, copyRowsPerSecond, writer.acknowledged.get(), writer.failed.get(),
                    writer.worstMillis(), Long.parseLong(counts.get(0)), Long.parseLong(counts.get(1)), Long.parseLong(counts.get(2)));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("the rebalance benchmark failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the rebalance benchmark was interrupted", e);
        }
    }

    private void awaitJob(Statement statement) throws SQLException, InterruptedException {
        while (true) {
            try (ResultSet rows = statement.executeQuery("SELECT state, progress FROM rebalance_status()")) {
                rows.next();
                progressOut.print("\rrebalancing: " + rows.getString(2) + "          ");
                progressOut.flush();
                if (!rows.getString(1).equals("running")) {
                    progressOut.println();
                    return;
                }
            }
            Thread.sleep(500);
        }
    }

    /** The rows of the chunks the plan moves. */
    private static long rowsToMove(Statement statement) throws SQLException {
        long rows = 0;
        for (String chunk : column(statement, "SELECT chunk_name::text FROM get_rebalance_plan('" + TABLE.name() + "')")) {
            rows += Long.parseLong(value(statement, "SELECT count(*) FROM " + chunk));
        }
        return rows;
    }

    /** Rows per second of a COPY of dn1's first chunk straight into a scratch table on {@code destination}. */
    private static double plainCopy(LocalCluster cluster, String destination) throws SQLException {
        PostgresInstance source = cluster.dataNodes().get(0);
        PostgresInstance target = cluster.dataNodes().get(Integer.parseInt(destination.substring(2)) - 1);
        try (Connection from = source.connect(LocalCluster.DATABASE); Connection to = target.connect(LocalCluster.DATABASE);
             Statement sourceStatement = from.createStatement(); Statement targetStatement = to.createStatement()) {
            String chunk = value(sourceStatement, "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = '_timeshard_internal' AND c.relkind = 'r' ORDER BY c.relname LIMIT 1");
            targetStatement.execute("CREATE TABLE copy_baseline (time timestamptz NOT NULL, location text NOT NULL,"
                    + " temperature double precision, humidity double precision)");
            targetStatement.execute("CREATE INDEX ON copy_baseline (time DESC); CREATE INDEX ON copy_baseline (location, time DESC)");
            long started = System.nanoTime();
            CopyOut out = from.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + chunk + " TO STDOUT (FORMAT binary)");
            CopyIn in = to.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY copy_baseline FROM STDIN (FORMAT binary)");
            byte[] data;
            while ((data = out.readFromCopy()) != null) {
                in.writeToCopy(data, 0, data.length);
            }
            long rows = in.endCopy();
            double seconds = (System.nanoTime() - started) / 1e9;
            targetStatement.execute("DROP TABLE copy_baseline");
            return rows / seconds;
        }
    }

    private static String value(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static List<String> column(Statement statement, String sql) throws SQLException {
        List<String> values = new java.util.ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** One client inserting 10-row statements at random minutes of the loaded days, each value unique, timing each statement. */
    private final class Writer {
        private final LocalCluster cluster;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong worstNanos = new AtomicLong();
        private final long minutes = Math.max(1, setup.rows() / 1000);

        Writer(LocalCluster cluster) {
            this.cluster = cluster;
        }

        void run() {
            try (Connection connection = cluster.connect(); Statement statement = connection.createStatement()) {
                long next = 0;
                while (running.get()) {
                    StringBuilder sql = new StringBuilder(TABLE.insertInto());
                    for (int i = 0; i < 10; i++, next++) {
                        long minute = ThreadLocalRandom.current().nextLong(minutes);
                        sql.append(i == 0 ? "" : ", ").append("(timestamptz '2024-01-01 00:00:00+00' + interval '1 minute' * ").append(minute)
                                .append(", '").append(WRITER_LOCATION).append("', ").append(next).append(", 0)");
                    }
                    long started = System.nanoTime();
                    try {
                        statement.execute(sql.toString());
                        acknowledged.addAndGet(10);
                    } catch (SQLException e) {
                        failed.incrementAndGet();
                    }
                    worstNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("the writer could not connect: " + e.getMessage(), e);
            }
        }

        void stop() {
            running.set(false);
        }

        double worstMillis() {
            return worstNanos.get() / 1e6;
        }
    }
}
