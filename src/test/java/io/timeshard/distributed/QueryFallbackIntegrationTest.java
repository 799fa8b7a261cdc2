package io.timeshard.distributed;

import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static io.timeshard.distributed.Sql.execute;
import static io.timeshard.distributed.Sql.rows;
import static io.timeshard.distributed.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

/** Queries on hypertables through the home-database fallback, with chunks ruled out by the WHERE clause. */
class QueryFallbackIntegrationTest {
    @BeforeAll
    static void start() throws Exception {
        TestCluster.get();
        execute("DROP TABLE IF EXISTS fallback", "CREATE TABLE fallback (time timestamptz NOT NULL, location text NOT NULL, value int)",
                "SELECT create_distributed_hypertable('fallback', 'time', chunk_time_interval => interval '1 day', data_nodes => '{dn1,dn2}')",
                "INSERT INTO fallback SELECT timestamptz '2024-01-01' + g * interval '1 hour', 'loc_' || (g % 4), g FROM generate_series(0, 239) g",
                "DROP TABLE IF EXISTS fallback_local",
                "CREATE TABLE fallback_local AS SELECT timestamptz '2024-01-01' + g * interval '1 hour' AS time, 'loc_' || (g % 4) AS location,"
                        + " g AS value FROM generate_series(0, 239) g");
    }

    @Test
    void answersLikeOnePostgresWithAndWithoutExclusion() throws Exception {
        for (String where : List.of("time >= '2024-01-05' AND time < '2024-01-07'", "f.time BETWEEN '2024-01-03 05:00+00' AND '2024-01-04'",
                "time > '2024-01-09' OR value < 3", "location IN ('loc_1', 'loc_2') AND time <= '2024-01-02'", "value % 7 = 0")) {
            String alias = where.startsWith("f.") ? " f" : "";
            String query = "SELECT count(*), sum(value), min(time)::text FROM TABLE_NAME" + alias + " WHERE " + where;
            assertThat(rows(query.replace("TABLE_NAME", "fallback"))).as(where).isEqualTo(rows(query.replace("TABLE_NAME", "fallback_local")));
        }
    }

    @Test
    void leavesOutChunksOfOtherDays() throws Exception {
        String firstDayNode = value("SELECT data_nodes[1] FROM timescaledb_information.chunks WHERE hypertable_name = 'fallback'"
                + " ORDER BY range_start LIMIT 1");
        String secondDayNode = value("SELECT data_nodes[1] FROM timescaledb_information.chunks WHERE hypertable_name = 'fallback'"
                + " ORDER BY range_start OFFSET 1 LIMIT 1");
        assertThat(firstDayNode).isNotEqualTo(secondDayNode);
        var stopped = TestCluster.get().dataNodes().get(Integer.parseInt(firstDayNode.substring(2)) - 1);
        stopped.stop();
        try (Connection connection = TestCluster.connect();
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM fallback WHERE time >= ? AND time < ?")) {
            query.setObject(1, OffsetDateTime.of(2024, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC));
            query.setObject(2, OffsetDateTime.of(2024, 1, 3, 0, 0, 0, 0, ZoneOffset.UTC));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                assertThat(result.getInt(1)).isEqualTo(24);
            }
            // A join through the fallback reads only the chunks its WHERE clause leaves, too.
            assertThat(rows(connection, "SELECT count(*) FROM fallback f JOIN fallback_local l ON l.time = f.time"
                    + " WHERE f.time >= '2024-01-02 00:00+00' AND f.time < '2024-01-03 00:00+00'")).containsExactly(List.of("24"));
        } finally {
            TestCluster.restartDataNode(stopped);
        }
    }

    @Test
    void copiesOutAndFeedsLocalTables() throws Exception {
        try (Connection connection = TestCluster.connect()) {
            var copy = connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            java.io.StringWriter out = new java.io.StringWriter();
            assertThat(copy.copyOut("COPY fallback (location, value) TO STDOUT (FORMAT csv)", out)).isEqualTo(240);
            assertThat(out.toString().lines()).hasSize(240).contains("loc_3,239");
            java.io.StringWriter query = new java.io.StringWriter();
            copy.copyOut("COPY (SELECT max(value) FROM fallback) TO STDOUT", query);
            assertThat(query.toString().strip()).isEqualTo("239");
        }
        execute("DROP TABLE IF EXISTS fallback_summary", "CREATE TABLE fallback_summary (location text, n bigint)",
                "INSERT INTO fallback_summary SELECT location, count(*) FROM fallback GROUP BY location");
        assertThat(rows("SELECT sum(n) FROM fallback_summary")).containsExactly(List.of("240"));
    }

    @Test
    void queriesAfterAWriteSeeColumnsAddedSinceTheSessionsLastSuchQuery() throws Exception {
        Sql.createConditions("fallback_altered");
        try (Connection connection = TestCluster.connect(); java.sql.Statement statement = connection.createStatement()) {
            String query = "SELECT count(*) FROM fallback_altered f JOIN fallback_local l ON l.location = f.location";
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO fallback_altered VALUES ('2024-01-01', 'loc_1', 1, 1)");
            assertThat(rows(connection, query)).hasSize(1); // chunks copied home: the transaction wrote
            connection.commit();
            connection.setAutoCommit(true);
            statement.execute("ALTER TABLE fallback_altered ADD COLUMN note text");
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO fallback_altered VALUES ('2024-01-01', 'loc_2', 2, 2, 'new')");
            assertThat(rows(connection, "SELECT note FROM fallback_altered f JOIN fallback_local l ON l.location = f.location"
                    + " WHERE f.location = 'loc_2' LIMIT 1")).containsExactly(List.of("new"));
            connection.rollback();
        }
    }

    @Test
    void refusesViewsInATransactionThatWroteToAHypertable() throws Exception {
        try (Connection connection = TestCluster.connect(); java.sql.Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO fallback VALUES ('2024-02-01 00:00+00', 'loc_9', 1)");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> statement.execute("CREATE VIEW fallback_view AS SELECT * FROM fallback"))
                    .isInstanceOfSatisfying(org.postgresql.util.PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
            connection.rollback();
        }
    }
}
