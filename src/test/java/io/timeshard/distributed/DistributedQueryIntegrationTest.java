package io.timeshard.distributed;

import io.timeshard.testing.TestCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.timeshard.distributed.Sql.execute;
import static io.timeshard.distributed.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

/** Push-down as a client sees it: EXPLAIN, prepared statements, result types, large results. */
class DistributedQueryIntegrationTest {
    @BeforeAll
    static void start() throws Exception {
        TestCluster.get();
        execute("DROP TABLE IF EXISTS pushed", "CREATE TABLE pushed (time timestamptz NOT NULL, location text NOT NULL, value int, reading float8)",
                "SELECT create_distributed_hypertable('pushed', 'time', 'location', chunk_time_interval => interval '1 day')",
                // Readings are quarters: their float sums come out alike in any row order.
                "INSERT INTO pushed SELECT timestamptz '2024-01-01' + g * interval '1 minute', 'loc_' || (g % 7), g % 100, g / 4.0"
                        + " FROM generate_series(0, 9999) g",
                "DROP TABLE IF EXISTS pushed_local", "CREATE TABLE pushed_local AS SELECT timestamptz '2024-01-01' + g * interval '1 minute' AS time,"
                        + " 'loc_' || (g % 7) AS location, g % 100 AS value, g / 4.0::float8 AS reading FROM generate_series(0, 9999) g");
    }

    @Test
    void explainVerboseShowsEachNodeItsChunksAndRemoteSql() throws Exception {
        String full = plan("EXPLAIN VERBOSE SELECT location, max(value) FROM pushed GROUP BY location");
        assertThat(full).contains("Strategy: full", "Relations: Aggregate on (public.pushed)", "Data node: dn1", "Data node: dn3",
                "Chunks: _dist_hyper_", "Remote SQL: SELECT location, max(value) FROM ");
        String partial = plan("EXPLAIN VERBOSE SELECT max(value) FROM pushed");
        assertThat(partial).contains("Custom Scan (FinalizeAggregate)", "Strategy: partial", "Relations: Partial aggregate on (public.pushed)",
                "Final SQL: SELECT max(s1) AS \"max\"");
        assertThat(plan("EXPLAIN SELECT p.*, random() FROM pushed p")).contains("Strategy: fallback", "random()");
        assertThat(plan("EXPLAIN ANALYZE SELECT count(*) FROM pushed")).contains("actual rows=1 time=");
    }

    @Test
    void readsTheChunksOfAnAggregateOnOneNodeOverTwoConnectionsOutsideTransactionBlocks() throws Exception {
        String query = "SELECT time_bucket('1 hour', time) AS hour, avg(reading), count(*) FROM TABLE WHERE location = 'loc_3'"
                + " GROUP BY hour ORDER BY hour LIMIT 50";
        String split = plan("EXPLAIN " + query.replace("TABLE", "pushed"));
        assertThat(split).contains("Strategy: partial", "Reason: one data node, its chunks read over 2 connections");
        assertThat(split.split("Data node: ", -1)).hasSize(3);
        List<List<String>> expected = rows(query.replace("TABLE", "pushed_local"));
        assertThat(rows(query.replace("TABLE", "pushed"))).isEqualTo(expected);
        try (Connection connection = TestCluster.connect()) {
            connection.setAutoCommit(false);
            // In a transaction block the session has one connection per node.
            assertThat(rows(connection, "EXPLAIN " + query.replace("TABLE", "pushed")).toString()).contains("Strategy: full")
                    .containsOnlyOnce("Data node:");
            assertThat(rows(connection, query.replace("TABLE", "pushed"))).isEqualTo(expected);
            connection.commit();
        }
    }

