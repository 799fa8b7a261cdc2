package io.timeshard.wire;

import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pgjdbc against the access node: both protocols, types in both formats, transactions, errors. */
class PgJdbcIntegrationTest {
    @BeforeAll
    static void startCluster() {
        TestCluster.get();
    }

    private static Connection connect(String... properties) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        for (int i = 0; i < properties.length; i += 2) {
            props.setProperty(properties[i], properties[i + 1]);
        }
        return DriverManager.getConnection(TestCluster.get().jdbcUrl(), props);
    }

    @Test
    void runsSimpleAndExtendedQueries() throws SQLException {
        for (String mode : List.of("simple", "extended", "extendedForPrepared")) {
            try (Connection connection = connect("preferQueryMode", mode); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE modes (id int PRIMARY KEY, name text)");
                statement.execute("INSERT INTO modes VALUES (1, 'one'), (2, 'two')");
                try (PreparedStatement select = connection.prepareStatement("SELECT name FROM modes WHERE id = ?")) {
                    select.setInt(1, 2);
                    try (ResultSet rows = select.executeQuery()) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getString(1)).as(mode).isEqualTo("two");
                    }
                }
            }
        }
    }

    @Test
    void transfersCommonTypesInTextAndBinary() throws SQLException {
        for (String binary : List.of("false", "true")) {
            try (Connection connection = connect("binaryTransfer", binary, "prepareThreshold", "-1");
                 PreparedStatement statement = connection.prepareStatement(
                         "SELECT ?::bool, ?::int2, ?::int4, ?::int8, ?::float4, ?::float8, ?::numeric, ?::text, ?::varchar,"
                                 + " ?::timestamptz, ?::date, ?::uuid, ?::bytea, ?::timestamp")) {
                UUID uuid = UUID.randomUUID();
                OffsetDateTime time = OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000, ZoneOffset.UTC);
                statement.setBoolean(1, true);
                statement.setShort(2, (short) -7);
                statement.setInt(3, 42);
                statement.setLong(4, Long.MAX_VALUE);
                statement.setFloat(5, 1.5f);
                statement.setDouble(6, -2.25);
                statement.setBigDecimal(7, new BigDecimal("12345.678900"));
                statement.setString(8, "héllo");
                statement.setString(9, "v");
                statement.setObject(10, time);
                statement.setObject(11, LocalDate.of(1999, 12, 31));
                statement.setObject(12, uuid);
                statement.setBytes(13, new byte[] {1, 2, (byte) 0xff});
                statement.setTimestamp(14, Timestamp.valueOf("2024-05-06 07:08:09"));
                for (int run = 0; run < 3; run++) {
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        assertThat(rows.getBoolean(1)).isTrue();
                        assertThat(rows.getShort(2)).isEqualTo((short) -7);
                        assertThat(rows.getInt(3)).isEqualTo(42);
                        assertThat(rows.getLong(4)).isEqualTo(Long.MAX_VALUE);
                        assertThat(rows.getFloat(5)).isEqualTo(1.5f);
                        assertThat(rows.getDouble(6)).isEqualTo(-2.25);
                        assertThat(rows.getBigDecimal(7)).isEqualTo(new BigDecimal("12345.678900"));
                        assertThat(rows.getString(8)).isEqualTo("héllo");
                        assertThat(rows.getString(9)).isEqualTo("v");
                        assertThat(rows.getObject(10, OffsetDateTime.class).toInstant()).isEqualTo(time.toInstant());
                        assertThat(rows.getObject(11, LocalDate.class)).isEqualTo(LocalDate.of(1999, 12, 31));
                        assertThat(rows.getObject(12, UUID.class)).isEqualTo(uuid);
                        assertThat(rows.getBytes(13)).containsExactly(1, 2, 0xff);
                        assertThat(rows.getTimestamp(14)).isEqualTo(Timestamp.valueOf("2024-05-06 07:08:09"));
                    }
                }
            }
        }
    }

    @Test
    void runsBatchesAndReadsMetadata() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS batch_items");
            statement.execute("CREATE TABLE batch_items (id int PRIMARY KEY, label text)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_items VALUES (?, ?)")) {
                for (int i = 0; i < 250; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "item " + i);
                    insert.addBatch();
                }
                assertThat(insert.executeBatch()).hasSize(250).containsOnly(1);
            }
            DatabaseMetaData metaData = connection.getMetaData();
            assertThat(metaData.getDatabaseProductName()).isEqualTo("PostgreSQL");
            try (ResultSet tables = metaData.getTables(null, "public", "batch_items", null)) {
                assertThat(tables.next()).isTrue();
            }
            try (ResultSet columns = metaData.getColumns(null, "public", "batch_items", null)) {
                List<String> names = new ArrayList<>();
                while (columns.next()) {
                    names.add(columns.getString("COLUMN_NAME"));
                }
                assertThat(names).containsExactly("id", "label");
            }
        }
    }

    @Test
    void fetchesInPortionsWithARowLimit() throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(10);
                try (ResultSet rows = statement.executeQuery("SELECT g FROM generate_series(1, 95) g")) {
                    long sum = 0;
                    int count = 0;
                    while (rows.next()) {
                        sum += rows.getInt(1);
                        count++;
                    }
                    assertThat(count).isEqualTo(95);
                    assertThat(sum).isEqualTo(95 * 96 / 2);
                }
            }
            connection.commit();
        }
    }

    @Test
    void behavesLikePostgresInTransactions() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS tx_items");
            statement.execute("CREATE TABLE tx_items (id int)");
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO tx_items VALUES (1)");
            statement.execute("SAVEPOINT before_two");
            statement.execute("INSERT INTO tx_items VALUES (2)");
            statement.execute("ROLLBACK TO SAVEPOINT before_two");
            assertThatThrownBy(() -> statement.execute("SELECT 1/0")).isInstanceOf(PSQLException.class)
                    .extracting(e -> ((PSQLException) e).getSQLState()).isEqualTo("22012");
            assertThatThrownBy(() -> statement.execute("SELECT 1")).extracting(e -> ((PSQLException) e).getSQLState())
                    .isEqualTo("25P02");
            connection.rollback();
            statement.execute("INSERT INTO tx_items VALUES (3)");
            connection.commit();
            connection.setAutoCommit(true);
            try (ResultSet rows = statement.executeQuery("SELECT array_agg(id ORDER BY id)::text FROM tx_items")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("{3}");
            }
        }
    }

    @Test
    void relaysErrorsAndNoticesWithTheirFields() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("SELECT * FROM no_such_table"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("42P01");
                        assertThat(e.getServerErrorMessage().getPosition()).isEqualTo(15);
                    });
            statement.execute("DO $$BEGIN RAISE NOTICE 'hello' USING DETAIL = 'some detail'; END$$");
            SQLWarning warning = statement.getWarnings();
            assertThat((Object) warning).isNotNull();
            assertThat(warning.getMessage()).contains("hello");
        }
    }

    @Test
    void copiesIntoLocalTables() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS copy_items");
            statement.execute("CREATE TABLE copy_items (id int, label text)");
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long copied = copy.copyIn("COPY copy_items FROM STDIN (FORMAT csv)", new StringReader("1,a\n2,b\n3,\"c,d\"\n"));
            assertThat(copied).isEqualTo(3);
            assertThatThrownBy(() -> copy.copyIn("COPY copy_items FROM STDIN (FORMAT csv)", new StringReader("4,x\nnot a number,y\n")))
                    .isInstanceOf(PSQLException.class).hasMessageContaining("line 2");
            try (ResultSet rows = statement.executeQuery("SELECT count(*), max(label) FROM copy_items")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(3);
                assertThat(rows.getString(2)).isEqualTo("c,d");
            }
        }
    }

    @Test
    void reportsServerParameters() throws SQLException {
        try (Connection connection = connect("ApplicationName", "param-test"); Statement statement = connection.createStatement()) {
            PGConnection pg = connection.unwrap(PGConnection.class);
            assertThat(pg.getParameterStatus("server_version")).startsWith("16");
            assertThat(pg.getParameterStatus("integer_datetimes")).isEqualTo("on");
            assertThat(pg.getParameterStatus("application_name")).isEqualTo("param-test");
            statement.execute("SET TimeZone = 'Asia/Tokyo'");
            assertThat(pg.getParameterStatus("TimeZone")).isEqualTo("Asia/Tokyo");
        }
    }

    @Test
    void refusesDatabasesItDoesNotServe() {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        String url = TestCluster.get().jdbcUrl().replace("/timeshard", "/other");
        assertThatThrownBy(() -> DriverManager.getConnection(url, props)).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("3D000"));
    }
}
