package io.timeshard.distributed;

import io.timeshard.embedded.PostgresInstance;
import io.timeshard.testing.TestCluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers for the distributed-hypertable tests: queries through the access node and straight on the nodes. */
final class Sql {
    private Sql() {}

    static void execute(String... statements) throws SQLException {
        try (Connection connection = TestCluster.connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static List<List<String>> rows(String sql) throws SQLException {
        try (Connection connection = TestCluster.connect()) {
            return rows(connection, sql);
        }
    }

    static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<List<String>> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rows.getString(i));
                }
                result.add(row);
            }
            return result;
        }
    }

    static String value(String sql) throws SQLException {
        return rows(sql).get(0).get(0);
    }

    static long count(String table) throws SQLException {
        return Long.parseLong(value("SELECT count(*) FROM " + table));
    }

    /** Rows of the hypertable stored on each data node, summed over its chunk tables there. */
    static Map<String, Long> rowsPerNode(String hypertable) throws SQLException {
        Map<String, Long> perNode = new LinkedHashMap<>();
        List<List<String>> chunks = rows("SELECT c.chunk_schema || '.' || c.chunk_name, c.data_nodes::text FROM timescaledb_information.chunks c"
                + " WHERE c.hypertable_name = '" + hypertable + "'");
        List<PostgresInstance> nodes = TestCluster.get().dataNodes();
        for (int i = 0; i < nodes.size(); i++) {
            String node = "dn" + (i + 1);
            long total = 0;
            try (Connection connection = nodes.get(i).connect("timeshard"); Statement statement = connection.createStatement()) {
                for (List<String> chunk : chunks) {
                    if (chunk.get(1).contains(node)) {
                        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + chunk.get(0))) {
                            rows.next();
                            total += rows.getLong(1);
                        }
                    }
                }
            }
            perNode.put(node, total);
        }
        return perNode;
    }

    static long preparedTransactions() throws SQLException {
        long total = 0;
        for (PostgresInstance node : TestCluster.get().dataNodes()) {
            try (Connection connection = node.connect("timeshard"); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_prepared_xacts")) {
                rows.next();
                total += rows.getLong(1);
            }
        }
        return total;
    }

    static String createConditions(String name) throws SQLException {
        execute("DROP TABLE IF EXISTS " + name,
                "CREATE TABLE " + name + " (time timestamptz NOT NULL, location text NOT NULL, temperature double precision, humidity double precision)",
                "SELECT create_distributed_hypertable('" + name + "', 'time', 'location', chunk_time_interval => interval '1 day')");
        return name;
    }
}