    @Test
    void readsRangesAcrossLocationsInPageOrderWhereNoIndexOrderIsNeeded() throws Exception {
        String range = " WHERE time >= '2024-01-02' AND time < '2024-01-05'";
        String buckets = "SELECT time_bucket('1 hour', time) AS hour, max(reading), count(*) FROM TABLE" + range + " GROUP BY hour";
        assertThat(plan("EXPLAIN VERBOSE " + buckets.replace("TABLE", "pushed"))).contains("Strategy: partial", "Scan Order: pages",
                "page order */");
        assertThat(rows(buckets.replace("TABLE", "pushed") + " ORDER BY hour")).isEqualTo(rows(buckets.replace("TABLE", "pushed_local")
                + " ORDER BY hour"));
        String filtered = "SELECT * FROM TABLE" + range + " AND value > 90";
        assertThat(plan("EXPLAIN " + filtered.replace("TABLE", "pushed"))).contains("Strategy: full", "Scan Order: pages");
        assertThat(rows(filtered.replace("TABLE", "pushed"))).containsExactlyInAnyOrderElementsOf(rows(filtered.replace("TABLE", "pushed_local")));
        // One location's rows lie together; an ORDER BY with LIMIT and max(time) want an index's order.
        assertThat(plan("EXPLAIN SELECT max(reading) FROM pushed" + range + " AND location = 'loc_1'")).doesNotContain("Scan Order");
        assertThat(plan("EXPLAIN SELECT * FROM pushed" + range + " ORDER BY time DESC LIMIT 5")).doesNotContain("Scan Order");
        assertThat(plan("EXPLAIN SELECT max(time) FROM pushed" + range)).doesNotContain("Scan Order");
        assertThat(plan("EXPLAIN SELECT count(*), max(reading) FROM pushed" + range)).doesNotContain("Scan Order");
        try (Connection connection = TestCluster.connect()) {
            connection.setAutoCommit(false);
            // The setting would outlive the query in the session's transaction on each node.
            assertThat(rows(connection, "EXPLAIN " + buckets.replace("TABLE", "pushed")).toString()).doesNotContain("Scan Order");
            connection.commit();
        }
    }

    @Test
    void rulesOutChunksByTimeConstantsParametersAndNow() throws Exception {
        assertThat(plan("EXPLAIN SELECT * FROM pushed WHERE time >= '2024-01-03' AND time < '2024-01-04'"))
                .doesNotContain("_chunk,").contains("Chunks:");
        assertThat(plan("EXPLAIN SELECT * FROM pushed WHERE time > now() - interval '1 day'")).contains("no chunk can match");
        assertThat(plan("EXPLAIN SELECT * FROM pushed WHERE location = 'loc_3'")).containsOnlyOnce("Data node:");
    }

    @Test
    void preparedStatementsWithParametersAnswerLikeOnePostgres() throws Exception {
        String query = "SELECT location, count(*), sum(value), avg(value), min(time) FROM TABLE WHERE time >= ? AND value < ?"
                + " GROUP BY location ORDER BY location LIMIT ?";
        try (Connection connection = TestCluster.connect();
             PreparedStatement distributed = connection.prepareStatement(query.replace("TABLE", "pushed"));
             PreparedStatement local = connection.prepareStatement(query.replace("TABLE", "pushed_local"))) {
            for (int run = 0; run < 7; run++) { // past pgjdbc's prepareThreshold, results come in binary
                for (PreparedStatement statement : List.of(distributed, local)) {
                    statement.setObject(1, OffsetDateTime.of(2024, 1, 2, run, 0, 0, 0, ZoneOffset.UTC));
                    statement.setInt(2, 50 + run);
                    statement.setInt(3, 5);
                }
                assertThat(read(distributed)).as("run " + run).isEqualTo(read(local));
            }
            ResultSetMetaData types = distributed.getMetaData();
            assertThat(List.of(types.getColumnTypeName(2), types.getColumnTypeName(3), types.getColumnTypeName(4), types.getColumnTypeName(5)))
                    .containsExactly("int8", "int8", "numeric", "timestamptz");
        }
    }

    @Test
    void answersOddShapesLikeOnePostgres() throws Exception {
        for (String query : List.of(
                "SELECT location, avg(reading)::double precision, max(location)::character varying(3) FROM TABLE GROUP BY location ORDER BY 1",
                "SELECT location FROM TABLE ORDER BY location COLLATE \"C\" DESC, time LIMIT 5",
                "SELECT DISTINCT location, value FROM TABLE ORDER BY (value), location LIMIT 4",
                "SELECT value FROM TABLE ORDER BY time LIMIT 9223372036854775807 OFFSET 9995")) {
            assertThat(rows(query.replace("TABLE", "pushed"))).as(query).isEqualTo(rows(query.replace("TABLE", "pushed_local")));
        }
        assertThat(plan("EXPLAIN SELECT max(value)::double precision FROM pushed")).contains("Strategy: partial");
    }

