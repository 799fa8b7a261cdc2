package io.timeshard.bench;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.node.LocalCluster;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A data node dies under load and comes back: writers and readers run on a hypertable with
 * replication factor 2 while the first data node is frozen and killed (its postmaster and every
 * backend) at {@code killAt} and started again at {@code restartAt}; then the replicas are
 * awaited in repair and every acknowledged row and every replica is checked.
 */
public final class FailoverScenario {
    private static final int REPLICATION_FACTOR = 2;
    private static final long REPAIR_TIMEOUT_MILLIS = 180_000;

    /** When things happen, in seconds since the load started, and how many clients of each kind. */
    public record Timeline(int killAt, int restartAt, int seconds, int writers, int readers) {
        public Timeline {
            if (killAt < 1 || restartAt <= killAt || seconds <= restartAt) {
                throw new IllegalArgumentException("expected 0 < kill < restart < end: " + killAt + ", " + restartAt + ", " + seconds);
            }
        }
    }

    private final LocalCluster cluster;
    private final Timeline timeline;
    private final PrintStream progress;
    private int printed;

    public FailoverScenario(LocalCluster cluster, Timeline timeline, PrintStream progress) {
        this.cluster = cluster;
        this.timeline = timeline;
        this.progress = progress;
    }

    public FailoverReport run() throws SQLException, InterruptedException {
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute(FailoverLoad.createTable(REPLICATION_FACTOR));
        }
        PostgresInstance victim = cluster.dataNodes().get(0);
        String victimName = LocalCluster.nodeName(1);
        FailoverLoad load = new FailoverLoad(cluster::connect, timeline.seconds());
        load.start(timeline.writers(), timeline.readers());
        await(load, timeline.killAt());
        double killedAt = load.elapsed();
        victim.crash();
        progress.printf("%.1f s: data node %s frozen and killed%n", killedAt, victimName);
        double detectedAt = awaitUnavailable(load, victimName);
        progress.printf("%.1f s: %s marked unavailable%n", detectedAt, victimName);
        await(load, timeline.restartAt());
        victim.restart();
        double restartedAt = load.elapsed();
        progress.printf("%.1f s: %s started again%n", restartedAt, victimName);
        await(load, timeline.seconds());
        load.stop();
        double repairedAt = awaitRepaired(load);
        progress.printf("%.1f s: every chunk has %d fresh replicas%n", repairedAt, REPLICATION_FACTOR);
        FailoverReport.Integrity integrity = checkIntegrity(load.acknowledgedBatches());
        return new FailoverReport(version(), cluster.dataNodes().size(), timeline, killedAt, detectedAt - killedAt,
                restartedAt, repairedAt - restartedAt, load.seconds(), integrity, load.failures());
    }

    /** Waits until {@code second} of the load, printing each second's figures on the way. */
    private void await(FailoverLoad load, int second) throws InterruptedException {
        while (load.elapsed() < second) {
            Thread.sleep(50);
            List<FailoverLoad.Second> seconds = load.seconds();
            for (; printed < Math.min((int) load.elapsed(), seconds.size()); printed++) {
                FailoverLoad.Second done = seconds.get(printed);
                progress.printf("%3d s: %,5d writes (%d failed), %,4d reads (%d failed)%n", done.second(), done.writesOk(),
                        done.writesFailed(), done.readsOk(), done.readsFailed());
            }
        }
    }

    private double awaitUnavailable(FailoverLoad load, String node) throws SQLException, InterruptedException {
        try (Connection home = cluster.home().connect(LocalCluster.DATABASE); Statement statement = home.createStatement()) {
            while (load.elapsed() < timeline.restartAt()) {
                try (ResultSet rows = statement.executeQuery("SELECT available FROM _timeshard_catalog.data_node WHERE node_name = '"
                        + node + "'")) {
                    if (rows.next() && !rows.getBoolean(1)) {
                        return load.elapsed();
                    }
                }
                Thread.sleep(20);
            }
        }
        return Double.NaN;
    }

    private double awaitRepaired(FailoverLoad load) throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + REPAIR_TIMEOUT_MILLIS;
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement()) {
            while (System.currentTimeMillis() < deadline) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM timescaledb_experimental.chunk_replication_status"
                        + " WHERE hypertable_name = '" + FailoverLoad.TABLE + "' AND (num_replicas < desired_num_replicas"
                        + " OR cardinality(stale_replica_nodes) > 0)")) {
                    rows.next();
                    if (rows.getLong(1) == 0) {
                        return load.elapsed();
                    }
                }
                Thread.sleep(100);
            }
        }
        return Double.NaN;
    }

    private FailoverReport.Integrity checkIntegrity(Set<Long> acknowledgedBatches) throws SQLException {
        Set<Long> stored = new HashSet<>();
        long rows = 0;
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT id FROM " + FailoverLoad.TABLE)) {
            while (result.next()) {
                stored.add(result.getLong(1));
                rows++;
            }
        }
        long lost = 0;
        for (long first : acknowledgedBatches) {
            for (long id = first; id < first + FailoverLoad.BATCH_ROWS; id++) {
                lost += stored.contains(id) ? 0 : 1;
            }
        }
        ReplicaComparison replicas = ReplicaComparison.of(cluster, FailoverLoad.TABLE);
        return new FailoverReport.Integrity(acknowledgedBatches.size() * (long) FailoverLoad.BATCH_ROWS, rows, lost, rows - stored.size(),
                replicas.chunks(), replicas.mismatches(), preparedTransactions());
    }

    private long preparedTransactions() throws SQLException {
        long total = 0;
        for (PostgresInstance node : cluster.dataNodes()) {
            try (Connection connection = node.connect(LocalCluster.DATABASE); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_prepared_xacts")) {
                rows.next();
                total += rows.getLong(1);
            }
        }
        return total;
    }

    private String version() throws SQLException {
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW server_version")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Every chunk's replicas compared on their nodes directly: row count and a checksum. */
    record ReplicaComparison(int chunks, List<String> mismatches) {
        static ReplicaComparison of(LocalCluster cluster, String hypertable) throws SQLException {
            List<String> mismatches = new java.util.ArrayList<>();
            int chunks = 0;
            try (Connection connection = cluster.connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT chunk_schema || '.' || chunk_name, replica_nodes::text[]"
                         + " FROM timescaledb_experimental.chunk_replication_status WHERE hypertable_name = '" + hypertable + "'")) {
                while (rows.next()) {
                    chunks++;
                    String chunk = rows.getString(1);
                    Set<String> sums = new HashSet<>();
                    for (String node : (String[]) rows.getArray(2).getArray()) {
                        sums.add(node + "=" + checksum(cluster.dataNodes().get(Integer.parseInt(node.substring(2)) - 1), chunk));
                    }
                    if (sums.stream().map(sum -> sum.substring(sum.indexOf('=') + 1)).distinct().count() > 1) {
                        mismatches.add(chunk + ": " + String.join(", ", sums));
                    }
                }
            }
            return new ReplicaComparison(chunks, mismatches);
        }

        private static String checksum(PostgresInstance node, String chunk) throws SQLException {
            try (Connection connection = node.connect(LocalCluster.DATABASE); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) || ' rows, ' || coalesce(sum(hashtextextended(t::text, 0)"
                         + "::numeric), 0) FROM " + chunk + " t")) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
