package io.timeshard.failover;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.node.LocalCluster;
import io.timeshard.testing.CrashingAccessNode;
import io.timeshard.testing.SqlRows;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * copy_chunk and move_chunk on a cluster of the test's own, while clients write into the chunk:
 * every acknowledged row arrives once, the chunk ends on exactly its recorded replicas, and no
 * publication, replication slot or subscription is left on any node, also after a failure.
 */
class ChunkMoveIntegrationTest {
    private static final int WRITERS = 8;
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws SQLException {
        cluster = TestCluster.startPrivateCluster("moves", 3);
        execute("CREATE TABLE moving (id bigint NOT NULL, time timestamptz NOT NULL, device int NOT NULL, value float8)",
                "SELECT create_distributed_hypertable('moving', 'time', 'device', chunk_time_interval => interval '1 day')",
                "INSERT INTO moving SELECT -g, timestamptz '2024-01-01' + g * interval '1 second', g % 12, g FROM generate_series(1, 30000) g");
    }

    @Test
    void movesAChunkWhileClientsWriteIntoIt() throws Exception {
        List<String> chunk = rows("SELECT chunk_schema || '.' || chunk_name, replica_nodes[1], non_replica_nodes[1]"
                + " FROM timescaledb_experimental.chunk_replication_status WHERE hypertable_name = 'moving' ORDER BY chunk_name LIMIT 1").get(0);
        Writers writers = Writers.start();
        Thread.sleep(500);
        execute("CALL timescaledb_experimental.move_chunk(chunk => '" + chunk.get(0) + "', source_node => '" + chunk.get(1)
                + "', destination_node => '" + chunk.get(2) + "')");
        Thread.sleep(500);
        writers.stop();

        assertThat(rows("SELECT replica_nodes::text FROM timescaledb_experimental.chunk_replication_status"
                + " WHERE chunk_schema || '.' || chunk_name = '" + chunk.get(0) + "'")).containsExactly(List.of("{" + chunk.get(2) + "}"));
        assertThat(onNode(chunk.get(1), "SELECT to_regclass('" + chunk.get(0) + "') IS NULL")).isEqualTo("t");
        assertThat(rows("SELECT completed_stage FROM timescaledb_experimental.chunk_copy_operations")).contains(List.of("complete"));
        assertThat(writers.acknowledged.size()).isGreaterThan(WRITERS);
        writers.assertEveryAcknowledgedRowOnce();
        assertNoReplicationLeft();
    }

    @Test
    void copiesAChunkWhileClientsWriteIntoIt() throws Exception {
        List<String> chunk = rows("SELECT chunk_schema || '.' || chunk_name, replica_nodes[1], non_replica_nodes[1]"
                + " FROM timescaledb_experimental.chunk_replication_status WHERE hypertable_name = 'moving' ORDER BY chunk_name DESC LIMIT 1").get(0);
        Writers writers = Writers.start();
        AtomicBoolean updating = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicReference<SQLException> updateFailure = new java.util.concurrent.atomic.AtomicReference<>();
        AtomicLong updates = new AtomicLong();
        Thread updater = Thread.ofPlatform().start(() -> {
            try (Connection connection = cluster.connect(); Statement statement = connection.createStatement()) {
                for (long deleted = 30_000; updating.get(); deleted--) {
                    statement.execute("UPDATE moving SET value = value + 1 WHERE id BETWEEN -300 AND -1");
                    statement.execute("DELETE FROM moving WHERE id = " + (-deleted));
                    updates.incrementAndGet();
                }
            } catch (SQLException e) {
                updateFailure.set(e);
            }
        });
        Thread.sleep(500);
        execute("CALL timescaledb_experimental.copy_chunk(chunk => '" + chunk.get(0) + "', source_node => '" + chunk.get(1)
                + "', destination_node => '" + chunk.get(2) + "')");
        Thread.sleep(500);
        writers.stop();
        updating.set(false);
        updater.join();
        assertThat(updateFailure.get() == null ? "none" : updateFailure.get().getMessage()).isEqualTo("none");
        assertThat(updates.get()).isPositive();

        String table = chunk.get(0);
        assertThat(onNode(chunk.get(1), "SELECT count(*) || ' ' || sum(hashtextextended(t::text, 0)::numeric) FROM " + table + " t"))
                .isEqualTo(onNode(chunk.get(2), "SELECT count(*) || ' ' || sum(hashtextextended(t::text, 0)::numeric) FROM " + table + " t"));
        assertThat(rows("SELECT num_replicas FROM timescaledb_experimental.chunk_replication_status"
                + " WHERE chunk_schema || '.' || chunk_name = '" + table + "'")).containsExactly(List.of("2"));
        writers.assertEveryAcknowledgedRowOnce();
        assertNoReplicationLeft();
    }

