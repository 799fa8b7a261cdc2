package io.timeshard.distributed;

import io.timeshard.partition.HashSlice;
import io.timeshard.partition.SpaceHash;
import io.timeshard.partition.SpaceType;
import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.timeshard.distributed.Sql.count;
import static io.timeshard.distributed.Sql.execute;
import static io.timeshard.distributed.Sql.rows;
import static io.timeshard.distributed.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestIntegrationTest {
    @BeforeAll
    static void start() {
        TestCluster.get();
    }

    @Test
    void insertsLiteralsAndParametersAndPlacesRowsByHash() throws Exception {
        Sql.createConditions("ingest_insert");
        execute("INSERT INTO ingest_insert VALUES ('2024-01-01 00:00+00', 'loc_1', 1.5, 10)",
                "INSERT INTO ingest_insert (time, location) VALUES ('2024-01-01 01:00+00', 'loc_2'), ('2024-01-02 01:00+00', 'loc_3')");
        try (Connection connection = TestCluster.connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO ingest_insert VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < 30; i++) {
                insert.setObject(1, OffsetDateTime.of(2024, 1, 3, 0, i, 0, 0, ZoneOffset.UTC));
                insert.setString(2, "loc_" + i);
                insert.setDouble(3, i);
                insert.setDouble(4, i * 2);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        assertThat(count("ingest_insert")).isEqualTo(33);
        Map<String, Long> perNode = Sql.rowsPerNode("ingest_insert");
        assertThat(perNode.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(33);
        // Each row is on the node its hash slice maps to: slice i of 3 on dn(i+1).
        long expectedOnFirst = 0;
        for (String location : allLocations()) {
            if (HashSlice.containing(SpaceHash.ofText(SpaceType.TEXT, location), 3).ordinal(3) == 0) {
                expectedOnFirst++;
            }
        }
        assertThat(perNode.get("dn1")).isEqualTo(expectedOnFirst);
    }

    private static List<String> allLocations() {
        List<String> locations = new ArrayList<>(List.of("loc_1", "loc_2", "loc_3"));
        for (int i = 0; i < 30; i++) {
            locations.add("loc_" + i);
        }
        return locations;
    }

    @Test
    void insertsFromALocalTableAndReturnsRows() throws Exception {
        Sql.createConditions("ingest_select");
        execute("DROP TABLE IF EXISTS local_source", "CREATE TABLE local_source AS SELECT timestamptz '2024-02-01' + g * interval '1 minute' AS t,"
                + " 'loc_' || (g % 7) AS l, g::float8 AS v FROM generate_series(1, 5000) g");
        execute("INSERT INTO ingest_select (time, location, temperature) SELECT t, l, v FROM local_source");
        assertThat(count("ingest_select")).isEqualTo(5000);
        assertThat(value("SELECT sum(temperature) FROM ingest_select")).isEqualTo(String.valueOf(5000L * 5001 / 2) + "");
        List<List<String>> returned = rows("INSERT INTO ingest_select VALUES ('2024-02-10 00:00+00', 'x', 42, 1) RETURNING location, temperature");
        assertThat(returned).containsExactly(List.of("x", "42"));
    }

    @Test
    void upsertsWithOnConflict() throws Exception {
        Sql.createConditions("ingest_upsert");
        execute("CREATE UNIQUE INDEX ON ingest_upsert (time, location)");
        execute("INSERT INTO ingest_upsert VALUES ('2024-01-01 00:00+00', 'a', 1, 1), ('2024-01-01 00:00+00', 'b', 2, 2)");
        execute("INSERT INTO ingest_upsert VALUES ('2024-01-01 00:00+00', 'a', 9, 9) ON CONFLICT DO NOTHING");
        assertThat(value("SELECT temperature FROM ingest_upsert WHERE location = 'a'")).isEqualTo("1");
        List<List<String>> updated = rows("INSERT INTO ingest_upsert VALUES ('2024-01-01 00:00+00', 'a', 9, 9), ('2024-01-02 00:00+00', 'c', 3, 3)"
                + " ON CONFLICT (time, location) DO UPDATE SET temperature = excluded.temperature RETURNING location, temperature");
        assertThat(updated).containsExactlyInAnyOrder(List.of("a", "9"), List.of("c", "3"));
        assertThat(count("ingest_upsert")).isEqualTo(3);
    }

    @Test
    void batchesRespectTheBatchSizeAndTheParameterLimit() throws Exception {
        StringBuilder columns = new StringBuilder("time timestamptz NOT NULL, location text NOT NULL");
        for (int i = 0; i < 100; i++) {
            columns.append(", c").append(i).append(" int");
        }
        execute("DROP TABLE IF EXISTS wide", "CREATE TABLE wide (" + columns + ")",
                "SELECT create_distributed_hypertable('wide', 'time', 'location')", "CREATE UNIQUE INDEX ON wide (time, location)");
        // 1,000 rows x 102 columns would be 102,000 parameters in one statement: it must be split.
        execute("INSERT INTO wide (time, location, c0) SELECT timestamptz '2024-01-01' + g * interval '1 second', 'l' || (g % 3), g"
                + " FROM generate_series(1, 1000) g ON CONFLICT DO NOTHING");
        assertThat(count("wide")).isEqualTo(1000);
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET timescaledb.max_insert_batch_size = 7");
            statement.execute("INSERT INTO wide (time, location, c1) SELECT timestamptz '2024-03-01' + g * interval '1 second', 'l', g"
                    + " FROM generate_series(1, 50) g ON CONFLICT DO NOTHING");
        }
        assertThat(value("SELECT count(c1) FROM wide")).isEqualTo("50");
    }

    @Test
    void copiesCsvTextAndBinary() throws Exception {
        Sql.createConditions("ingest_copy");
        try (Connection connection = TestCluster.connect()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder csv = new StringBuilder("time,location,temperature,humidity\n");
            for (int i = 0; i < 20_000; i++) {
                csv.append("2024-01-0").append(1 + i % 5).append(" 00:00:").append(String.format("%02d", i % 60)).append("+00,\"loc, ")
                        .append(i % 11).append("\",").append(i).append(",\n");
            }
            assertThat(copy.copyIn("COPY ingest_copy FROM STDIN WITH (FORMAT csv, HEADER)", new StringReader(csv.toString()))).isEqualTo(20_000);
            assertThat(copy.copyIn("COPY ingest_copy (location, time) FROM STDIN", new StringReader("tab\\tbed\t2024-01-06 00:00:00+00\n"))).isEqualTo(1);
            assertThat(copy.copyIn("COPY ingest_copy FROM STDIN (FORMAT binary)", new ByteArrayInputStream(binaryRows()))).isEqualTo(2);
        }
        assertThat(count("ingest_copy")).isEqualTo(20_003);
        assertThat(value("SELECT count(*) FROM ingest_copy WHERE humidity IS NULL")).isEqualTo("20003");
        assertThat(value("SELECT count(*) FROM ingest_copy WHERE location = 'tab\tbed'")).isEqualTo("1");
        assertThat(value("SELECT count(DISTINCT location) FROM ingest_copy WHERE location LIKE 'loc, %'")).isEqualTo("11");
        assertThat(value("SELECT temperature FROM ingest_copy WHERE location = 'binary-2'")).isEqualTo("2.5");
    }

    private static byte[] binaryRows() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0});
        out.writeInt(0);
        out.writeInt(0);
        long micros2024 = (OffsetDateTime.of(2024, 1, 7, 0, 0, 0, 0, ZoneOffset.UTC).toEpochSecond() - 946_684_800L) * 1_000_000L;
        for (int i = 1; i <= 2; i++) {
            out.writeShort(4);
            out.writeInt(8);
            out.writeLong(micros2024 + i);
            byte[] location = ("binary-" + i).getBytes(StandardCharsets.UTF_8);
            out.writeInt(location.length);
            out.write(location);
            out.writeInt(8);
            out.writeDouble(i + 0.5);
            out.writeInt(-1);
        }
        out.writeShort(-1);
        return bytes.toByteArray();
    }

    @Test
    void aFailingCopyLeavesNothingAndNamesTheLine() throws Exception {
        Sql.createConditions("ingest_copy_fail");
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            csv.append("2024-01-0").append(1 + i % 7).append(" 00:00:00+00,loc_").append(i % 13).append(',')
                    .append(i == 40_000 ? "not-a-number" : String.valueOf(i)).append(",1\n");
        }
        try (Connection connection = TestCluster.connect()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            assertThatThrownBy(() -> copy.copyIn("COPY ingest_copy_fail FROM STDIN (FORMAT csv)", new StringReader(csv.toString())))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("22P02");
                        assertThat(e.getServerErrorMessage().getWhere()).contains("COPY ingest_copy_fail, line 40001");
                    });
            assertThatThrownBy(() -> copy.copyIn("COPY ingest_copy_fail FROM STDIN (FORMAT csv)",
                    new StringReader("2024-01-01 00:00:00+00,a,1,1\n,b,2,2\n")))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("23502");
                        assertThat(e.getServerErrorMessage().getWhere()).contains("line 2");
                    });
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
        }
        assertThat(count("ingest_copy_fail")).isZero();
        assertThat(Sql.rowsPerNode("ingest_copy_fail").values()).containsOnly(0L);
        assertThat(Sql.preparedTransactions()).isZero();
    }

    @Test
    void storesTheRowsOfOneLocationTogetherInItsChunk() throws Exception {
        Sql.createConditions("ingest_grouped");
        StringBuilder csv = new StringBuilder();
        for (int minute = 0; minute < 300; minute++) { // time order, every location each minute: one row per page if stored as they come
            for (int location = 0; location < 30; location++) {
                csv.append(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusMinutes(minute)).append(",loc_").append(location)
                        .append(',').append(minute).append(",1\n");
            }
        }
        try (Connection connection = TestCluster.connect()) {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY ingest_grouped FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
        }
        List<List<String>> chunk = rows("SELECT chunk_schema || '.' || chunk_name, data_nodes[1] FROM timescaledb_information.chunks"
                + " WHERE hypertable_name = 'ingest_grouped'");
        long pages = 0;
        for (List<String> found : chunk) {
            int node = Integer.parseInt(found.get(1).substring(2)) - 1;
            try (Connection connection = TestCluster.get().dataNodes().get(node).connect("timeshard");
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT count(DISTINCT (ctid::text::point)[0]) FROM " + found.get(0)
                         + " WHERE location = 'loc_7'")) {
                result.next();
                pages += result.getLong(1);
            }
        }
        assertThat(pages).isBetween(1L, 4L); // 300 rows of about 70 bytes; about 25 pages if stored as they came
        assertThat(rows("SELECT min(temperature), max(temperature), count(*) FROM ingest_grouped WHERE location = 'loc_7'"))
                .containsExactly(List.of("0", "299", "300"));
    }

    @Test
    void namesTheClientsLineWhenADataNodeRejectsARow() throws Exception {
        Sql.createConditions("ingest_checked");
        execute("ALTER TABLE ingest_checked ADD CONSTRAINT plausible CHECK (temperature < 1000)");
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            csv.append("2024-01-01 00:").append(String.format("%02d", i / 100)).append(":00+00,loc_").append(i % 100).append(',')
                    .append(i == 2_000 ? 5000 : 20).append(",1\n");
        }
        try (Connection connection = TestCluster.connect()) {
            assertThatThrownBy(() -> connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY ingest_checked FROM STDIN (FORMAT csv)", new StringReader(csv.toString())))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("23514");
                        assertThat(e.getServerErrorMessage().getWhere()).contains("line 2001");
                    });
        }
        assertThat(count("ingest_checked")).isZero();
    }

    @Test
    void aRowOneNodeRejectsLeavesNothingPreparedOrStoredOnTheOthers() throws Exception {
        // The nodes without the bad row finish first and prepare ahead of the commit; the failure must roll them back.
        Sql.createConditions("ingest_early_prepare");
        execute("ALTER TABLE ingest_early_prepare ADD CONSTRAINT plausible CHECK (temperature < 1000)");
        for (int attempt = 0; attempt < 5; attempt++) {
            StringBuilder insert = new StringBuilder("INSERT INTO ingest_early_prepare VALUES ");
            for (int i = 0; i < 600; i++) {
                insert.append(i == 0 ? "" : ", ").append("('2024-01-01 00:00:00+00', 'loc_").append(i)
                        .append("', ").append(i == 300 + attempt ? 5000 : 20).append(", 1)");
            }
            assertThatThrownBy(() -> execute(insert.toString()))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"));
            assertThat(Sql.preparedTransactions()).isZero();
        }
        assertThat(Sql.rowsPerNode("ingest_early_prepare").values()).containsOnly(0L);
        execute("INSERT INTO ingest_early_prepare SELECT '2024-01-01', 'loc_' || g, 20, 1 FROM generate_series(1, 600) g");
        assertThat(count("ingest_early_prepare")).isEqualTo(600);
        assertThat(Sql.rowsPerNode("ingest_early_prepare").values()).allMatch(rows -> rows > 0);
        assertThat(Sql.preparedTransactions()).isZero();
    }

    @Test
    void smallInsertsOutsideABlockCommitAloneAndFailuresLeaveNothing() throws Exception {
        // One row for one chunk replica commits with its COPY (no BEGIN, no COMMIT); rows evaluated at home come in the same
        // round trip as the privilege check and the staging table's statements. Failures on either side store nothing.
        Sql.createConditions("ingest_alone");
        execute("ALTER TABLE ingest_alone ADD CONSTRAINT plausible CHECK (temperature < 1000)");
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO ingest_alone VALUES ('2024-01-01 00:01+00', 'loc_1', 1.5, 10)");
            statement.execute("INSERT INTO ingest_alone VALUES (timestamptz '2024-01-01 00:00+00' + 2 * interval '1 minute', 'loc_1', 2.5, 10)");
            for (String rejected : List.of("INSERT INTO ingest_alone VALUES ('2024-01-01 00:03+00', 'loc_1', 5000, 10)",
                    "INSERT INTO ingest_alone VALUES (timestamptz '2024-01-01 00:00+00' + 4 * interval '1 minute', 'loc_1', 5000, 10)")) {
                assertThatThrownBy(() -> statement.execute(rejected))
                        .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"));
            }
            assertThatThrownBy(() -> statement.execute("INSERT INTO ingest_alone VALUES (timestamptz 'soon', 'loc_1', 1, 1)"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22007"));
            assertThatThrownBy(() -> statement.execute("INSERT INTO ingest_alone (time, location, nowhere) VALUES (now(), 'loc_1', 1)"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42703"));
            statement.execute("INSERT INTO ingest_alone VALUES (timestamptz '2024-01-01 00:00+00' + 5 * interval '1 minute', 'loc_1', 5.5, 10)");
            assertThat(rows(connection, "SELECT extract(minute FROM time)::int, temperature FROM ingest_alone ORDER BY time"))
                    .containsExactly(List.of("1", "1.5"), List.of("2", "2.5"), List.of("5", "5.5"));
        }
        assertThat(Sql.preparedTransactions()).isZero();
    }

    @Test
    void computesValueExpressionsAsPostgresDoes() throws Exception {
        // The access node computes these itself (ValueExpression); a local twin through the same access node is PostgreSQL's answer.
        String columns = "(time timestamptz NOT NULL, dev int, big bigint, small smallint, v float8, r real, n numeric)";
        execute("DROP TABLE IF EXISTS ingest_expr", "DROP TABLE IF EXISTS ingest_expr_twin", "CREATE TABLE ingest_expr " + columns,
                "CREATE TABLE ingest_expr_twin " + columns,
                "SELECT create_distributed_hypertable('ingest_expr', 'time', 'dev', chunk_time_interval => interval '1 day')");
        List<String> values = List.of(
                "timestamptz '2024-01-08 00:00:00+00' + 12345 * interval '1 millisecond', 7 % 3, 5, 1, 2, 3, 4",
                "'2024-01-08 10:00+02'::timestamptz - 3 * interval '1 hour 30 minutes', -7 / 2, 2147483648, -32768, -5 % 3, 16777215, 9",
                "CAST('2024-01-08 00:00:00.123456+00' AS timestamp with time zone) + interval '-1 us', (1 + 2) * -3, 9 * 9, 2 - 3, 1, 2, 3",
                "timestamptz '2024-01-08 00:00+00' + interval '25 hours' + interval '1ms', 2147483647, -9223372036854775807 - 1, 1, 9007199254740991, 1, 1",
                "timestamptz '2024-01-08 00:00+00' + interval '1 day', 1, 1, 1, 1, 1, 1",
                "timestamptz '2024-01-08 00:00+00', 2147483647 + 1, 1, 1, 1, 1, 1",
                "timestamptz '2024-01-08 00:00+00', 1 / 0, 1, 1, 1, 1, 1",
                "timestamptz '2024-01-08 00:00+00', 1, 1, 32767 + 1, 1, 1, 1",
                "timestamptz '2024-01-08 00:00+00', 1, 1, 1, 9007199254740993, 16777217, 1",
                "timestamptz '2024-01-08 00:00+00' + 9223372036854775807 * interval '1 hour', 1, 1, 1, 1, 1, 1",
                "timestamptz '2024-01-08 00:00+00' - interval '- 2 hours', 1, 1, 1, 1, 1, 1",
                "timestamptz '2024-01-08 00:00+00' + interval '-1 hour 30 minutes', 1, 1, 1, 1, 1, 1",
                "timestamptz '9999-12-31 21:00+00' + interval '2 hours', 1, 1, 1, 1, 1, 1",
                "timestamptz '9999-12-31 23:00+00' + interval '2 hours 30 min', 1, 1, 1, 1, 1, 1", // 10000 AD: evaluated at home
                "timestamptz '0044-03-15 12:00+00 BC', 1, 1, 1, 1, 1, 1",
                "timestamptz '2024-01-09 00:00+00', 7, 1, 1, 7 * 2.5, 0.1 + 0.2, 1e3 * 2.50 - 0.125",
                "timestamptz '2024-01-09 00:00+00', 8, 1, 1, -0.1, -0.1, 1.5e-3",
                "timestamptz '2024-01-09 00:00+00', 9, 1, 1, 1e400, 1, 1",
                "timestamptz '2024-01-09 00:00+00', 10, 1, 1, 1, 1e-60, 1",
                "timestamptz '2024-01-09 00:00+00', 2.5, 1, 1, 1, 1, 1",
                "timestamptz '2024-01-09 00:00+00' + ('12345'::int4) * interval '1 ms', ('-5'::int4) % 3, ('9'::int8), 1,"
                        + " ('12.25'::float8), ('3'::int8) * ('0.1'::float8), ('2.5'::float8)",
                "timestamptz '2024-01-09 00:00+00', 11, 1, 1, ('1e308'::float8) * 10, 1, 1",
                "timestamptz '2024-01-09 00:00+00', 12, 1, 1, 1, ('1e300'::float8), 1",
                "timestamptz '2024-01-09 00:00+00' + ('1500.5'::float8) * interval '1 ms', 13, 1, 1, 1, 1, 1",
                "timestamptz '2024-01-09 00:00+00' + ('0.0000001'::float8) * interval '1 ms', 14, 1, 1, 1, 1, 1");
        for (String row : values) {
            String hypertableOutcome = outcome("INSERT INTO ingest_expr VALUES (" + row + ")");
            assertThat(hypertableOutcome).as(row).isEqualTo(outcome("INSERT INTO ingest_expr_twin VALUES (" + row + ")"));
        }
        String select = "SELECT time, dev, big, small, v, r, n FROM %s ORDER BY time, dev, big";
        assertThat(rows(select.formatted("ingest_expr"))).hasSizeGreaterThan(3).isEqualTo(rows(select.formatted("ingest_expr_twin")));
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO ingest_expr (time, dev) VALUES (now(), -1), (current_timestamp, -2)");
            assertThat(rows(connection, "SELECT count(*) FROM ingest_expr WHERE dev < 0 AND time BETWEEN now() - interval '1 minute' AND now()"))
                    .containsExactly(List.of("2"));
            connection.setAutoCommit(false); // now() is the transaction's start, which the home database holds
            statement.execute("INSERT INTO ingest_expr (time, dev) VALUES (now() - 5 * interval '1 ms', -3)");
            assertThat(rows(connection, "SELECT count(*) FROM ingest_expr WHERE dev = -3 AND time = now() - interval '5 ms'"))
                    .containsExactly(List.of("1"));
            connection.commit();
        }
    }

    /** "ok" or the SQLSTATE of the statement's failure. */
    @Test
    void writesSmallStatementsOfEveryBinaryTypeAsPostgresDoes() throws Exception {
        // Small statements outside a block reach the node as one INSERT with binary parameters (ChunkInsert), the rest as COPY.
        String columns = "(time timestamptz NOT NULL, dev int, small smallint, big bigint, r real, v float8, n numeric(6, 2), b boolean,"
                + " u uuid, ts timestamp(3), d date, t text, vc varchar(3), bin bytea)";
        execute("DROP TABLE IF EXISTS ingest_types", "DROP TABLE IF EXISTS ingest_types_twin", "CREATE TABLE ingest_types " + columns,
                "CREATE TABLE ingest_types_twin " + columns,
                "SELECT create_distributed_hypertable('ingest_types', 'time', 'dev', chunk_time_interval => interval '1 day')");
        List<String> values = List.of(
                "('2024-01-08 00:00:00.12345+00', 1, -32768, 9223372036854775807, 1.5, -2.25e-300, 1234.565, true,"
                        + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2024-01-08 01:02:03.456789', '2024-01-08', 'é ü', 'abc', '\\x00ff')",
                "('2024-01-08 00:00:01+00', 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
                "('2024-01-08 00:00:02+00', 3, 1, 1, 'NaN', 'Infinity', 'NaN', false, NULL, 'infinity', '-infinity', '', '', '')",
                "('2024-01-08 00:00:03+00', 4, 1, 1, 1, 1, 12345.6, true, NULL, NULL, NULL, NULL, NULL, NULL)",
                "('2024-01-08 00:00:04+00', 5, 1, 1, 1, 1, 1, true, NULL, NULL, NULL, NULL, 'abcd', NULL)",
                "('2024-01-08 00:00:05+00', 6, 1, 1, 1, 1, 1, true, NULL, NULL, NULL, NULL, 'ab', NULL),"
                        + " ('2024-01-08 00:00:06+00', 6, 2, 2, 2, 2, 2.5, false, NULL, NULL, NULL, 'x', 'y', NULL)",
                "('2024-01-08 00:00:07+00', NULL, 1, 1, 1, 1, 1, true, NULL, NULL, NULL, NULL, NULL, NULL)");
        for (String row : values) {
            assertThat(outcome("INSERT INTO ingest_types VALUES " + row)).as(row).isEqualTo(outcome("INSERT INTO ingest_types_twin VALUES " + row));
        }
        try (Connection connection = TestCluster.connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO ingest_types (time, dev, n, vc) VALUES (?, ?, ?, ?)");
             PreparedStatement twin = connection.prepareStatement("INSERT INTO ingest_types_twin (time, dev, n, vc) VALUES (?, ?, ?, ?)")) {
            for (PreparedStatement statement : List.of(insert, twin)) {
                statement.setObject(1, java.time.OffsetDateTime.parse("2024-01-08T00:00:08.0005Z"));
                statement.setInt(2, 8);
                statement.setBigDecimal(3, new java.math.BigDecimal("-9.995"));
                statement.setString(4, "xyz");
                assertThat(statement.executeUpdate()).isEqualTo(1);
            }
        }
        String select = "SELECT * FROM %s ORDER BY time, dev";
        assertThat(rows(select.formatted("ingest_types"))).hasSize(7).isEqualTo(rows(select.formatted("ingest_types_twin")));
    }

    private static String outcome(String sql) {
        try {
            execute(sql);
            return "ok";
        } catch (java.sql.SQLException e) {
            return e.getSQLState();
        }
    }

    @Test
    void rejectsADoubleOutOfRangeAsPostgresDoes() throws Exception {
        Sql.createConditions("ingest_range");
        try (Connection connection = TestCluster.connect()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            assertThatThrownBy(() -> copy.copyIn("COPY ingest_range FROM STDIN (FORMAT csv)",
                    new StringReader("2024-01-01 00:00:00+00,a,1.5,1\n2024-01-01 00:01:00+00,a,1e400,1\n")))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("22003");
                        assertThat(e.getServerErrorMessage().getWhere()).contains("line 2");
                    });
            assertThat(copy.copyIn("COPY ingest_range FROM STDIN (FORMAT csv)",
                    new StringReader("2024-01-01 00:00:00+00,a,1e-300,-0\n2024-01-01 00:01:00+00,b,-12.50,1e3\n"))).isEqualTo(2);
            assertThatThrownBy(() -> copy.copyIn("COPY ingest_range FROM STDIN (FORMAT csv)",
                    new StringReader("2024-01-01 00:00:00+00,c,1e-400,1\n"))).isInstanceOfSatisfying(PSQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("22003")); // PostgreSQL refuses underflow too
        }
        assertThat(rows("SELECT location, temperature, humidity FROM ingest_range ORDER BY location"))
                .containsExactly(List.of("a", "1e-300", "-0"), List.of("b", "-12.5", "1000"));
    }

    @Test
    void rejectsANullTimeWithItsSqlState() throws Exception {
        Sql.createConditions("ingest_null_time");
        assertThatThrownBy(() -> execute("INSERT INTO ingest_null_time VALUES ('2024-01-01', 'a', 1, 1), (NULL, 'b', 2, 2)"))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23502"));
        assertThatThrownBy(() -> execute("INSERT INTO ingest_null_time VALUES ('2024-01-01', 'a', 'warm', 1)"))
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22P02"));
        assertThat(count("ingest_null_time")).isZero();
    }

    @Test
    void readsTimesInTheSessionTimeZone() throws Exception {
        Sql.createConditions("ingest_zone");
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'Asia/Tokyo'");
            statement.execute("INSERT INTO ingest_zone VALUES ('2024-01-02 08:00', 'a', 1, 1)");
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY ingest_zone FROM STDIN (FORMAT csv)",
                    new StringReader("2024-01-02 08:30,b,2,2\n01/02/2024 09:00 JST,c,3,3\n"));
        }
        assertThat(rows("SELECT location, time AT TIME ZONE 'UTC' FROM ingest_zone ORDER BY location")).containsExactly(
                List.of("a", "2024-01-01 23:00:00"), List.of("b", "2024-01-01 23:30:00"), List.of("c", "2024-01-02 00:00:00"));
        assertThat(value("SELECT count(DISTINCT chunk_name) FROM timescaledb_information.chunks WHERE hypertable_name = 'ingest_zone'"
                + " AND range_start = '2024-01-01 00:00+00'")).isNotEqualTo("0");
    }

    @Test
    void concurrentSessionsCreateOneChunkPerSlice() throws Exception {
        Sql.createConditions("ingest_concurrent");
        List<CompletableFuture<Void>> sessions = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            int session = s;
            sessions.add(CompletableFuture.runAsync(() -> {
                try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
                    for (int day = 1; day <= 5; day++) {
                        statement.execute("INSERT INTO ingest_concurrent SELECT timestamptz '2024-03-0" + day + " 00:00+00' + g * interval '1 second',"
                                + " 'loc_' || g, " + session + ", 1 FROM generate_series(1, 60) g");
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(sessions.toArray(CompletableFuture[]::new)).join();
        assertThat(count("ingest_concurrent")).isEqualTo(8 * 5 * 60);
        // 5 days x 3 hash slices, each created exactly once.
        assertThat(value("SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'ingest_concurrent'")).isEqualTo("15");
        assertThat(value("SELECT count(DISTINCT (range_start, chunk_name)) FROM timescaledb_information.chunks"
                + " WHERE hypertable_name = 'ingest_concurrent'")).isEqualTo("15");
    }

    @Test
    void updatesAndDeletesOnEveryReplica() throws Exception {
        execute("DROP TABLE IF EXISTS modify_me", "CREATE TABLE modify_me (time timestamptz NOT NULL, location text NOT NULL, value int)",
                "SELECT create_distributed_hypertable('modify_me', 'time', 'location', replication_factor => 2)",
                "INSERT INTO modify_me SELECT timestamptz '2024-01-01' + g * interval '1 hour', 'loc_' || (g % 5), g FROM generate_series(1, 200) g");
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("UPDATE modify_me SET value = value * 10 WHERE location = 'loc_1'")).isEqualTo(40);
            assertThat(statement.executeUpdate("DELETE FROM modify_me WHERE value < 50")).isEqualTo(49 - 9);
            try (PreparedStatement update = connection.prepareStatement("UPDATE modify_me SET value = ? WHERE time = ? RETURNING value")) {
                update.setInt(1, -1);
                update.setObject(2, OffsetDateTime.of(2024, 1, 9, 8, 0, 0, 0, ZoneOffset.UTC));
                try (ResultSet rows = update.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getInt(1)).isEqualTo(-1);
                }
            }
            assertThatThrownBy(() -> statement.execute("UPDATE modify_me SET location = 'moved'"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
        }
        assertThat(count("modify_me")).isEqualTo(160);
        assertThat(Sql.rowsPerNode("modify_me").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(320);
        assertThat(value("SELECT count(*) FROM modify_me WHERE value = -1")).isEqualTo("1");
    }

    @Test
    void updatesAndDeletesRunOnlyOnChunksThatCanMatch() throws Exception {
        execute("DROP TABLE IF EXISTS excluded", "CREATE TABLE excluded (time timestamptz NOT NULL, value int)",
                "SELECT create_distributed_hypertable('excluded', 'time', chunk_time_interval => interval '1 day', data_nodes => '{dn1,dn3}')",
                "INSERT INTO excluded SELECT timestamptz '2024-01-01' + g * interval '1 hour', g FROM generate_series(0, 47) g");
        List<List<String>> chunks = rows("SELECT range_start::date::text, data_nodes[1] FROM timescaledb_information.chunks"
                + " WHERE hypertable_name = 'excluded' ORDER BY range_start");
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).get(1)).isNotEqualTo(chunks.get(1).get(1));
        int firstNode = Integer.parseInt(chunks.get(0).get(1).substring(2)) - 1;
        var stopped = TestCluster.get().dataNodes().get(firstNode);
        stopped.stop();
        try {
            try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("DELETE FROM excluded WHERE time >= '2024-01-02' AND value % 2 = 0")).isEqualTo(12);
                try (PreparedStatement update = connection.prepareStatement("UPDATE excluded SET value = -value WHERE time > ?")) {
                    update.setObject(1, OffsetDateTime.of(2024, 1, 2, 12, 0, 0, 0, ZoneOffset.UTC));
                    assertThat(update.executeUpdate()).isEqualTo(6);
                }
                assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM excluded WHERE value = 1")).isInstanceOf(PSQLException.class);
            }
        } finally {
            TestCluster.restartDataNode(stopped);
        }
        assertThat(count("excluded")).isEqualTo(36);
    }

    @Test
    void cancelReachesTheDataNodes() throws Exception {
        Sql.createConditions("cancel_me");
        execute("INSERT INTO cancel_me " + "SELECT timestamptz '2024-01-01', 'loc_' || g, g, g FROM generate_series(1, 30) g");
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            long start = System.nanoTime();
            CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(700);
                    statement.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE cancel_me SET humidity = 0 WHERE pg_sleep(1) IS NOT NULL"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            canceller.join();
            assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
        }
        assertThat(value("SELECT count(*) FROM cancel_me WHERE humidity = 0")).isEqualTo("0");
    }

    @Test
    void forwardsRowsOfTypesItDoesNotEncode() throws Exception {
        execute("DROP TABLE IF EXISTS raw_rows", "CREATE TABLE raw_rows (time timestamptz NOT NULL, device text, payload jsonb, span interval)",
                "SELECT create_distributed_hypertable('raw_rows', 'time', 'device')");
        try (Connection connection = TestCluster.connect()) {
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            assertThat(copy.copyIn("COPY raw_rows FROM STDIN (FORMAT csv)", new StringReader(
                    "2024-01-01 00:00:00+00,a,\"{\"\"k\"\": 1}\",1 day\n2024-01-02 00:00:00+00,b,[],00:05:00\n"))).isEqualTo(2);
            assertThat(copy.copyIn("COPY raw_rows FROM STDIN", new StringReader("2024-01-03 00:00:00+00\tc\t{}\t\\N\n"))).isEqualTo(1);
        }
        assertThat(rows("SELECT device, payload::text, span::text FROM raw_rows ORDER BY time")).containsExactly(
                List.of("a", "{\"k\": 1}", "1 day"), List.of("b", "[]", "00:05:00"), java.util.Arrays.asList("c", "{}", null));
    }
}
