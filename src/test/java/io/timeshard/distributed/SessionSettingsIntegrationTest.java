package io.timeshard.distributed;

import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static io.timeshard.distributed.Sql.execute;
import static io.timeshard.distributed.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

/** The session's settings decide what a statement's literals mean, whatever other sessions ran the same text under. */
class SessionSettingsIntegrationTest {
    private static final List<String> ZONES = List.of("UTC", "America/New_York", "Asia/Kolkata", "UTC");

    @BeforeAll
    static void start() throws Exception {
        TestCluster.get();
        String rows = " SELECT timestamptz '2024-01-01 00:00+00' + g * interval '10 minutes', g % 5, g FROM generate_series(0, 1439) g";
        execute("DROP TABLE IF EXISTS zoned", "CREATE TABLE zoned (time timestamptz NOT NULL, device int NOT NULL, value int)",
                "SELECT create_distributed_hypertable('zoned', 'time', 'device', chunk_time_interval => interval '1 day')",
                "INSERT INTO zoned" + rows, "DROP TABLE IF EXISTS zoned_local",
                "CREATE TABLE zoned_local (time timestamptz NOT NULL, device int NOT NULL, value int)", "INSERT INTO zoned_local" + rows);
    }

    @Test
    void queriesReadTimeLiteralsInEachSessionsTimeZone() throws Exception {
        for (String query : List.of("SELECT count(*) FROM TABLE WHERE time >= '2024-01-05 00:00'",
                "SELECT count(*) FROM TABLE WHERE date_trunc('day', time) = '2024-01-03'",
                "SELECT device, count(*) FROM TABLE WHERE time < '2024-01-02 05:00' GROUP BY device ORDER BY device",
                "SELECT time FROM TABLE WHERE time BETWEEN '2024-01-04 23:00' AND '2024-01-05 01:00' ORDER BY time DESC LIMIT 3")) {
            for (String zone : ZONES) {
                for (boolean inBlock : List.of(false, true)) {
                    try (Connection connection = TestCluster.connect()) {
                        connection.setAutoCommit(!inBlock);
                        setZone(connection, zone);
                        for (int run = 0; run < 2; run++) {
                            assertThat(rows(connection, query.replace("TABLE", "zoned"))).as(zone + ": " + query)
                                    .isEqualTo(rows(connection, query.replace("TABLE", "zoned_local")));
                        }
                        if (inBlock) {
                            connection.commit();
                        }
                    }
                }
            }
        }
    }

    @Test
    void updatesAndDeletesReadTimeLiteralsInEachSessionsTimeZone() throws Exception {
        String update = "UPDATE TABLE SET value = value + 1 WHERE time >= '2024-01-05 00:00' AND time < '2024-01-05 06:00'";
        for (String zone : ZONES) {
            try (Connection connection = TestCluster.connect()) {
                setZone(connection, zone);
                assertThat(updated(connection, update.replace("TABLE", "zoned"))).as(zone)
                        .isEqualTo(updated(connection, update.replace("TABLE", "zoned_local")));
            }
        }
        String query = "SELECT time, device, value FROM TABLE ORDER BY time";
        assertThat(rows(query.replace("TABLE", "zoned"))).isEqualTo(rows(query.replace("TABLE", "zoned_local")));
    }

    @Test
    void valuesPrintAsTheSessionsDateStyleFloatDigitsAndByteaOutputSay() throws Exception {
        String rows = " SELECT timestamptz '2024-01-01 00:00+00' + g * interval '7 hours', g % 3, g / 4.0::float8 + 1.0 / 3, decode(lpad(to_hex(g), 4, '0'), 'hex'),"
                + " date '2024-01-01' + g FROM generate_series(0, 99) g";
        String columns = " (time timestamptz NOT NULL, device int NOT NULL, ratio float8, raw bytea, day date)";
        execute("DROP TABLE IF EXISTS printed", "CREATE TABLE printed" + columns,
                "SELECT create_distributed_hypertable('printed', 'time', 'device', chunk_time_interval => interval '1 day')",
                "INSERT INTO printed" + rows, "DROP TABLE IF EXISTS printed_local", "CREATE TABLE printed_local" + columns,
                "INSERT INTO printed_local" + rows);
        List<String> queries = List.of("SELECT * FROM TABLE ORDER BY time",
                "SELECT device, max(time), min(day), min(ratio), max(ratio), count(raw) FROM TABLE GROUP BY device ORDER BY device",
                "SELECT time, raw FROM TABLE WHERE time >= '02.01.2024' ORDER BY time DESC LIMIT 5");
        // pgjdbc itself refuses DateStyles other than ISO: PsqlIntegrationTest covers those.
        for (String setting : List.of("DateStyle = 'ISO, DMY'", "extra_float_digits = 0", "extra_float_digits = -3",
                "bytea_output = 'escape'", "IntervalStyle = 'sql_standard'")) {
            for (boolean inBlock : List.of(false, true)) {
                try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
                    connection.setAutoCommit(!inBlock);
                    statement.execute("SET " + setting);
                    for (String query : queries) {
                        assertThat(rows(connection, query.replace("TABLE", "printed"))).as(setting + ": " + query)
                                .isEqualTo(rows(connection, query.replace("TABLE", "printed_local")));
                    }
                    if (inBlock) {
                        connection.commit();
                    }
                }
            }
        }
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET DateStyle = 'ISO, DMY'");
            statement.execute("INSERT INTO printed VALUES ('03.01.2024 05:00 UTC', 7, 0.5, '\\x00', '04.01.2024')");
            statement.execute("INSERT INTO printed_local VALUES ('03.01.2024 05:00 UTC', 7, 0.5, '\\x00', '04.01.2024')");
            assertThat(statement.executeUpdate("UPDATE printed SET ratio = 1 WHERE day = '04.01.2024' AND device = 7")).isEqualTo(1);
            statement.execute("UPDATE printed_local SET ratio = 1 WHERE day = '04.01.2024' AND device = 7");
            connection.setAutoCommit(false);
            statement.execute("SET LOCAL extra_float_digits = 0");
            connection.commit();
            assertThat(rows(connection, queries.get(0).replace("TABLE", "printed")))
                    .isEqualTo(rows(connection, queries.get(0).replace("TABLE", "printed_local")));
        }
    }

    private static void setZone(Connection connection, String zone) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = '" + zone + "'");
        }
    }

    private static int updated(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }
}