    @Test
    void refusesNodesThatCannotTakeOrGiveTheChunk() throws Exception {
        List<String> chunk = rows("SELECT chunk_schema || '.' || chunk_name, replica_nodes[1], non_replica_nodes[1]"
                + " FROM timescaledb_experimental.chunk_replication_status WHERE hypertable_name = 'moving' ORDER BY chunk_name LIMIT 1").get(0);
        assertThatThrownBy(() -> execute("CALL timescaledb_experimental.move_chunk('" + chunk.get(0) + "', '" + chunk.get(2) + "', '"
                + chunk.get(1) + "')")).hasMessageContaining("no fresh replica on data node");
        assertThatThrownBy(() -> execute("CALL timescaledb_experimental.copy_chunk('" + chunk.get(0) + "', '" + chunk.get(1) + "', '"
                + chunk.get(1) + "')")).hasMessageContaining("the same");
    }

    @ParameterizedTest
    @CsvSource({"init, false, false", "create_empty_chunk, false, false", "create_publication, false, false",
            "create_replication_slot, false, false", "create_subscription, false, true", "sync, false, false", "switch, true, false",
            "drop_subscription, true, false", "drop_replication_slot, true, false", "drop_publication, true, false",
            "delete_chunk, true, false"})
    void aMoveCutShortByTheAccessNodesDeathIsFinishedOrUndoneByCleanup(String haltedAfter, boolean moved, boolean destinationDies)
            throws Exception {
        List<String> chunk = rows("SELECT chunk_schema || '.' || chunk_name, replica_nodes[1], non_replica_nodes[1], chunk_name"
                + " FROM timescaledb_experimental.chunk_replication_status WHERE hypertable_name = 'moving' ORDER BY chunk_name LIMIT 1"
                + " OFFSET 1").get(0);
        String before = value("SELECT count(*) FROM moving");
        String operation = "ts_copy_crash_" + haltedAfter;
        try (CrashingAccessNode crashing = CrashingAccessNode.start(cluster.home().jdbcUrl(LocalCluster.DATABASE) + "?user=postgres",
                "chunk-copy-" + haltedAfter); Connection connection = crashing.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("CALL timescaledb_experimental.move_chunk('" + chunk.get(0) + "', '"
                    + chunk.get(1) + "', '" + chunk.get(2) + "', operation_id => '" + operation + "')")).isInstanceOf(SQLException.class);
            assertThat(crashing.awaitExit()).isEqualTo(CrashingAccessNode.HALTED);
        }
        assertThat(value("SELECT completed_stage FROM timescaledb_experimental.chunk_copy_operations WHERE operation_id = '"
                + operation + "'")).isEqualTo(haltedAfter);
        if (destinationDies) {
            PostgresInstance destination = cluster.dataNodes().get(Integer.parseInt(chunk.get(2).substring(2)) - 1);
            destination.crash();
            assertThatThrownBy(() -> execute("CALL timescaledb_experimental.cleanup_copy_chunk_operation('" + operation + "')"))
                    .hasMessageContaining(chunk.get(2));
            destination.restart();
            awaitAvailable(chunk.get(2));
        }

        execute("CALL timescaledb_experimental.cleanup_copy_chunk_operation('" + operation + "')");