    @Test
    void queriesDifferingOnlyInLiteralsKeepTheirOwnTypesAndMeaning() throws Exception {
        // One session, so that each query after the first of a shape is analysed from what home said of that shape.
        List<String> queries = List.of(
                "SELECT location, value + 1 AS v FROM TABLE WHERE value = 5 ORDER BY 1, 2 LIMIT 3",
                "SELECT location, value + 3000000000 AS v FROM TABLE WHERE value = 6 ORDER BY 1, 2 LIMIT 3",
                "SELECT location, value + 30000000000000000000 AS v FROM TABLE WHERE value = 7 ORDER BY 1, 2 LIMIT 3",
                "SELECT location, value + 1.5 AS v FROM TABLE WHERE value = 8 ORDER BY 1, 2 LIMIT 3",
                "SELECT location, count(*) FROM TABLE WHERE time < '2024-01-02' GROUP BY 1 ORDER BY 1",
                "SELECT value, count(*) FROM TABLE WHERE time < '2024-01-03' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3",
                "SELECT value::numeric(10, 2) AS n, B'101' AS b FROM TABLE WHERE location = ('loc_1') ORDER BY time LIMIT 2",
                "SELECT value::numeric(12, 4) AS n, B'1011' AS b FROM TABLE WHERE location = ('loc_2') ORDER BY time LIMIT 2",
                "SELECT date_trunc('hour', time) AS h, avg(reading) FROM TABLE WHERE location = ('loc_3') AND time >= ('2024-01-02'::timestamptz)"
                        + " AND time < timestamptz '2024-01-02' + ('3'::int4) * interval '1 hour' GROUP BY 1 ORDER BY 1",
                "SELECT date_trunc('day', time) AS h, avg(reading) FROM TABLE WHERE location = ('loc_4') AND time >= ('2024-01-03'::timestamptz)"
                        + " AND time < timestamptz '2024-01-03' + ('30'::int4) * interval '1 hour' GROUP BY 1 ORDER BY 1");
        try (Connection distributed = TestCluster.connect(); Connection local = TestCluster.connect()) {
            for (String query : queries) {
                assertThat(typedRows(distributed, query.replace("TABLE", "pushed"))).as(query)
                        .isEqualTo(typedRows(local, query.replace("TABLE", "pushed_local")));
            }
        }
    }

