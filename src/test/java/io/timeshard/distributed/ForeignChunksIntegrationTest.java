package io.timeshard.distributed;

import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static io.timeshard.distributed.Sql.execute;
import static io.timeshard.distributed.Sql.rows;
import static io.timeshard.distributed.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chunks as foreign tables at home: whatever PostgreSQL runs over the root table reads them, and nothing is copied home. */
class ForeignChunksIntegrationTest {
    private static final String ROWS = " SELECT timestamptz '2024-01-01 00:00+00' + g * interval '30 minutes', 'dev_' || (g % 6), g"
            + " FROM generate_series(0, 479) g";

    @BeforeAll
    static void start() throws Exception {
        TestCluster.get();
        execute("DROP TABLE IF EXISTS remote_rows", "CREATE TABLE remote_rows (time timestamptz NOT NULL, device text NOT NULL, value int)",
                "SELECT create_distributed_hypertable('remote_rows', 'time', 'device', chunk_time_interval => interval '1 day')",
                "INSERT INTO remote_rows" + ROWS, "DROP TABLE IF EXISTS remote_rows_local",
                "CREATE TABLE remote_rows_local (time timestamptz NOT NULL, device text NOT NULL, value int)", "INSERT INTO remote_rows_local" + ROWS,
                "DROP TABLE IF EXISTS remote_devices", "CREATE TABLE remote_devices (device text PRIMARY KEY, site text)",
                "INSERT INTO remote_devices SELECT 'dev_' || g, 'site_' || (g % 2) FROM generate_series(0, 5) g");
    }

    @Test
    void joinsSubqueriesAndWindowsRunAtHomeOverForeignScans() throws Exception {
        String join = "SELECT d.site, count(*), sum(r.value) FROM TABLE r JOIN remote_devices d ON d.device = r.device"
                + " WHERE r.time >= '2024-01-03 00:00+00' AND r.time < '2024-01-05 00:00+00' GROUP BY d.site ORDER BY d.site";
        assertThat(rows(join.replace("TABLE", "remote_rows"))).isEqualTo(rows(join.replace("TABLE", "remote_rows_local")));
        String plan = String.join("\n", rows("EXPLAIN VERBOSE " + join.replace("TABLE", "remote_rows")).stream().map(row -> row.get(0)).toList());
        assertThat(plan).contains("Strategy: fallback", "Foreign Scan", "Remote SQL: SELECT").doesNotContain("_timeshard_scan_");
        // Two of the ten days are read: the other chunks are excluded by their time ranges.
        assertThat(plan.split("Foreign Scan on _timeshard_internal._dist_hyper_", -1).length - 1).isBetween(1, 6);
        for (String query : List.of(
                "SELECT device, value, rank() OVER (PARTITION BY device ORDER BY value DESC) FROM TABLE WHERE value > 470 ORDER BY device, value",
                "SELECT count(*) FROM TABLE r WHERE value = (SELECT max(value) FROM TABLE s WHERE s.device = r.device)",
                "WITH latest AS (SELECT device, max(time) AS time FROM TABLE GROUP BY device) SELECT device, time FROM latest ORDER BY device",
                "(SELECT device FROM TABLE WHERE value < 3) UNION (SELECT device FROM TABLE WHERE value > 476) ORDER BY 1",
                "SELECT r FROM TABLE r WHERE value = 7", "SELECT ROW(device, value) FROM TABLE WHERE value < 2 ORDER BY value",
                "SELECT device, count(*) FROM TABLE GROUP BY ROLLUP (device) ORDER BY device NULLS LAST")) {
            assertThat(rows(query.replace("TABLE", "remote_rows"))).as(query).isEqualTo(rows(query.replace("TABLE", "remote_rows_local")));
        }
    }

    @Test
    void viewsAndTablesDefinedByQueriesReadTheChunks() throws Exception {
        execute("DROP VIEW IF EXISTS remote_view", "DROP MATERIALIZED VIEW IF EXISTS remote_summary", "DROP TABLE IF EXISTS remote_copy",
                "CREATE VIEW remote_view AS SELECT device, count(*) AS n, max(value) AS top FROM remote_rows GROUP BY device",
                "CREATE MATERIALIZED VIEW remote_summary AS SELECT count(*) AS n FROM remote_rows",
                "CREATE TABLE remote_copy AS SELECT * FROM remote_rows WHERE value % 10 = 0");
        assertThat(rows("SELECT * FROM remote_view ORDER BY device"))
                .isEqualTo(rows("SELECT device, count(*), max(value) FROM remote_rows_local GROUP BY device ORDER BY device"));
        assertThat(value("SELECT n FROM remote_summary")).isEqualTo("480");
        assertThat(value("SELECT count(*) FROM remote_copy")).isEqualTo("48");
        execute("INSERT INTO remote_rows VALUES ('2024-01-20 00:00+00', 'dev_9', 1000)", "REFRESH MATERIALIZED VIEW remote_summary");
        try {
            assertThat(value("SELECT n FROM remote_summary")).isEqualTo("481");
            assertThat(value("SELECT top FROM remote_view WHERE device = 'dev_9'")).isEqualTo("1000");
        } finally {
            execute("DELETE FROM remote_rows WHERE device = 'dev_9'", "DROP VIEW remote_view", "DROP MATERIALIZED VIEW remote_summary",
                    "DROP TABLE remote_copy");
        }
    }

