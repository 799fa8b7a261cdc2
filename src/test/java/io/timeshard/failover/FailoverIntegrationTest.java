package io.timeshard.failover;

import io.timeshard.bench.FailoverReport;
import io.timeshard.bench.FailoverScenario;
import io.timeshard.embedded.PostgresInstance;
import io.timeshard.node.LocalCluster;
import io.timeshard.testing.SqlRows;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.PrintStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Data nodes killed for real (postmaster and backends, frozen first) under a cluster of the
 * test's own: reads and writes go on with replication factor 2, nothing acknowledged is lost, and
 * the replicas are repaired, or re-replicated when a node stays away; with replication factor 1
 * a statement needing the dead node fails at once, naming it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIntegrationTest {
    private static LocalCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.startPrivateCluster("failover", 4);
    }

    @Test
    @Order(1)
    void keepsWritingAndReadingWhileAReplicaNodeIsDead() throws Exception {
        FailoverReport report = new FailoverScenario(cluster, new FailoverScenario.Timeline(3, 10, 13, 4, 2),
                new PrintStream(OutputStream.nullOutputStream())).run();

        assertThat(report.detectSeconds()).isLessThan(3);
        assertThat(report.writesDuringOutage().succeeded()).isPositive();
        assertThat(report.writesDuringOutage().successShare()).as(report.failures().toString()).isGreaterThanOrEqualTo(0.99);
        assertThat(report.readsDuringOutage().succeeded()).isPositive();
        assertThat(report.readsDuringOutage().successShare()).as(report.failures().toString()).isGreaterThanOrEqualTo(0.99);
        assertThat(report.repairSeconds()).as("repaired").isNotNaN();
        assertThat(report.integrity().lostRows()).isZero();
        assertThat(report.integrity().duplicateRows()).isZero();
        assertThat(report.integrity().replicaMismatches()).isEmpty();
        awaitAvailable("dn1", true);
    }

    @Test
    @Order(2)
    void readsAreSpreadOverTheReplicas() throws Exception {
        execute("CREATE TABLE spread (time timestamptz NOT NULL, device int NOT NULL, value float8)",
                "SELECT create_distributed_hypertable('spread', 'time', 'device', number_partitions => 4, replication_factor => 2)",
                "INSERT INTO spread SELECT timestamptz '2024-01-01' + g * interval '1 minute', g % 40, g FROM generate_series(1, 400) g");
        List<List<String>> firsts = rows("SELECT DISTINCT replica_nodes[1] FROM timescaledb_experimental.chunk_replication_status"
                + " WHERE hypertable_name = 'spread'");
        assertThat(firsts).hasSize(4);
    }

    @Test
    @Order(3)
    void aJoinThatLosesANodeBeforeItsFirstRowRunsAgainOnTheOtherReplicas() throws Exception {
        execute("CREATE TABLE sites (device int PRIMARY KEY, name text)",
                "INSERT INTO sites SELECT g, 'site ' || g FROM generate_series(0, 39) g");
        crash(1);
        try {
            // Right away, before the health checks marked dn1: the home database's foreign scans fail first.
            assertThat(value("SELECT count(*) FROM spread s JOIN sites USING (device) WHERE sites.name LIKE 'site 1%'")).isEqualTo("110");
        } finally {
            restart(1);
        }
    }

    @Test
    @Order(4)
    void withOneReplicaAStatementNeedingADeadNodeFailsAtOnceNamingIt() throws Exception {
        // Without a space dimension consecutive hours go to consecutive nodes.
        execute("CREATE TABLE single_copy (time timestamptz NOT NULL, value float8)",
                "SELECT create_distributed_hypertable('single_copy', 'time', chunk_time_interval => interval '1 hour')",
                "INSERT INTO single_copy SELECT timestamptz '2024-01-01' + g * interval '1 minute', g FROM generate_series(0, 239) g");
        String deadChunk = value("SELECT chunk_schema || '.' || chunk_name FROM timescaledb_information.chunks"
                + " WHERE hypertable_name = 'single_copy' AND data_nodes = '{dn2}'");
        String liveHour = value("SELECT range_start::text FROM timescaledb_information.chunks"
                + " WHERE hypertable_name = 'single_copy' AND data_nodes <> '{dn2}' ORDER BY range_start LIMIT 1");
        crash(2);
        try {
            awaitAvailable("dn2", false);
            long started = System.nanoTime();
            assertThatThrownBy(() -> value("SELECT count(*) FROM single_copy")).hasMessageContaining("dn2")
                    .hasMessageContaining(deadChunk.substring(deadChunk.indexOf('.') + 1));
            assertThatThrownBy(() -> execute("INSERT INTO single_copy SELECT time + interval '1 second', 0 FROM (SELECT range_start AS time"
                    + " FROM timescaledb_information.chunks WHERE hypertable_name = 'single_copy' AND data_nodes = '{dn2}') t"))
                    .hasMessageContaining("dn2");
            assertThat((System.nanoTime() - started) / 1e9).isLessThan(1);
            assertThat(value("SELECT count(*) FROM single_copy WHERE time >= '" + liveHour + "' AND time < timestamptz '" + liveHour
                    + "' + interval '1 hour'")).isEqualTo("60");
        } finally {
            restart(2);
        }
        assertThat(value("SELECT count(*) FROM single_copy")).isEqualTo("240");
    }

    @Test
    @Order(5)
    void aReturningNodeGetsTheDdlAndDroppedChunksItMissed() throws Exception {
        execute("CREATE TABLE missed (time timestamptz NOT NULL, device int NOT NULL, value float8)",
                "SELECT create_distributed_hypertable('missed', 'time', 'device', chunk_time_interval => interval '1 day',"
                        + " replication_factor => 2)",
                "INSERT INTO missed SELECT timestamptz '2024-01-01' + g * interval '1 hour', g % 8, g FROM generate_series(0, 71) g");
        List<String> doomed = column("SELECT chunk_schema || '.' || chunk_name FROM timescaledb_information.chunks"
                + " WHERE hypertable_name = 'missed' AND range_end <= '2024-01-02' AND 'dn3' = ANY (data_nodes)");
        assertThat(doomed).isNotEmpty();
        crash(3);
        try {
            awaitAvailable("dn3", false);
            execute("ALTER TABLE missed ADD COLUMN note text",
                    "INSERT INTO missed SELECT timestamptz '2024-01-02 12:00' + g * interval '1 minute', g % 8, g, 'late' FROM generate_series(1, 30) g",
                    "SELECT drop_chunks('missed', older_than => timestamptz '2024-01-02')");
            assertThat(value("SELECT count(*) FROM missed")).isEqualTo("78");
        } finally {
            restart(3);
        }
        awaitRepaired("missed");
        assertThat(value("SELECT count(*) FROM missed WHERE note = 'late'")).isEqualTo("30");
        try (Connection node = node(3); Statement statement = node.createStatement()) {
            for (String chunk : doomed) {
                assertThat(value(statement, "SELECT to_regclass('" + chunk + "') IS NULL")).as(chunk + " dropped").isEqualTo("t");
            }
            for (String chunk : column("SELECT chunk_schema || '.' || chunk_name FROM timescaledb_information.chunks"
                    + " WHERE hypertable_name = 'missed' AND 'dn3' = ANY (data_nodes)")) {
                assertThat(value(statement, "SELECT count(*) FROM pg_attribute WHERE attrelid = '" + chunk + "'::regclass"
                        + " AND attname = 'note'")).as(chunk + " has the new column").isEqualTo("1");
            }
        }
        assertThat(value("SELECT count(*) FROM _timeshard_catalog.pending_drop")).isEqualTo("0");
        assertReplicasEqual("missed");
    }

    @Test
    @Order(6)
    void chunksOfANodeAwayTooLongAreReplicatedElsewhere() throws Exception {
        execute("CREATE TABLE away (time timestamptz NOT NULL, device int NOT NULL, value float8)",
                "SELECT create_distributed_hypertable('away', 'time', 'device', chunk_time_interval => interval '1 day',"
                        + " replication_factor => 2, data_nodes => '{dn1,dn2,dn3}')",
                "INSERT INTO away SELECT timestamptz '2024-01-01' + g * interval '1 hour', g % 8, g FROM generate_series(0, 47) g");
        try (Connection home = cluster.home().connect(LocalCluster.DATABASE); Statement statement = home.createStatement()) {
            statement.execute("ALTER DATABASE " + LocalCluster.DATABASE + " SET timeshard.rereplicate_after = '1s'");
            crash(2);
            try {
                awaitAvailable("dn2", false);
                long deadline = System.currentTimeMillis() + 60_000;
                while (!value("SELECT count(*) FROM timescaledb_experimental.chunk_replication_status WHERE hypertable_name = 'away'"
                        + " AND 'dn2' = ANY (replica_nodes || stale_replica_nodes)").equals("0")) {
                    assertThat(System.currentTimeMillis()).as("chunks re-replicated").isLessThan(deadline);
                    cluster.accessNode().repairReplicas();
                    Thread.sleep(100);
                }
                awaitRepaired("away");
                assertThat(value("SELECT count(*) FROM away")).isEqualTo("48");
            } finally {
                statement.execute("ALTER DATABASE " + LocalCluster.DATABASE + " RESET timeshard.rereplicate_after");
                restart(2);
            }
        }
        awaitEmptyPendingDrops();
        assertReplicasEqual("away");
    }

    @Test
    @Order(7)
    void anOperatorCanTakeANodeOutAndBringItBack() throws Exception {
        execute("CREATE TABLE maintained (time timestamptz NOT NULL, device int NOT NULL, value float8)",
                "SELECT create_distributed_hypertable('maintained', 'time', 'device', replication_factor => 2)",
                "INSERT INTO maintained SELECT timestamptz '2024-01-01' + g * interval '1 minute', g % 8, g FROM generate_series(1, 100) g");
        execute("SELECT * FROM alter_data_node('dn1', available => false)");
        assertThat(rows("SELECT available, availability_forced FROM timescaledb_information.data_nodes WHERE node_name = 'dn1'"))
                .containsExactly(List.of("f", "t"));
        execute("INSERT INTO maintained SELECT timestamptz '2024-01-02' + g * interval '1 minute', g % 8, g FROM generate_series(1, 50) g");
        assertThat(value("SELECT count(*) FROM maintained")).isEqualTo("150");
        Thread.sleep(1_500); // the health checks leave a forced state alone
        assertThat(value("SELECT available FROM timescaledb_information.data_nodes WHERE node_name = 'dn1'")).isEqualTo("f");
        execute("SELECT * FROM alter_data_node('dn1', available => true)");
        awaitRepaired("maintained");
        assertReplicasEqual("maintained");
    }

    @Test
    @Order(8)
    void aDeadNodeCanBeDeletedWhenEveryChunkHasAnotherReplica() throws Exception {
        execute("CREATE TABLE leaving (time timestamptz NOT NULL, device int NOT NULL, value float8)",
                "SELECT create_distributed_hypertable('leaving', 'time', 'device', replication_factor => 2)",
                "INSERT INTO leaving SELECT timestamptz '2024-01-01' + g * interval '1 minute', g % 8, g FROM generate_series(1, 100) g",
                "CREATE TABLE lonely (time timestamptz NOT NULL, value float8)",
                "SELECT create_distributed_hypertable('lonely', 'time', data_nodes => '{dn4}')",
                "INSERT INTO lonely VALUES ('2024-01-01', 1)");
        assertThatThrownBy(() -> execute("SELECT detach_data_node('dn4', 'leaving')")).hasMessageContaining("force");
        crash(4);
        awaitAvailable("dn4", false);
        assertThatThrownBy(() -> execute("SELECT delete_data_node('dn4', force => true)")).hasMessageContaining("only fresh replica");
        execute("DROP TABLE lonely", "DROP TABLE single_copy", "SELECT detach_data_node('dn4', 'leaving', force => true)", "SELECT delete_data_node('dn4', force => true)");
        assertThat(value("SELECT count(*) FROM timescaledb_information.data_nodes WHERE node_name = 'dn4'")).isEqualTo("0");
        awaitRepaired("leaving");
        assertThat(value("SELECT count(*) FROM leaving")).isEqualTo("100");
        assertReplicasEqual("leaving");
    }

    private static void crash(int node) {
        cluster.dataNodes().get(node - 1).crash();
    }

    private static void restart(int node) throws Exception {
        cluster.dataNodes().get(node - 1).restart();
        awaitAvailable("dn" + node, true);
    }

    private static void awaitAvailable(String node, boolean available) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!value("SELECT available FROM timescaledb_information.data_nodes WHERE node_name = '" + node + "'")
                .equals(available ? "t" : "f")) {
            assertThat(System.currentTimeMillis()).as(node + " available: " + available).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitRepaired(String table) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String unrepaired = "SELECT count(*) FROM timescaledb_experimental.chunk_replication_status WHERE hypertable_name = '" + table
                + "' AND (num_replicas < desired_num_replicas OR cardinality(stale_replica_nodes) > 0)";
        while (!value(unrepaired).equals("0")) {
            assertThat(System.currentTimeMillis()).as(table + " repaired").isLessThan(deadline);
            cluster.accessNode().repairReplicas();
            Thread.sleep(100);
        }
    }

    private static void awaitEmptyPendingDrops() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!value("SELECT count(*) FROM _timeshard_catalog.pending_drop").equals("0")) {
            assertThat(System.currentTimeMillis()).as("pending drops done").isLessThan(deadline);
            cluster.accessNode().repairReplicas();
            Thread.sleep(100);
        }
    }

    /** Every chunk's replicas hold the same rows: count and checksum on each node. */
    private static void assertReplicasEqual(String table) throws Exception {
        for (List<String> chunk : rows("SELECT chunk_schema || '.' || chunk_name, array_to_string(replica_nodes, ',')"
                + " FROM timescaledb_experimental.chunk_replication_status WHERE hypertable_name = '" + table + "'")) {
            List<String> sums = new ArrayList<>();
            for (String node : chunk.get(1).split(",")) {
                try (Connection connection = node(Integer.parseInt(node.substring(2))); Statement statement = connection.createStatement()) {
                    sums.add(value(statement, "SELECT count(*) || ' ' || coalesce(sum(hashtextextended(t::text, 0)::numeric), 0) FROM "
                            + chunk.get(0) + " t"));
                }
            }
            assertThat(sums).as(chunk.toString()).hasSize(2).containsOnly(sums.get(0));
        }
    }

    private static Connection node(int index) throws SQLException {
        PostgresInstance instance = cluster.dataNodes().get(index - 1);
        return instance.connect(LocalCluster.DATABASE);
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static List<List<String>> rows(String sql) throws SQLException {
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement()) {
            return SqlRows.of(statement, sql);
        }
    }

    private static List<String> column(String sql) throws SQLException {
        return rows(sql).stream().map(row -> row.get(0)).toList();
    }

    private static String value(String sql) throws SQLException {
        return rows(sql).get(0).get(0);
    }

    private static String value(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
