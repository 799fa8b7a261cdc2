package io.timeshard.distributed;

import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.sql.SQLException;
import java.util.List;

import static io.timeshard.distributed.Sql.execute;
import static io.timeshard.distributed.Sql.rows;
import static io.timeshard.distributed.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HypertableCreationIntegrationTest {
    @BeforeAll
    static void start() {
        TestCluster.get();
    }

    private static String sqlState(Throwable error) {
        return ((PSQLException) error).getSQLState();
    }

    @Test
    void createsTheSeedsHypertableWithTimescaleDefaults() throws SQLException {
        execute("DROP TABLE IF EXISTS seed_conditions", """
                CREATE TABLE seed_conditions (
                  time        TIMESTAMPTZ       NOT NULL,
                  location    TEXT              NOT NULL,
                  temperature DOUBLE PRECISION  NULL,
                  humidity    DOUBLE PRECISION  NULL
                )""");
        List<List<String>> created = rows("SELECT * FROM create_distributed_hypertable('seed_conditions', 'time', 'location')");
        assertThat(created.get(0).subList(1, 4)).containsExactly("public", "seed_conditions", "t");
        assertThat(rows("SELECT is_distributed, replication_factor, data_nodes FROM timescaledb_information.hypertables"
                + " WHERE hypertable_name = 'seed_conditions'")).containsExactly(List.of("t", "1", "{dn1,dn2,dn3}"));
        assertThat(rows("SELECT dimension_type, column_name, time_interval, num_partitions FROM timescaledb_information.dimensions"
                + " WHERE hypertable_name = 'seed_conditions' ORDER BY dimension_number"))
                .containsExactly(java.util.Arrays.asList("Time", "time", "7 days", null), java.util.Arrays.asList("Space", "location", null, "3"));
        assertThat(rows("SELECT indexname FROM pg_indexes WHERE tablename = 'seed_conditions' ORDER BY 1"))
                .containsExactly(List.of("seed_conditions_location_time_idx"), List.of("seed_conditions_time_idx"));
        execute("INSERT INTO seed_conditions VALUES ('2024-01-01 00:00+00', 'office', 20, 50)");
        String chunk = value("SELECT chunk_name FROM timescaledb_information.chunks WHERE hypertable_name = 'seed_conditions'");
        String node = value("SELECT data_nodes[1] FROM timescaledb_information.chunks WHERE hypertable_name = 'seed_conditions'");
        int index = Integer.parseInt(node.substring(2)) - 1;
        try (var connection = TestCluster.get().dataNodes().get(index).connect("timeshard")) {
            assertThat(Sql.rows(connection, "SELECT count(*) FROM pg_indexes WHERE tablename = '" + chunk + "'")).containsExactly(List.of("2"));
        }
        assertThatThrownBy(() -> execute("SELECT create_distributed_hypertable('seed_conditions', 'time', 'location')"))
                .satisfies(e -> assertThat(sqlState(e)).isEqualTo("TS110"));
        assertThat(value("SELECT created FROM create_distributed_hypertable('seed_conditions', 'time', if_not_exists => true)")).isEqualTo("f");
    }

    @Test
    void keepsTheUsersOwnIndexesOfTheDefaultShapes() throws SQLException {
        execute("DROP TABLE IF EXISTS own_indexes", "CREATE TABLE own_indexes (time timestamptz NOT NULL, hostname text, usage float8)",
                "CREATE INDEX ON own_indexes (hostname, \"time\" DESC)", "CREATE INDEX ON own_indexes (\"time\" DESC)");
        execute("SELECT create_distributed_hypertable('own_indexes', 'time', 'hostname')");
        assertThat(rows("SELECT indexname FROM pg_indexes WHERE tablename = 'own_indexes' ORDER BY 1"))
                .containsExactly(List.of("own_indexes_hostname_time_idx"), List.of("own_indexes_time_idx"));
    }

    @Test
    void refusesWithoutDataNodesAndCreatesNothing() throws SQLException {
        execute("DROP TABLE IF EXISTS no_nodes", "CREATE TABLE no_nodes (time timestamptz, value int)");
        assertThatThrownBy(() -> execute("SELECT create_distributed_hypertable('no_nodes', 'time', data_nodes => '{}')"))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getMessage()).contains("no data nodes"));
        assertThat(value("SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name = 'no_nodes'")).isEqualTo("0");
    }

    @Test
    void integerTimeNeedsAnInterval() throws SQLException {
        execute("DROP TABLE IF EXISTS int_time", "CREATE TABLE int_time (t bigint NOT NULL, device int, value float8)");
        assertThatThrownBy(() -> execute("SELECT create_distributed_hypertable('int_time', 't', 'device')"))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getMessage()).contains("integer dimensions require an explicit interval"));
        execute("SELECT create_distributed_hypertable('int_time', 't', 'device', chunk_time_interval => 1000)");
        execute("INSERT INTO int_time VALUES (1, 1, 1.0), (1500, 2, 2.0), (2500, 3, 3.0)");
        assertThat(rows("SELECT range_start_integer, range_end_integer FROM timescaledb_information.chunks"
                + " WHERE hypertable_name = 'int_time' ORDER BY 1")).extracting(row -> row.get(0)).contains("0", "1000", "2000");
        assertThat(rows("SELECT t, device FROM int_time ORDER BY t")).containsExactly(List.of("1", "1"), List.of("1500", "2"), List.of("2500", "3"));
    }

    @Test
    void checksTheReplicationFactorAndCreateHypertableDistributes() throws SQLException {
        execute("DROP TABLE IF EXISTS replicated", "CREATE TABLE replicated (time timestamptz NOT NULL, device uuid, value int)");
        assertThatThrownBy(() -> execute("SELECT create_distributed_hypertable('replicated', 'time', 'device', replication_factor => 4)"))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getMessage()).contains("replication factor too large"));
        execute("SELECT create_hypertable('replicated', 'time', 'device', replication_factor => 2)");
        execute("INSERT INTO replicated SELECT timestamptz '2024-01-01' + g * interval '1 hour', gen_random_uuid(), g FROM generate_series(1, 100) g");
        assertThat(rows("SELECT DISTINCT cardinality(data_nodes) FROM timescaledb_information.chunks WHERE hypertable_name = 'replicated'"))
                .containsExactly(List.of("2"));
        assertThat(Sql.rowsPerNode("replicated").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(200);
        assertThat(Sql.count("replicated")).isEqualTo(100);
    }

    @Test
    void refusesANonEmptyTable() throws SQLException {
        execute("DROP TABLE IF EXISTS full_table", "CREATE TABLE full_table (time timestamptz NOT NULL)", "INSERT INTO full_table VALUES (now())");
        assertThatThrownBy(() -> execute("SELECT create_distributed_hypertable('full_table', 'time')"))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getMessage()).contains("is not empty"));
    }

    @Test
    void createHypertableWithoutDistributionIsRefused() throws SQLException {
        execute("DROP TABLE IF EXISTS local_only", "CREATE TABLE local_only (time timestamptz NOT NULL)");
        assertThatThrownBy(() -> execute("SELECT create_hypertable('local_only', 'time')"))
                .satisfies(e -> assertThat(sqlState(e)).isEqualTo("0A000"));
    }

    @Test
    void acceptsEveryTimeTypeAndSpaceType() throws Exception {
        String[][] shapes = {{"date", "int"}, {"timestamp", "bigint"}, {"smallint", "varchar"}, {"integer", "text"}};
        for (String[] shape : shapes) {
            String table = "shape_" + shape[0];
            String interval = shape[0].endsWith("int") || shape[0].equals("integer") ? ", chunk_time_interval => 10" : "";
            execute("DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " (t " + shape[0] + " NOT NULL, s " + shape[1] + ", v int)",
                    "SELECT create_distributed_hypertable('" + table + "', 't', 's'" + interval + ")");
            String values = shape[0].equals("date") ? "'2024-01-01'::date + g" : shape[0].equals("timestamp")
                    ? "timestamp '2024-01-01' + g * interval '1 day'" : "g";
            execute("INSERT INTO " + table + " SELECT " + values + ", (g % 5)::text::" + shape[1] + ", g FROM generate_series(1, 40) g");
            try (var connection = TestCluster.connect()) {
                String first = value("SELECT t::text FROM " + table + " WHERE v = 1");
                connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN (FORMAT csv)",
                        new java.io.StringReader(first + ",3,100\n"));
            }
            assertThat(Sql.count(table)).as(table).isEqualTo(41);
            assertThat(value("SELECT sum(v) FROM " + table)).as(table).isEqualTo(String.valueOf(40 * 41 / 2 + 100));
            assertThat(Long.parseLong(value("SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = '" + table + "'")))
                    .as(table).isGreaterThan(1);
        }
    }
}