    @Test
    void cursorsPreparedStatementsAndReadOnlyTransactions() throws Exception {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SET TRANSACTION READ ONLY");
            statement.execute("DECLARE remote_cursor CURSOR FOR SELECT r.value FROM remote_rows r JOIN remote_devices d USING (device)"
                    + " ORDER BY r.value");
            assertThat(rows(connection, "FETCH 3 FROM remote_cursor")).containsExactly(List.of("0"), List.of("1"), List.of("2"));
            statement.execute("MOVE 10 FROM remote_cursor");
            assertThat(rows(connection, "FETCH 1 FROM remote_cursor")).containsExactly(List.of("13"));
            statement.execute("CLOSE remote_cursor");
            statement.execute("PREPARE remote_count AS SELECT count(*) FROM remote_rows r, remote_devices d"
                    + " WHERE d.device = r.device AND r.time >= $1");
            assertThat(rows(connection, "EXECUTE remote_count('2024-01-10 00:00+00')")).containsExactly(List.of("48"));
            statement.execute("DEALLOCATE remote_count");
            connection.commit();
        }
    }

    @Test
    void aTransactionThatWroteReadsItsOwnRows() throws Exception {
        String query = "SELECT count(*) FROM remote_rows r JOIN remote_devices d ON d.device = r.device OR r.device = 'dev_new'";
        String before = value(query);
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO remote_rows VALUES ('2024-01-02 00:15+00', 'dev_new', -1)");
            assertThat(rows(connection, query)).containsExactly(List.of(String.valueOf(Long.parseLong(before) + 6)));
            connection.rollback();
        }
        assertThat(value(query)).isEqualTo(before);
    }

    @Test
    void alterTableReachesTheForeignTables() throws Exception {
        execute("DROP TABLE IF EXISTS remote_altered", "CREATE TABLE remote_altered (time timestamptz NOT NULL, device text NOT NULL, value int)",
                "SELECT create_distributed_hypertable('remote_altered', 'time', 'device', chunk_time_interval => interval '1 day')",
                "INSERT INTO remote_altered" + ROWS,
                "ALTER TABLE remote_altered ADD COLUMN note text DEFAULT 'n'", "ALTER TABLE remote_altered RENAME COLUMN value TO reading",
                "ALTER TABLE remote_altered ALTER COLUMN reading TYPE bigint USING reading::bigint",
                "ALTER TABLE remote_altered ALTER COLUMN note SET NOT NULL", "ALTER TABLE remote_altered ADD CONSTRAINT positive CHECK (reading >= 0)");
        String query = "SELECT d.site, sum(r.reading), min(r.note), pg_typeof(sum(r.reading))::text FROM remote_altered r"
                + " JOIN remote_devices d USING (device) GROUP BY d.site ORDER BY d.site";
        assertThat(rows(query)).isEqualTo(rows("SELECT d.site, sum(r.value), 'n', 'numeric' FROM remote_rows_local r"
                + " JOIN remote_devices d USING (device) GROUP BY d.site ORDER BY d.site"));
        execute("ALTER TABLE remote_altered DROP COLUMN note", "DROP TABLE remote_altered");
    }

    @Test
    void truncateDeleteDropAndDropChunksKeepTheForeignTablesInStep() throws Exception {
        execute("DROP TABLE IF EXISTS remote_doomed", "CREATE TABLE remote_doomed (time timestamptz NOT NULL, device text NOT NULL, value int)",
                "SELECT create_distributed_hypertable('remote_doomed', 'time', 'device', chunk_time_interval => interval '1 day')",
                "INSERT INTO remote_doomed" + ROWS);
        String id = value("SELECT id FROM _timeshard_catalog.hypertable WHERE table_name = 'remote_doomed'");
        String children = "SELECT count(*) FROM pg_class c WHERE c.relnamespace = '_timeshard_internal'::regnamespace AND c.relkind = 'f'"
                + " AND c.relname LIKE '\\_dist\\_hyper\\_" + id + "\\_%' AND (c.relispartition OR EXISTS (SELECT 1 FROM pg_inherits"
                + " WHERE inhrelid = c.oid))";
        assertThat(value(children)).isEqualTo(value("SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'remote_doomed'"));
        execute("SELECT drop_chunks('remote_doomed', older_than => timestamptz '2024-01-04 00:00+00')");
        assertThat(value("SELECT count(*) FROM remote_doomed r JOIN remote_devices d USING (device)")).isEqualTo("336");
        assertThat(value(children)).isEqualTo(value("SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'remote_doomed'"));
        execute("TRUNCATE remote_doomed");
        assertThat(value("SELECT count(*) FROM remote_doomed r JOIN remote_devices d USING (device)")).isEqualTo("0");
        execute("INSERT INTO remote_doomed" + ROWS);
        assertThat(value("SELECT count(*) FROM remote_doomed r JOIN remote_devices d USING (device)")).isEqualTo("480");
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("DELETE FROM remote_doomed")).isEqualTo(480);
        }
        assertThat(value("SELECT count(*) FROM remote_doomed")).isEqualTo("0");
        execute("DROP TABLE remote_doomed");
        assertThat(value("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = '_timeshard_internal' AND c.relkind = 'f' AND NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = c.oid)"))
                .isEqualTo("0");
        assertThat(value("SELECT count(*) FROM pg_class WHERE relname LIKE '\\_ts\\_hyper\\_" + id + "%'")).isEqualTo("0");
    }

    @Test
    void theHomeDatabasePrunesTheChunkTreeBeforeItOpensAChunk() throws Exception {
        String columns = " (time timestamptz NOT NULL, device int NOT NULL, value int)";
        String rows = " SELECT timestamptz '2024-01-01 00:00+00' + g * interval '20 minutes', g % 5, g FROM generate_series(0, 449) g";
        execute("DROP TABLE IF EXISTS tree_rows", "CREATE TABLE tree_rows" + columns,
                "SELECT create_distributed_hypertable('tree_rows', 'time', 'device', number_partitions => 2,"
                        + " chunk_time_interval => interval '1 hour')", "INSERT INTO tree_rows" + rows,
                "DROP TABLE IF EXISTS tree_rows_local", "CREATE TABLE tree_rows_local" + columns, "INSERT INTO tree_rows_local" + rows);
        String id = value("SELECT id FROM _timeshard_catalog.hypertable WHERE table_name = 'tree_rows'");
        // 150 hours: buckets of 32 hours, then a slice per hour; the root table has the tree's reader as its only child.
        assertThat(value("SELECT count(*) FROM pg_inherits WHERE inhparent = 'tree_rows'::regclass")).isEqualTo("1");
        String tree = "pg_partition_tree('_timeshard_internal._ts_hyper_" + id + "')";
        assertThat(Integer.parseInt(value("SELECT count(*) FROM " + tree + " WHERE level = 1"))).isBetween(5, 6);
        assertThat(value("SELECT count(*) FROM " + tree + " WHERE level = 2")).isEqualTo("150");
        assertThat(value("SELECT count(*) FROM " + tree + " WHERE isleaf")).isEqualTo(value("SELECT count(*) FROM"
                + " timescaledb_information.chunks WHERE hypertable_name = 'tree_rows'"));
        String query = "SELECT d.device, count(*), sum(r.value) FROM TABLE r JOIN (VALUES (0), (1), (2), (3), (4)) d(device)"
                + " USING (device) WHERE r.time >= '2024-01-06 08:10+00' AND r.time < '2024-01-06 09:00+00' GROUP BY 1 ORDER BY 1";
        assertThat(rows(query.replace("TABLE", "tree_rows"))).isEqualTo(rows(query.replace("TABLE", "tree_rows_local"))).isNotEmpty();
        String plan = String.join("\n", rows("EXPLAIN VERBOSE " + query.replace("TABLE", "tree_rows")).stream().map(row -> row.get(0)).toList());
        assertThat(plan).contains("Foreign Scan on _timeshard_internal._ts_hyper_" + id + "_all", "Tree Plan:");
        // Only the hour's chunks are read, one per space slice with rows.
        assertThat(plan.split("Foreign Scan on _timeshard_internal._dist_hyper_", -1).length - 1).isBetween(1, 2);
        for (String other : List.of("SELECT count(*), min(time), max(value) FROM TABLE r WHERE device IN (SELECT device FROM TABLE WHERE value = 7)",
                "SELECT r FROM TABLE r WHERE value = 401", "SELECT count(*) FROM TABLE WHERE device = 3 AND time < '2024-01-02'"
                        + " AND value IN (SELECT value FROM TABLE WHERE value % 7 = 0)")) {
            assertThat(rows(other.replace("TABLE", "tree_rows"))).as(other).isEqualTo(rows(other.replace("TABLE", "tree_rows_local")));
        }
        execute("DROP TABLE tree_rows", "DROP TABLE tree_rows_local");
    }

    @Test
    void theSpaceHashAtHomeIsTheAccessNodes() throws Exception {
        List<String> texts = List.of("", "a", "dev_1", "ümlaut", "four", "longer than sixteen bytes");
        List<Long> numbers = List.of(0L, 1L, -1L, 42L, Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MIN_VALUE);
        for (String text : texts) {
            assertThat(value("SELECT _timeshard_catalog.space_hash(" + io.timeshard.sql.SqlText.literal(text) + "::text)")).as(text)
                    .isEqualTo(String.valueOf(io.timeshard.partition.SpaceHash.ofText(io.timeshard.partition.SpaceType.TEXT, text)));
        }
        for (long number : numbers) {
            assertThat(value("SELECT _timeshard_catalog.space_hash('" + number + "'::bigint)")).as(String.valueOf(number))
                    .isEqualTo(String.valueOf(io.timeshard.partition.SpaceHash.ofText(io.timeshard.partition.SpaceType.BIGINT,
                            String.valueOf(number))));
        }
        String uuid = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
        assertThat(value("SELECT _timeshard_catalog.space_hash('" + uuid + "'::uuid)"))
                .isEqualTo(String.valueOf(io.timeshard.partition.SpaceHash.ofText(io.timeshard.partition.SpaceType.UUID, uuid)));
    }

    @Test
    void aChunkThatStraddlesABucketAfterAChangeOfIntervalIsReadAndAReadingTransactionMayNotAlterTheTree() throws Exception {
        String columns = " (time bigint NOT NULL, device text NOT NULL, value int)";
        String rows = "SELECT g, 'dev_' || (g % 6), g FROM generate_series(0, 99) g UNION ALL SELECT g, 'dev_' || (g % 6), g"
                + " FROM generate_series(315, 324) g UNION ALL SELECT 5000, 'dev_1', -5";
        execute("DROP TABLE IF EXISTS tree_changed", "CREATE TABLE tree_changed" + columns,
                "SELECT create_distributed_hypertable('tree_changed', 'time', chunk_time_interval => 10)",
                "INSERT INTO tree_changed SELECT g, 'dev_' || (g % 6), g FROM generate_series(0, 99) g",
                "SELECT set_chunk_time_interval('tree_changed', 1000)",
                // Bucket [0, 320) holds the first chunks; the chunk [100, 1000) straddles its end.
                "INSERT INTO tree_changed SELECT g, 'dev_' || (g % 6), g FROM generate_series(315, 324) g",
                "INSERT INTO tree_changed VALUES (5000, 'dev_1', -5)",
                "DROP TABLE IF EXISTS tree_changed_local", "CREATE TABLE tree_changed_local" + columns, "INSERT INTO tree_changed_local " + rows);
        assertThat(value("SELECT count(*) FROM pg_inherits WHERE inhparent = 'tree_changed'::regclass")).isEqualTo("2");
        String query = "SELECT count(*), sum(r.value), min(time), max(time) FROM TABLE r JOIN remote_devices d USING (device)";
        assertThat(rows(query.replace("TABLE", "tree_changed"))).isEqualTo(rows(query.replace("TABLE", "tree_changed_local")));
        String window = query + " WHERE time >= 319 AND time < 322";
        assertThat(rows(window.replace("TABLE", "tree_changed"))).isEqualTo(rows(window.replace("TABLE", "tree_changed_local")));
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.executeQuery(query.replace("TABLE", "tree_changed")).close();
            assertThatThrownBy(() -> statement.execute("ALTER TABLE tree_changed ADD COLUMN note text"))
                    .hasMessageContaining("in the transaction that has read it");
            connection.rollback();
            statement.execute("ALTER TABLE tree_changed ADD COLUMN note text");
            statement.execute("ALTER TABLE tree_changed RENAME COLUMN value TO reading");
            connection.commit();
        }
        assertThat(rows("SELECT count(note), sum(r.reading) FROM tree_changed r JOIN remote_devices d USING (device)"))
                .isEqualTo(rows("SELECT 0::bigint, sum(value) FROM tree_changed_local"));
        execute("DROP TABLE tree_changed", "DROP TABLE tree_changed_local");
    }
}
