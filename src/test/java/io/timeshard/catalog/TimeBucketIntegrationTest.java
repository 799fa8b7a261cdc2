package io.timeshard.catalog;

import io.timeshard.testing.TestCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** time_bucket as TimescaleDB computes it, in the home database and on a data node. */
class TimeBucketIntegrationTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "time_bucket('1 hour', timestamptz '2024-01-01 10:37:00+00')::text|2024-01-01 10:00:00+00",
            "time_bucket('1 week', timestamptz '2024-01-10 12:00+00')::text|2024-01-08 00:00:00+00",
            "time_bucket('15 minutes', timestamp '2024-01-01 10:37:59')::text|2024-01-01 10:30:00",
            "time_bucket('1 day', date '2024-02-15')::text|2024-02-15",
            "time_bucket('1 month', date '2024-02-15')::text|2024-02-01",
            "time_bucket('3 months', timestamp '2024-05-20 08:00')::text|2024-04-01 00:00:00",
            "time_bucket('1 year', timestamptz '2024-05-20 08:00+00')::text|2024-01-01 00:00:00+00",
            "time_bucket('1 hour', timestamptz '2024-01-01 10:15+00', interval '30 minutes')::text|2024-01-01 09:30:00+00",
            "time_bucket('1 day', timestamptz '2024-01-01 10:15+00', timestamptz '2024-01-01 06:00+00')::text|2024-01-01 06:00:00+00",
            "time_bucket('1 hour', timestamptz '1999-12-31 23:30+00')::text|1999-12-31 23:00:00+00",
            "time_bucket(10, 25)::text|20",
            "time_bucket(10::bigint, -5::bigint)::text|-10",
            "time_bucket(10, 25, 3)::text|23"})
    void bucketsAsTimescaleDoes(String expression, String expected) throws Exception {
        try (Connection connection = TestCluster.connect()) {
            assertThat(value(connection, expression)).isEqualTo(expected);
        }
        try (Connection node = TestCluster.get().dataNodes().get(0).connect("timeshard")) {
            assertThat(value(node, expression)).isEqualTo(expected);
        }
    }

    private static String value(Connection connection, String expression) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            try (ResultSet rows = statement.executeQuery("SELECT " + expression)) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
