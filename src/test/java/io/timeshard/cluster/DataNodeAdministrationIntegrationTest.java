package io.timeshard.cluster;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.embedded.PostgresOptions;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** add_data_node, delete_data_node and alter_data_node through the access node, against real servers. */
class DataNodeAdministrationIntegrationTest {
    private static PostgresInstance spare;

    @BeforeAll
    static void start() {
        TestCluster.get();
        spare = TestCluster.startSparePostgres("spare-admin");
    }

    private static String sqlState(Throwable error) {
        return ((PSQLException) error).getSQLState();
    }

    @Test
    void addsAndDeletesDataNodesAsTheSeedsDo() throws SQLException {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT add_data_node('node1', host => '127.0.0.1', port => "
                    + spare.port() + ", database => 'seed_node1')")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("(node1,127.0.0.1," + spare.port() + ",seed_node1,t,t,t)");
            }
            assertThat(nodeNames(statement)).contains("node1");
            try (ResultSet rows = statement.executeQuery("SELECT delete_data_node('node1')")) {
                rows.next();
                assertThat(rows.getBoolean(1)).isTrue();
            }
            assertThat(nodeNames(statement)).doesNotContain("node1");
        }
    }

    @Test
    void returnsTheResultColumnsAndTakesParameters() throws SQLException {
        try (Connection connection = TestCluster.connect();
             PreparedStatement add = connection.prepareStatement("SELECT * FROM add_data_node(?, host => ?, port => ?, database => ?)")) {
            add.setString(1, "columns_node");
            add.setString(2, "127.0.0.1");
            add.setInt(3, spare.port());
            add.setString(4, "columns_db");
            try (ResultSet rows = add.executeQuery()) {
                assertThat(rows.getMetaData().getColumnCount()).isEqualTo(7);
                assertThat(rows.getMetaData().getColumnName(7)).isEqualTo("extension_created");
                rows.next();
                assertThat(rows.getString("node_name")).isEqualTo("columns_node");
                assertThat(rows.getInt("port")).isEqualTo(spare.port());
                assertThat(rows.getBoolean("node_created")).isTrue();
                assertThat(rows.getBoolean("database_created")).isTrue();
                assertThat(rows.next()).isFalse();
            }
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT * FROM add_data_node('columns_node', '127.0.0.1', if_not_exists => true)")) {
                rows.next();
                assertThat(rows.getBoolean("node_created")).isFalse();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT delete_data_node('columns_node', drop_database => true)");
            }
        }
        try (Connection direct = spare.connect("postgres"); Statement statement = direct.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_database WHERE datname = 'columns_db'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void namesTheUnreachableNodeAndRegistersNothing() throws SQLException {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("SELECT add_data_node('nowhere', host => '127.0.0.1', port => 1)"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("08001");
                        assertThat(e.getMessage()).contains("\"nowhere\"").contains("127.0.0.1:1");
                    });
            assertThat(nodeNames(statement)).doesNotContain("nowhere");
        }
    }

    @Test
    void refusesDuplicatesMissingNodesAndTransactionBlocks() throws SQLException {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("SELECT add_data_node('dn1', host => '127.0.0.1', port => " + spare.port() + ")"))
                    .satisfies(e -> assertThat(sqlState(e)).isEqualTo("42710"));
            assertThatThrownBy(() -> statement.execute("SELECT delete_data_node('no_such_node')"))
                    .satisfies(e -> assertThat(sqlState(e)).isEqualTo("42704"));
            try (ResultSet rows = statement.executeQuery("SELECT delete_data_node('no_such_node', if_exists => true)")) {
                rows.next();
                assertThat(rows.getBoolean(1)).isFalse();
            }
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> statement.execute("SELECT add_data_node('in_tx', host => '127.0.0.1', port => " + spare.port() + ")"))
                    .satisfies(e -> assertThat(sqlState(e)).isEqualTo("25001"));
            assertThatThrownBy(() -> statement.execute("SELECT 1")).satisfies(e -> assertThat(sqlState(e)).isEqualTo("25P02"));
            connection.rollback();
            connection.setAutoCommit(true);
            assertThat(nodeNames(statement)).doesNotContain("in_tx");
        }
    }

    @Test
    void refusesADatabaseOfAnotherCluster() throws SQLException {
        spare.createDatabaseIfMissing("foreign_db");
        try (Connection direct = spare.connect("foreign_db"); Statement statement = direct.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS _timeshard_internal");
            statement.execute("CREATE TABLE IF NOT EXISTS _timeshard_internal.node_identity (cluster_id uuid NOT NULL,"
                    + " node_name name NOT NULL, joined_at timestamptz NOT NULL DEFAULT now(),"
                    + " singleton boolean NOT NULL DEFAULT true UNIQUE CHECK (singleton))");
            statement.execute("INSERT INTO _timeshard_internal.node_identity (cluster_id, node_name)"
                    + " VALUES (gen_random_uuid(), 'elsewhere') ON CONFLICT DO NOTHING");
        }
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("SELECT add_data_node('foreign', host => '127.0.0.1', port => "
                    + spare.port() + ", database => 'foreign_db')"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("55006");
                        assertThat(e.getMessage()).contains("another timeshard cluster");
                    });
            assertThat(nodeNames(statement)).doesNotContain("foreign");
        }
    }

    @Test
    void refusesServersWithoutPreparedTransactionsAndDropsTheDatabaseItCreated() throws SQLException {
        PostgresInstance noTwoPhase = TestCluster.startSparePostgres("spare-no-2pc",
                PostgresOptions.of(Path.of("unused"), 0).withSetting("max_prepared_transactions", "0"));
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("SELECT add_data_node('no2pc', host => '127.0.0.1', port => "
                    + noTwoPhase.port() + ", database => 'no2pc_db')"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("55000");
                        assertThat(e.getMessage()).contains("max_prepared_transactions").contains("no2pc");
                    });
            assertThat(nodeNames(statement)).doesNotContain("no2pc");
        }
        try (Connection direct = noTwoPhase.connect("postgres"); Statement statement = direct.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_database WHERE datname = 'no2pc_db'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        } finally {
            noTwoPhase.stop();
        }
    }

    @Test
    void withoutBootstrapNeedsAnExistingDatabase() throws SQLException {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("SELECT add_data_node('nobootstrap', host => '127.0.0.1', port => "
                    + spare.port() + ", database => 'never_created', bootstrap => false)"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("3D000"));
            assertThat(nodeNames(statement)).doesNotContain("nobootstrap");
        }
    }

    @Test
    void neverShowsThePassword() throws SQLException {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT add_data_node('secret_node', host => '127.0.0.1', port => " + spare.port()
                    + ", database => 'secret_db', password => 's3cr3t-pass')");
            try (ResultSet rows = statement.executeQuery("SELECT * FROM timescaledb_information.data_nodes WHERE node_name = 'secret_node'")) {
                rows.next();
                StringBuilder everything = new StringBuilder();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    everything.append(rows.getString(i));
                }
                assertThat(everything.toString()).contains("secret_db").doesNotContain("s3cr3t");
            }
            statement.execute("SELECT delete_data_node('secret_node')");
        }
    }

    @Test
    void altersADataNode() throws SQLException {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT add_data_node('alter_me', host => '127.0.0.1', port => " + spare.port() + ", database => 'alter_db')");
            try (ResultSet rows = statement.executeQuery("SELECT node_name, host, port, database, available"
                    + " FROM alter_data_node('alter_me', host => 'localhost', available => false)")) {
                rows.next();
                assertThat(rows.getString("host")).isEqualTo("localhost");
                assertThat(rows.getInt("port")).isEqualTo(spare.port());
                assertThat(rows.getBoolean("available")).isFalse();
            }
            try (ResultSet rows = statement.executeQuery(
                    "SELECT options FROM timescaledb_information.data_nodes WHERE node_name = 'alter_me'")) {
                rows.next();
                assertThat(rows.getString(1)).contains("host=localhost");
            }
            statement.execute("SELECT delete_data_node('alter_me')");
        }
    }

    @Test
    void refusesToDeleteANodeHoldingData() throws SQLException {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT add_data_node('holder', host => '127.0.0.1', port => " + spare.port() + ", database => 'holder_db')");
            try (Connection home = TestCluster.get().home().connect("timeshard"); Statement catalog = home.createStatement()) {
                catalog.execute("INSERT INTO _timeshard_catalog.hypertable (schema_name, table_name, associated_schema_name,"
                        + " associated_table_prefix, replication_factor) VALUES ('public', 'holder_ht', '_timeshard_internal', '_h', 1)");
                catalog.execute("INSERT INTO _timeshard_catalog.chunk (hypertable_id, table_name, range_start, range_end)"
                        + " SELECT id, '_holder_chunk', 0, 10 FROM _timeshard_catalog.hypertable WHERE table_name = 'holder_ht'");
                catalog.execute("INSERT INTO _timeshard_catalog.chunk_replica SELECT id, 'holder' FROM _timeshard_catalog.chunk"
                        + " WHERE table_name = '_holder_chunk'");
                assertThatThrownBy(() -> statement.execute("SELECT delete_data_node('holder')"))
                        .isInstanceOfSatisfying(PSQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("2BP01");
                            assertThat(e.getMessage()).contains("\"holder\"").contains("holds data");
                        });
                catalog.execute("DELETE FROM _timeshard_catalog.hypertable WHERE table_name = 'holder_ht'");
            }
            statement.execute("SELECT delete_data_node('holder')");
        }
    }

    private static java.util.List<String> nodeNames(Statement statement) throws SQLException {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT node_name FROM timescaledb_information.data_nodes")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
