package io.timeshard.distributed;

import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

import java.util.List;

import static io.timeshard.distributed.Sql.count;
import static io.timeshard.distributed.Sql.execute;
import static io.timeshard.distributed.Sql.rows;
import static io.timeshard.distributed.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HypertableAdministrationIntegrationTest {
    @BeforeAll
    static void start() {
        TestCluster.get();
    }

    @Test
    void detachingTheOnlyReplicaIsRefusedAsInTheSeeds() throws Exception {
        execute("DROP TABLE IF EXISTS conditions_detach",
                "CREATE TABLE conditions_detach (time timestamptz NOT NULL, location text NOT NULL, temperature float8)",
                "SELECT create_distributed_hypertable('conditions_detach', 'time', 'location', data_nodes => '{dn1,dn2}')",
                "INSERT INTO conditions_detach SELECT '2024-01-01', 'loc_' || g, g FROM generate_series(1, 20) g");
        assertThatThrownBy(() -> execute("SELECT detach_data_node('dn1', hypertable => 'conditions_detach')"))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getServerErrorMessage().getMessage()).isEqualTo("detaching data node \"dn1\" would mean a data-loss for"
                            + " hypertable \"conditions_detach\" since data node has the only data replica");
                    assertThat(e.getServerErrorMessage().getHint()).isEqualTo("Ensure the data node \"dn1\" has no non-replicated data before detaching it.");
                });
        assertThat(value("SELECT data_nodes FROM timescaledb_information.hypertables WHERE hypertable_name = 'conditions_detach'"))
                .isEqualTo("{dn1,dn2}");
    }

    @Test
    void attachingRaisesThePartitionCountAndAffectsNewChunksOnly() throws Exception {
        execute("DROP TABLE IF EXISTS conditions_attach",
                "CREATE TABLE conditions_attach (time timestamptz NOT NULL, location text NOT NULL, temperature float8)",
                "SELECT create_distributed_hypertable('conditions_attach', 'time', 'location', data_nodes => '{dn1,dn2}',"
                        + " chunk_time_interval => interval '1 day')",
                "INSERT INTO conditions_attach SELECT '2024-01-01', 'loc_' || g, g FROM generate_series(1, 50) g");
        assertThat(value("SELECT num_partitions FROM timescaledb_information.dimensions WHERE hypertable_name = 'conditions_attach'"
                + " AND dimension_type = 'Space'")).isEqualTo("2");
        assertThat(rows("SELECT * FROM attach_data_node('dn3', hypertable => 'conditions_attach')").get(0).get(2)).isEqualTo("dn3");
        assertThat(value("SELECT num_partitions FROM timescaledb_information.dimensions WHERE hypertable_name = 'conditions_attach'"
                + " AND dimension_type = 'Space'")).isEqualTo("3");
        execute("INSERT INTO conditions_attach SELECT '2024-01-02', 'loc_' || g, g FROM generate_series(1, 50) g");
        assertThat(rows("SELECT range_start::date::text, count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'conditions_attach'"
                + " GROUP BY 1 ORDER BY 1")).containsExactly(List.of("2024-01-01", "2"), List.of("2024-01-02", "3"));
        assertThat(count("conditions_attach")).isEqualTo(100);
        assertThatThrownBy(() -> execute("SELECT attach_data_node('dn3', hypertable => 'conditions_attach')"))
                .isInstanceOf(PSQLException.class);
        execute("SELECT attach_data_node('dn3', hypertable => 'conditions_attach', if_not_attached => true)");
    }

    @Test
    void settingsApplyToNewChunks() throws Exception {
        Sql.createConditions("conditions_settings");
        execute("INSERT INTO conditions_settings VALUES ('2024-01-01 12:00', 'a', 1, 1)",
                "SELECT set_chunk_time_interval('conditions_settings', interval '1 hour')",
                "SELECT set_number_partitions('conditions_settings', 6)",
                "SELECT set_replication_factor('conditions_settings', 2)",
                "INSERT INTO conditions_settings VALUES ('2024-01-05 12:30', 'a', 1, 1), ('2024-01-01 13:00', 'b', 1, 1)");
        assertThat(rows("SELECT range_end - range_start, cardinality(data_nodes) FROM timescaledb_information.chunks"
                + " WHERE hypertable_name = 'conditions_settings' ORDER BY range_start")).contains(List.of("1 day", "1"), List.of("01:00:00", "2"));
        assertThat(count("conditions_settings")).isEqualTo(3);
        assertThatThrownBy(() -> execute("SELECT set_replication_factor('conditions_settings', 5)")).isInstanceOf(PSQLException.class);
        assertThatThrownBy(() -> execute("SELECT set_number_partitions('conditions_settings', 0)")).isInstanceOf(PSQLException.class);
    }

    @Test
    void showsAndDropsChunksOnEveryReplica() throws Exception {
        Sql.createConditions("conditions_chunks");
        execute("INSERT INTO conditions_chunks SELECT timestamptz '2024-01-01' + g * interval '1 day', 'loc', g, g FROM generate_series(0, 9) g");
        assertThat(rows("SELECT * FROM show_chunks('conditions_chunks')")).hasSize(10);
        assertThat(rows("SELECT * FROM show_chunks('conditions_chunks', older_than => timestamptz '2024-01-04')")).hasSize(3);
        assertThat(rows("SELECT * FROM show_chunks('conditions_chunks', newer_than => timestamptz '2024-01-08')")).hasSize(3);
        List<List<String>> dropped = rows("SELECT * FROM drop_chunks('conditions_chunks', older_than => timestamptz '2024-01-04')");
        assertThat(dropped).hasSize(3).allMatch(row -> row.get(0).startsWith("_timeshard_internal._dist_hyper_"));
        assertThat(count("conditions_chunks")).isEqualTo(7);
        assertThat(rows("SELECT * FROM show_chunks('conditions_chunks')")).hasSize(7);
        assertThat(Sql.rowsPerNode("conditions_chunks").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(7);
    }
}