    /** The result's column names and types, then its rows. */
    private static List<List<String>> typedRows(Connection connection, String sql) throws Exception {
        List<List<String>> result = new ArrayList<>();
        try (java.sql.Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<String> header = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                header.add(meta.getColumnName(i) + " " + meta.getColumnTypeName(i) + "(" + meta.getPrecision(i) + "," + meta.getScale(i) + ")");
            }
            result.add(header);
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(rows.getString(i));
                }
                result.add(row);
            }
        }
        return result;
    }

    @Test
    void cancelReachesPushedDownQueries() throws Exception {
        // One aggregate row per node: outside a transaction block this runs on autocommit node connections.
        String slow = "SELECT sum(length(repeat(location || value, 200000))) FROM pushed";
        try (Connection connection = TestCluster.connect(); java.sql.Statement statement = connection.createStatement()) {
            long start = System.nanoTime();
            java.util.concurrent.CompletableFuture<Void> canceller = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(500);
                    statement.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> statement.executeQuery(slow))
                    .isInstanceOfSatisfying(org.postgresql.util.PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            canceller.join();
            assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
            assertThat(plan("EXPLAIN " + slow)).contains("Strategy: partial");
        }
    }

    @Test
    void seesColumnsChangedInsideItsTransaction() throws Exception {
        execute("DROP TABLE IF EXISTS altered", "CREATE TABLE altered (time timestamptz NOT NULL, device int NOT NULL, v float8)",
                "SELECT create_distributed_hypertable('altered', 'time', 'device')", "INSERT INTO altered VALUES ('2024-01-01', 1, 1.5)");
        try (Connection connection = TestCluster.connect(); var statement = connection.createStatement()) {
            assertThat(columns(statement, "SELECT * FROM altered LIMIT 5")).isEqualTo(3);
            connection.setAutoCommit(false);
            statement.execute("ALTER TABLE altered ADD COLUMN note text");
            assertThat(columns(statement, "SELECT * FROM altered LIMIT 5")).isEqualTo(4);
            connection.rollback();
            assertThat(columns(statement, "SELECT * FROM altered LIMIT 5")).isEqualTo(3);
            connection.commit();
        }
    }

    @Test
    void evaluatesLocalSubqueriesAtHomeInTheClientsTransaction() throws Exception {
        execute("DROP TABLE IF EXISTS pushed_picks", "CREATE TABLE pushed_picks (location text)", "INSERT INTO pushed_picks VALUES ('loc_1')");
        String query = "SELECT count(*) FROM pushed WHERE location IN (SELECT location FROM pushed_picks)";
        assertThat(plan("EXPLAIN VERBOSE " + query)).contains("Evaluated Subquery: (SELECT location FROM pushed_picks) = {loc_1}::text[]",
                "Strategy: partial", "WHERE location IN ('loc_1'::text)");
        try (Connection connection = TestCluster.connect(); var statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO pushed_picks VALUES ('loc_2')");
            assertThat(count(statement, query)).isEqualTo(2858);
            // A subquery that refers to the outer query fails alone: a savepoint keeps the transaction going.
            assertThat(count(statement, "SELECT count(*) FROM pushed p WHERE location IN (SELECT location FROM pushed_picks k"
                    + " WHERE k.location = p.location)")).isEqualTo(2858);
            assertThat(count(statement, "SELECT count(*) FROM pushed_picks")).isEqualTo(2);
            connection.rollback();
            assertThat(count(statement, query)).isEqualTo(1429);
            connection.commit();
        }
    }

    @Test
    void readsTheLatestRowsPerKeySeeingTheTransactionsWrites() throws Exception {
        execute("DROP TABLE IF EXISTS pushed_places", "CREATE TABLE pushed_places (location text)",
                "INSERT INTO pushed_places VALUES ('loc_1'), ('loc_2'), ('nowhere')");
        String query = "SELECT p.location, b.time, b.value FROM pushed_places p LEFT JOIN LATERAL (SELECT time, value FROM pushed t"
                + " WHERE t.location = p.location ORDER BY time DESC LIMIT 1) b ON true ORDER BY p.location";
        assertThat(plan("EXPLAIN " + query)).contains("Strategy: pushed", "Evaluated Subquery: (SELECT p.location FROM pushed_places p)");
        try (Connection connection = TestCluster.connect(); var statement = connection.createStatement()) {
            List<List<String>> before = rows(connection, query);
            assertThat(before).hasSize(3).last().isEqualTo(java.util.Arrays.asList("nowhere", null, null));
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO pushed VALUES ('2024-02-01 00:00+00', 'loc_2', -1, 0.25)");
            statement.execute("INSERT INTO pushed_places VALUES ('loc_3')");
            List<List<String>> inside = rows(connection, query);
            assertThat(inside).hasSize(4);
            assertThat(inside.get(0)).isEqualTo(before.get(0));
            assertThat(inside.get(1).get(2)).isEqualTo("-1");
            assertThat(inside.get(2).get(0)).isEqualTo("loc_3");
            connection.rollback();
            assertThat(rows(connection, query)).isEqualTo(before);
            connection.commit();
        }
    }

    @Test
    void pushesASubqueryAndRunsTheRestAtHomeSeeingTheTransactionsWrites() throws Exception {
        String query = "WITH per AS (SELECT location, count(*) AS n FROM pushed GROUP BY location) SELECT sum(n) FROM per JOIN"
                + " (VALUES ('loc_1'), ('loc_2')) v(location) USING (location)";
        assertThat(plan("EXPLAIN VERBOSE " + query)).contains("Strategy: pushed", "->  Custom Scan", "Remote SQL: SELECT location, count(*)");
        try (Connection connection = TestCluster.connect(); var statement = connection.createStatement()) {
            assertThat(count(statement, query)).isEqualTo(2858);
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO pushed VALUES ('2024-01-03', 'loc_1', 1, 0.25)");
            assertThat(count(statement, query)).isEqualTo(2859);
            assertThat(count(statement, "SELECT count(*) FROM (SELECT DISTINCT location FROM pushed) d")).isEqualTo(7);
            connection.rollback();
            assertThat(count(statement, query)).isEqualTo(2858);
            connection.commit();
        }
    }

    private static long count(java.sql.Statement statement, String query) throws Exception {
        try (ResultSet result = statement.executeQuery(query)) {
            assertThat(result.next()).isTrue();
            return result.getLong(1);
        }
    }

    private static int columns(java.sql.Statement statement, String query) throws Exception {
        try (ResultSet result = statement.executeQuery(query)) {
            assertThat(result.next()).isTrue();
            int count = result.getMetaData().getColumnCount();
            for (int i = 1; i <= count; i++) {
                result.getString(i); // a row shorter than its description fails here
            }
            return count;
        }
    }

    @Test
    void streamsLargeResultsInOrder() throws Exception {
        assertThat(rows("SELECT * FROM pushed ORDER BY reading DESC OFFSET 10"))
                .isEqualTo(rows("SELECT * FROM pushed_local ORDER BY reading DESC OFFSET 10"));
        assertThat(rows("SELECT time, location FROM pushed ORDER BY location, time DESC LIMIT 2000"))
                .isEqualTo(rows("SELECT time, location FROM pushed_local ORDER BY location, time DESC LIMIT 2000"));
    }

    private static List<List<String>> read(PreparedStatement statement) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    row.add(String.valueOf(result.getObject(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String plan(String explain) throws Exception {
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows(explain)) {
            text.append(row.get(0)).append('\n');
        }
        return text.toString();
    }
}
