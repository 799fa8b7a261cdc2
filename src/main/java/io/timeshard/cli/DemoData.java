package io.timeshard.cli;

import io.timeshard.node.LocalCluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The seeds' conditions hypertable with a few days of readings, so that a newcomer can query at once. */
final class DemoData {
    private DemoData() {}

    /** Creates and fills the table on the first run; later runs find it and leave it alone. */
    static boolean loadIfMissing(LocalCluster cluster) throws SQLException {
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT to_regclass('public.conditions') IS NOT NULL")) {
                exists.next();
                if (exists.getBoolean(1)) {
                    return false;
                }
            }
            statement.execute("""
                    CREATE TABLE conditions (
                      time        TIMESTAMPTZ       NOT NULL,
                      location    TEXT              NOT NULL,
                      temperature DOUBLE PRECISION  NULL,
                      humidity    DOUBLE PRECISION  NULL
                    )""");
            statement.execute("SELECT create_distributed_hypertable('conditions', 'time', 'location')");
            // Three days of readings, one a minute, from ten places; the temperature follows the day.
            statement.execute("""
                    INSERT INTO conditions
                    SELECT t, place,
                           round((18 + 6 * sin(extract(epoch FROM t) / 86400 * 2 * pi()) + n)::numeric, 2)::float8,
                           round((40 + 20 * cos(extract(epoch FROM t) / 43200 * pi()) + 2 * n)::numeric, 2)::float8
                    FROM generate_series(date_trunc('day', now()) - interval '3 days', date_trunc('day', now()) - interval '1 minute',
                                         interval '1 minute') AS t,
                         unnest(ARRAY['office', 'garage', 'kitchen', 'basement', 'attic', 'lab', 'lobby', 'roof', 'cellar', 'porch'])
                             WITH ORDINALITY AS places(place, n)""");
            return true;
        }
    }
}
