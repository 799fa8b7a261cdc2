package io.timeshard.failover;

import io.timeshard.node.LocalCluster;
import io.timeshard.testing.SqlRows;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fourth data node attached to a hypertable on three: the rebalancer gives every node an equal
 * share of its chunks while a client writes, and a drained node can be deleted.
 */
class RebalanceIntegrationTest {
    @Test
    void spreadsTheChunksOverANewNodeAndDrainsIt() throws Exception {
        LocalCluster cluster = TestCluster.startPrivateCluster("rebalance", 4);
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE spread_out (id bigint NOT NULL, time timestamptz NOT NULL, device int NOT NULL, value float8)");
            statement.execute("SELECT create_distributed_hypertable('spread_out', 'time', 'device', chunk_time_interval => interval '1 day',"
                    + " data_nodes => '{dn1,dn2,dn3}')");
            statement.execute("INSERT INTO spread_out SELECT -g, timestamptz '2024-01-01' + g * interval '1 minute', g % 30, g"
                    + " FROM generate_series(1, 4 * 1440 - 1) g");
            assertThat(counts(statement)).containsExactlyInAnyOrder(List.of("dn1", "4"), List.of("dn2", "4"), List.of("dn3", "4"));
            statement.execute("SELECT * FROM attach_data_node('dn4', 'spread_out')");
            SQLWarning notice = statement.getWarnings();
            assertThat(notice == null ? "no notice" : notice.getMessage()).contains("existing chunks stay where they are");
            assertThat(rows(statement, "SELECT destination_node FROM get_rebalance_plan('spread_out')")).isNotEmpty()
                    .allMatch(row -> row.get(0).equals("dn4"));
            assertThat(rows(statement, "SELECT count(*) FROM get_rebalance_plan('spread_out', 'by_disk_size')")).isNotEmpty();

            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong acknowledged = new AtomicLong();
            Thread writer = Thread.ofPlatform().start(() -> {
                try (Connection own = cluster.connect(); Statement insert = own.createStatement()) {
                    for (long id = 1; writing.get(); id += 10) {
                        insert.execute("INSERT INTO spread_out SELECT g, timestamptz '2024-01-01' + (g % 5700) * interval '1 minute', g % 30, g"
                                + " FROM generate_series(" + id + ", " + (id + 9) + ") g");
                        acknowledged.addAndGet(10);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            statement.execute("SELECT rebalance_start('spread_out')");
            statement.execute("SELECT rebalance_wait()");
            writing.set(false);
            writer.join();

            assertThat(rows(statement, "SELECT state, moves_failed FROM rebalance_status()")).containsExactly(List.of("finished", "0"));
            statement.execute("SELECT rebalance_stop()"); // nothing left to stop
            assertThat(rows(statement, "SELECT * FROM get_rebalance_plan('spread_out')")).isEmpty();
            assertThat(counts(statement)).containsExactlyInAnyOrder(List.of("dn1", "3"), List.of("dn2", "3"), List.of("dn3", "3"),
                    List.of("dn4", "3"));
            assertThat(acknowledged.get()).isPositive();
            assertThat(rows(statement, "SELECT count(*) FROM spread_out WHERE id > 0")).containsExactly(List.of(String.valueOf(acknowledged.get())));
            assertThat(rows(statement, "SELECT count(*) FROM spread_out WHERE id < 0")).containsExactly(List.of("5759"));

            assertThat(rows(statement, "SELECT drain_data_node('dn4')")).containsExactly(List.of("3"));
            assertThat(counts(statement)).noneMatch(row -> row.get(0).equals("dn4"));
            statement.execute("SELECT delete_data_node('dn4')");
            assertThat(rows(statement, "SELECT count(*) FROM spread_out")).containsExactly(List.of(String.valueOf(acknowledged.get() + 5759)));
        }
    }

    /** Chunks per data node. */
    private static List<List<String>> counts(Statement statement) throws SQLException {
        return rows(statement, "SELECT node, count(*) FROM timescaledb_experimental.chunk_replication_status, unnest(replica_nodes) node"
                + " WHERE hypertable_name = 'spread_out' GROUP BY node");
    }

    private static List<List<String>> rows(Statement statement, String sql) throws SQLException {
        return SqlRows.of(statement, sql);
    }
}
