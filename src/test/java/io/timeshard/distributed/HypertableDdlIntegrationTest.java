package io.timeshard.distributed;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static io.timeshard.distributed.Sql.count;
import static io.timeshard.distributed.Sql.execute;
import static io.timeshard.distributed.Sql.rows;
import static io.timeshard.distributed.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HypertableDdlIntegrationTest {
    private static final String ROWS = "SELECT timestamptz '2024-01-01' + (g % 3) * interval '1 day', 'loc_' || g, g, g FROM generate_series(1, 60) g";

    @BeforeAll
    static void start() {
        TestCluster.get();
    }

    /** The chunk tables' column names or index names on the node, as the node itself reports them. */
    private static List<String> onNode(int node, String sql) throws SQLException {
        try (Connection connection = TestCluster.get().dataNodes().get(node).connect("timeshard")) {
            return Sql.rows(connection, sql).stream().map(row -> row.get(0)).toList();
        }
    }

    private static String firstChunk(String table) throws SQLException {
        return value("SELECT chunk_name FROM timescaledb_information.chunks WHERE hypertable_name = '" + table
                + "' AND data_nodes = '{dn1}' ORDER BY range_start LIMIT 1");
    }

    @Test
    void indexesReachExistingAndFutureChunks() throws Exception {
        Sql.createConditions("ddl_index");
        execute("INSERT INTO ddl_index " + ROWS, "CREATE INDEX ddl_index_temperature ON ddl_index (temperature)");
        String chunk = firstChunk("ddl_index");
        assertThat(onNode(0, "SELECT indexname FROM pg_indexes WHERE tablename = '" + chunk + "'")).anyMatch(name -> name.endsWith("ddl_index_temperature"));
        execute("INSERT INTO ddl_index VALUES ('2024-02-01', 'loc_1', 1, 1)");
        String later = value("SELECT chunk_name FROM timescaledb_information.chunks WHERE hypertable_name = 'ddl_index'"
                + " ORDER BY range_start DESC LIMIT 1");
        int node = Integer.parseInt(value("SELECT data_nodes[1] FROM timescaledb_information.chunks WHERE chunk_name = '" + later + "'").substring(2)) - 1;
        assertThat(onNode(node, "SELECT indexname FROM pg_indexes WHERE tablename = '" + later + "'")).anyMatch(name -> name.endsWith("ddl_index_temperature"));
        execute("DROP INDEX ddl_index_temperature");
        assertThat(onNode(0, "SELECT indexname FROM pg_indexes WHERE tablename = '" + chunk + "'")).noneMatch(name -> name.endsWith("ddl_index_temperature"));
    }

    @Test
    void columnChangesReachTheChunks() throws Exception {
        Sql.createConditions("ddl_columns");
        execute("INSERT INTO ddl_columns " + ROWS,
                "ALTER TABLE ddl_columns ADD COLUMN pressure double precision DEFAULT 1013",
                "ALTER TABLE ddl_columns RENAME COLUMN humidity TO moisture",
                "ALTER TABLE ddl_columns DROP COLUMN temperature",
                "ALTER TABLE ddl_columns ALTER COLUMN moisture SET NOT NULL");
        String chunk = firstChunk("ddl_columns");
        assertThat(onNode(0, "SELECT attname FROM pg_attribute WHERE attrelid = '_timeshard_internal." + chunk + "'::regclass"
                + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum")).containsExactly("time", "location", "moisture", "pressure");
        assertThat(onNode(0, "SELECT attnotnull::text FROM pg_attribute WHERE attrelid = '_timeshard_internal." + chunk + "'::regclass"
                + " AND attname = 'moisture'")).containsExactly("true");
        execute("INSERT INTO ddl_columns VALUES ('2024-01-02', 'new', 5, 900)");
        assertThat(value("SELECT pressure FROM ddl_columns WHERE location = 'new'")).isEqualTo("900");
        assertThat(value("SELECT count(*) FROM ddl_columns WHERE pressure = 1013")).isEqualTo("60");
        assertThatThrownBy(() -> execute("ALTER TABLE ddl_columns ALTER COLUMN pressure SET NOT NULL, ADD COLUMN must int NOT NULL"))
                .isInstanceOf(PSQLException.class);
        assertThat(rows("SELECT count(*) FROM information_schema.columns WHERE table_name = 'ddl_columns' AND column_name = 'must'"))
                .containsExactly(List.of("0"));
    }

    @Test
    void renamingAndDroppingTheHypertable() throws Exception {
        Sql.createConditions("ddl_rename");
        execute("INSERT INTO ddl_rename " + ROWS, "ALTER TABLE ddl_rename RENAME TO ddl_renamed");
        assertThat(count("ddl_renamed")).isEqualTo(60);
        execute("CREATE SCHEMA IF NOT EXISTS ddl_elsewhere", "ALTER TABLE ddl_renamed SET SCHEMA ddl_elsewhere");
        assertThat(count("ddl_elsewhere.ddl_renamed")).isEqualTo(60);
        execute("ALTER TABLE ddl_elsewhere.ddl_renamed SET SCHEMA public");
        assertThat(count("ddl_renamed")).isEqualTo(60);
        assertThat(value("SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name = 'ddl_renamed'")).isEqualTo("1");
        String chunk = firstChunk("ddl_renamed");
        execute("DROP TABLE ddl_renamed");
        assertThat(value("SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name = 'ddl_renamed'")).isEqualTo("0");
        assertThat(onNode(0, "SELECT count(*)::text FROM pg_class WHERE relname = '" + chunk + "'")).containsExactly("0");
    }

    @Test
    void aDropRolledBackKeepsTheHypertable() throws Exception {
        Sql.createConditions("ddl_rollback");
        execute("INSERT INTO ddl_rollback " + ROWS);
        try (Connection connection = TestCluster.connect(); var statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("DROP TABLE ddl_rollback");
            connection.rollback();
        }
        assertThat(count("ddl_rollback")).isEqualTo(60);
        assertThat(value("SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name = 'ddl_rollback'")).isEqualTo("1");
        try (Connection connection = TestCluster.connect(); var statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("DROP TABLE ddl_rollback");
            connection.commit();
        }
        assertThat(value("SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name = 'ddl_rollback'")).isEqualTo("0");
    }

    @Test
    void truncateVacuumAnalyzeAndGrant() throws Exception {
        Sql.createConditions("ddl_maintenance");
        execute("INSERT INTO ddl_maintenance " + ROWS, "VACUUM ANALYZE ddl_maintenance", "ANALYZE ddl_maintenance");
        String chunk = firstChunk("ddl_maintenance");
        assertThat(onNode(0, "SELECT (last_vacuum IS NOT NULL AND last_analyze IS NOT NULL)::text FROM pg_stat_user_tables"
                + " WHERE relname = '" + chunk + "'")).containsExactly("true");
        // Privileges live at home only: clients never reach the nodes, so the role need not exist there.
        execute("DROP ROLE IF EXISTS ddl_reader", "CREATE ROLE ddl_reader");
        execute("GRANT SELECT ON ddl_maintenance TO ddl_reader");
        assertThat(value("SELECT has_table_privilege('ddl_reader', 'ddl_maintenance', 'SELECT')::text")).isEqualTo("true");
        execute("REVOKE SELECT ON ddl_maintenance FROM ddl_reader");
        assertThat(value("SELECT has_table_privilege('ddl_reader', 'ddl_maintenance', 'SELECT')::text")).isEqualTo("false");
        execute("TRUNCATE ddl_maintenance");
        assertThat(count("ddl_maintenance")).isZero();
    }

    @Test
    void anUnreachableNodeFailsTheDdlAndNothingChanges() throws Exception {
        Sql.createConditions("ddl_unreachable");
        execute("INSERT INTO ddl_unreachable " + ROWS);
        PostgresInstance third = TestCluster.get().dataNodes().get(2);
        third.stop();
        try {
            assertThatThrownBy(() -> execute("ALTER TABLE ddl_unreachable ADD COLUMN extra int"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getMessage()).contains("dn3"));
            assertThat(rows("SELECT count(*) FROM information_schema.columns WHERE table_name = 'ddl_unreachable' AND column_name = 'extra'"))
                    .containsExactly(List.of("0"));
            assertThat(onNode(0, "SELECT count(*)::text FROM pg_attribute WHERE attname = 'extra'")).containsExactly("0");
        } finally {
            TestCluster.restartDataNode(third);
        }
        execute("ALTER TABLE ddl_unreachable ADD COLUMN extra int");
        assertThat(onNode(2, "SELECT count(*)::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " WHERE a.attname = 'extra' AND c.relname LIKE '\\_dist\\_hyper%'")).doesNotContain("0");
    }

    @Test
    void distributedExecRunsOnChosenNodes() throws Exception {
        execute("CALL distributed_exec('CREATE TABLE IF NOT EXISTS exec_probe (id int)', node_list => '{dn1,dn2}')");
        assertThat(onNode(0, "SELECT count(*)::text FROM pg_class WHERE relname = 'exec_probe'")).containsExactly("1");
        assertThat(onNode(2, "SELECT count(*)::text FROM pg_class WHERE relname = 'exec_probe'")).containsExactly("0");
        execute("CALL distributed_exec('DROP TABLE exec_probe', node_list => '{dn1,dn2}', transactional => false)");
        assertThat(onNode(1, "SELECT count(*)::text FROM pg_class WHERE relname = 'exec_probe'")).containsExactly("0");
    }
}
