package io.timeshard.security;

import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A role's connection limit and statement_timeout hold for statements on hypertables too. */
class LimitsIntegrationTest {
    @Test
    void aRolesConnectionLimitRefusesTheNextConnection() throws Exception {
        try (Connection admin = TestCluster.connect(); Statement statement = admin.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS limited_role");
            statement.execute("CREATE ROLE limited_role LOGIN CONNECTION LIMIT 1");
        }
        Properties properties = new Properties();
        properties.setProperty("user", "limited_role");
        try (Connection first = DriverManager.getConnection(TestCluster.get().jdbcUrl(), properties)) {
            assertThat(first.isValid(5)).isTrue();
            assertThatThrownBy(() -> DriverManager.getConnection(TestCluster.get().jdbcUrl(), properties).close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53300"));
        }
    }

    @Test
    void idleInTransactionTimeoutEndsTheNodesTransactionsToo() throws Exception {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS idle_metrics");
            statement.execute("CREATE TABLE idle_metrics (time timestamptz NOT NULL, dev int, v float8)");
            statement.execute("SELECT create_distributed_hypertable('idle_metrics', 'time', 'dev')");
            statement.execute("SET idle_in_transaction_session_timeout = '500ms'");
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO idle_metrics VALUES ('2024-01-01', 1, 1)");
            assertThat(nodeTransactionsIdle()).isPositive();
            // The client stays silent: the nodes' transactions must end all the same.
            long deadline = System.currentTimeMillis() + 5_000;
            while (nodeTransactionsIdle() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(nodeTransactionsIdle()).isZero();
            assertThatThrownBy(() -> statement.execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM idle_metrics")) {
            rows.next();
            assertThat(rows.getLong(1)).isZero();
        }
    }

    /** Sessions on the data nodes sitting idle inside a transaction. */
    private static long nodeTransactionsIdle() throws SQLException {
        long total = 0;
        for (var node : TestCluster.get().dataNodes()) {
            try (Connection connection = node.connect("timeshard"); Statement statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
                         + " AND pid <> pg_backend_pid()")) {
                rows.next();
                total += rows.getLong(1);
            }
        }
        return total;
    }

    @Test
    void statementTimeoutEndsTheNodesPartOfAStatement() throws Exception {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS slow_metrics");
            statement.execute("CREATE TABLE slow_metrics (time timestamptz NOT NULL, dev int, v float8)");
            statement.execute("SELECT create_distributed_hypertable('slow_metrics', 'time', 'dev')");
            statement.execute("INSERT INTO slow_metrics SELECT '2024-01-01'::timestamptz + g * interval '1 minute', g % 5, g"
                    + " FROM generate_series(1, 3000) g");
            statement.execute("SET statement_timeout = '300ms'");
            long start = System.nanoTime();
            // Pushed down (built-in, immutable functions): each node spends seconds on it.
            assertThatThrownBy(() -> statement.execute("SELECT dev, count(*) FROM slow_metrics WHERE length(repeat(v::text, 2000000)) > 0 GROUP BY dev"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("57014");
                        assertThat(e.getMessage()).contains("statement timeout");
                    });
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
            statement.execute("RESET statement_timeout");
            try (var rows = statement.executeQuery("SELECT count(*) FROM slow_metrics")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(3000);
            }
        }
    }
}