        String owner = moved ? chunk.get(2) : chunk.get(1);
        String other = moved ? chunk.get(1) : chunk.get(2);
        assertThat(value("SELECT replica_nodes::text FROM timescaledb_experimental.chunk_replication_status WHERE chunk_name = '"
                + chunk.get(3) + "'")).isEqualTo("{" + owner + "}");
        assertThat(onNode(other, "SELECT to_regclass('" + chunk.get(0) + "') IS NULL")).isEqualTo("t");
        assertThat(value("SELECT count(*) FROM moving")).isEqualTo(before);
        assertThat(value("SELECT count(*) FROM timescaledb_experimental.chunk_copy_operations WHERE operation_id = '" + operation + "'"))
                .isEqualTo("0");
        assertNoReplicationLeft();
    }

    @Test
    void refusesASourceWithoutLogicalDecoding() throws Exception {
        PostgresInstance plain = TestCluster.startSparePostgres("moves-replica-wal");
        execute("SELECT * FROM add_data_node('dn_replica_wal', host => '127.0.0.1', port => " + plain.port() + ")",
                "CREATE TABLE stuck (time timestamptz NOT NULL, value float8)",
                "SELECT create_distributed_hypertable('stuck', 'time', data_nodes => '{dn_replica_wal}')",
                "INSERT INTO stuck VALUES ('2024-01-01', 1)",
                "SELECT attach_data_node('dn1', 'stuck')");
        String chunk = value("SELECT chunk_schema || '.' || chunk_name FROM timescaledb_information.chunks WHERE hypertable_name = 'stuck'");
        assertThatThrownBy(() -> execute("CALL timescaledb_experimental.copy_chunk('" + chunk + "', 'dn_replica_wal', 'dn1')"))
                .hasMessageContaining("wal_level = logical");
        assertThat(value("SELECT replica_nodes::text FROM timescaledb_experimental.chunk_replication_status"
                + " WHERE hypertable_name = 'stuck'")).isEqualTo("{dn_replica_wal}");
        execute("DROP TABLE stuck");
    }

    private static void awaitAvailable(String node) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!value("SELECT available FROM timescaledb_information.data_nodes WHERE node_name = '" + node + "'").equals("t")) {
            assertThat(System.currentTimeMillis()).as(node + " available again").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void assertNoReplicationLeft() throws SQLException {
        for (int node = 1; node <= cluster.dataNodes().size(); node++) {
            assertThat(onNode("dn" + node, "SELECT (SELECT count(*) FROM pg_publication) + (SELECT count(*) FROM pg_replication_slots)"
                    + " + (SELECT count(*) FROM pg_subscription)")).as("dn" + node).isEqualTo("0");
        }
    }

    /** Clients inserting 10-row batches with unique ids, over the whole time range (every chunk), until stopped. */
    private static final class Writers {
        private final AtomicBoolean running = new AtomicBoolean(true);
        /** Ids across the tests, which share the table. */
        private static final AtomicLong ids = new AtomicLong(1);
        private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        private final List<Thread> threads = new ArrayList<>();

        static Writers start() {
            Writers writers = new Writers();
            for (int i = 0; i < WRITERS; i++) {
                writers.threads.add(Thread.ofPlatform().start(writers::write));
            }
            return writers;
        }

        private void write() {
            try (Connection connection = cluster.connect(); Statement statement = connection.createStatement()) {
                while (running.get()) {
                    long first = ids.getAndAdd(10);
                    try {
                        statement.execute("INSERT INTO moving SELECT g, timestamptz '2024-01-01' + (g % 30000) * interval '1 second',"
                                + " g % 12, g FROM generate_series(" + first + ", " + (first + 9) + ") g");
                        acknowledged.add(first);
                    } catch (SQLException e) {
                        if (!"40001".equals(e.getSQLState())) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        void assertEveryAcknowledgedRowOnce() throws SQLException {
            List<List<String>> rows = rows("SELECT id FROM moving WHERE id > 0");
            Set<Long> stored = new java.util.HashSet<>();
            rows.forEach(row -> stored.add(Long.parseLong(row.get(0))));
            assertThat(stored).as("no row twice").hasSize(rows.size());
            for (long first : acknowledged) {
                for (long id = first; id < first + 10; id++) {
                    assertThat(stored).contains(id);
                }
            }
        }
    }

    private static String onNode(String node, String sql) throws SQLException {
        PostgresInstance instance = cluster.dataNodes().get(Integer.parseInt(node.substring(2)) - 1);
        try (Connection connection = instance.connect(LocalCluster.DATABASE); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void execute(String... statements) throws SQLException {
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String value(String sql) throws SQLException {
        return rows(sql).get(0).get(0);
    }

    private static List<List<String>> rows(String sql) throws SQLException {
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement()) {
            return SqlRows.of(statement, sql);
        }
    }
}
