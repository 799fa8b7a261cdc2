package io.timeshard.distributed;

import io.timeshard.partition.SpaceHash;
import io.timeshard.partition.SpaceType;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * The data of the differential query test, loaded identically into timeshard (two distributed
 * hypertables over dn1..dn3, repartitioned halfway through their time range) and into plain tables
 * of one PostgreSQL database. The rows are generated once, in the reference database, and copied
 * from there into timeshard, so both sides hold the very same values.
 *
 * <ul>
 *   <li>{@code diff_text}: one row a minute for each of 12 locations from 2024-03-01 to 2024-03-09
 *       (UTC), 138,240 rows; space column {@code location text}; 3 hash partitions before
 *       {@link #REPARTITION_TIME}, 2 from then on.</li>
 *   <li>{@code diff_num}: one row every two minutes for each of the devices 1..16, same days,
 *       92,160 rows; space column {@code device integer}; 3 hash partitions, then 5.</li>
 *   <li>{@code diff_places}: a small local table of locations and regions, for joins.</li>
 *   <li>{@code diff_double(integer)}: a user-defined function, which data nodes do not have.</li>
 *   <li>Views and functions over the hypertables: {@link DifferentialViews}.</li>
 * </ul>
 * Every non-dimension column has NULLs; some groups have only NULLs in a column.
 */
final class DifferentialData {
    static final String REFERENCE_DATABASE = "reference";
    /** Chunks from this time on were created after set_number_partitions. */
    static final String REPARTITION_TIME = "2024-03-05 00:00:00+00";
    /** A zone with a half-hour offset, so that date_trunc and time_bucket disagree and nothing passes by being UTC. */
    static final String SESSION_TIME_ZONE = "Asia/Kolkata";
    static final long TEXT_ROWS = 12L * 8 * 24 * 60;
    static final long NUM_ROWS = 16L * 8 * 24 * 30;

    /** Where the corpus expects the chunks of some space values, before and after the repartition. */
    private static final Map<String, String> LOCATION_NODES = Map.of("paris", "[dn1] then [dn1]", "Zürich", "[dn1] then [dn1]",
            "Lima", "[dn2] then [dn2]", "Denver", "[dn2] then [dn2]", "Berlin", "[dn3] then [dn2]", "cairo", "[dn2] then [dn1]");
    private static final Map<Integer, String> DEVICE_NODES = Map.of(6, "[dn1] then [dn1]", 15, "[dn1] then [dn1]", 100, "[dn1] then [dn1]",
            13, "[dn2] then [dn2]", 16, "[dn2] then [dn2]", 1, "[dn3] then [dn2]");

    private static final String TEXT_TABLE = """
            CREATE TABLE diff_text (time timestamptz NOT NULL, location text NOT NULL, temperature double precision,
                humidity numeric(6,2), reading integer, flag boolean, note text)""";
    private static final String NUM_TABLE = """
            CREATE TABLE diff_num (time timestamptz NOT NULL, device integer NOT NULL, value double precision, ratio real,
                level bigint, price numeric, status text, ok boolean)""";
    private static final String PLACES_TABLE = "CREATE TABLE diff_places (location text PRIMARY KEY, region text)";
    private static final String PLACES_ROWS = """
            INSERT INTO diff_places VALUES ('Berlin', 'Europe'), ('paris', 'Europe'), ('Tokyo', 'Asia'), ('new york', 'Americas'),
                ('São Paulo', 'Americas'), ('oslo', 'Europe'), ('Lima', 'Americas'), ('cairo', 'Africa'), ('Zürich', 'Europe'),
                ('austin', 'Americas'), ('Perth', 'Oceania'), ('Quito', 'Americas')""";
    private static final String USER_FUNCTION =
            "CREATE FUNCTION diff_double(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x * 2'";

    /**
     * Minute m, location l. Berlin (l = 0) sits on whole minutes, so there are rows exactly at chunk
     * boundaries; the others get seconds and milliseconds, all times distinct. Cairo has no
     * temperature on 2024-03-03, Lima no note, Denver no flag; paris' flags are all true and São
     * Paulo's all false where not NULL.
     */
    private static final String TEXT_ROWS_SQL = """
            INSERT INTO diff_text
            SELECT timestamptz '2024-03-01 00:00:00+00' + m * interval '1 minute'
                       + CASE WHEN l = 0 THEN interval '0' ELSE l * interval '4 seconds' + ((m * 37 + l) % 1000) * interval '1 millisecond' END,
                   (ARRAY['Berlin', 'paris', 'Tokyo', 'new york', 'São Paulo', 'oslo', 'Lima', 'cairo', 'Zürich', 'austin', 'Denver', 'lagos'])[l + 1],
                   CASE WHEN (m * 7 + l * 13) % 17 = 0 OR (l = 7 AND m / 1440 = 2) THEN NULL ELSE 20 + 12 * sin(m / 300.0 + l) + l * 0.37 END,
                   CASE WHEN (m * 5 + l * 3) % 13 = 0 THEN NULL ELSE round((55 + 35 * cos(m / 450.0 + l * 0.5))::numeric, 2) END,
                   CASE WHEN (m + l * 7) % 11 = 0 THEN NULL ELSE (m * 7919 + l * 104729) % 2001 - 1000 END,
                   CASE WHEN l = 10 OR (m + 2 * l) % 9 = 0 THEN NULL WHEN l = 1 THEN true WHEN l = 4 THEN false ELSE m % 5 <> l % 5 END,
                   CASE WHEN l = 6 OR (m * 3 + l) % 5 = 0 THEN NULL
                        ELSE (ARRAY['ok', 'warn', 'Error', 'ok ', 'OK', 'maintenance', 'it''s fine', ''])[1 + (m * 11 + l * 5) % 8] END
            FROM generate_series(0, 8 * 1440 - 1) m, generate_series(0, 11) l""";

    /**
     * Step k (two minutes), device d. Device 1 sits on even minutes, like Berlin in diff_text, so
     * the two tables join on time. ratio holds multiples of 1/8, whose float4 sums are exact in any
     * order; level sums exceed bigint; price has scales 0 to 3.
     */
    private static final String NUM_ROWS_SQL = """
            INSERT INTO diff_num
            SELECT timestamptz '2024-03-01 00:00:00+00' + k * interval '2 minutes' + (d - 1) * interval '5 seconds',
                   d,
                   CASE WHEN (k + d * 3) % 19 = 0 THEN NULL ELSE round((50 + 40 * sin(k / 200.0 + d)) * 1000) / 1000.0 END,
                   CASE WHEN (k * 3 + d) % 23 = 0 THEN NULL ELSE (((k * 13 + d * 7) % 64) / 8.0)::real END,
                   CASE WHEN (k + d) % 29 = 0 THEN NULL ELSE 1000000000000000 + ((k::bigint * 7919 + d * 104729) % 1000003) * 7777777777 END,
                   CASE WHEN (k + d * 5) % 31 = 0 THEN NULL ELSE round(((k * 31 + d * 17) % 100000) / 7.0, k % 4) END,
                   CASE WHEN (k + d) % 10 = 0 THEN NULL ELSE (ARRAY['idle', 'running', 'stopped', 'error'])[1 + (k * d) % 4] END,
                   CASE WHEN (k * 7 + d) % 13 = 0 THEN NULL ELSE (k + d) % 3 <> 0 END
            FROM generate_series(0, 8 * 720 - 1) k, generate_series(1, 16) d""";

    private DifferentialData() {}

    /** A session as both sides use it: the same time zone, whatever the machine's. */
    static Connection prepare(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = '" + SESSION_TIME_ZONE + "'");
        }
        return connection;
    }

    static void load(Connection timeshard, Connection reference) throws SQLException {
        requireNonNull(timeshard, "timeshard is null");
        requireNonNull(reference, "reference is null");
        String[] drops = {"DROP TABLE IF EXISTS diff_text", "DROP TABLE IF EXISTS diff_num", "DROP TABLE IF EXISTS diff_places",
                "DROP FUNCTION IF EXISTS diff_double(integer)"};
        execute(reference, timeBucketScript());
        execute(reference, DifferentialViews.DROPS.toArray(String[]::new));
        execute(reference, drops);
        execute(reference, TEXT_TABLE, NUM_TABLE, TEXT_ROWS_SQL, NUM_ROWS_SQL, PLACES_TABLE, PLACES_ROWS, USER_FUNCTION,
                // The indexes create_distributed_hypertable gives every chunk, so both sides can answer quickly.
                "CREATE INDEX ON diff_text (time DESC)", "CREATE INDEX ON diff_text (location, time DESC)",
                "CREATE INDEX ON diff_num (time DESC)", "CREATE INDEX ON diff_num (device, time DESC)",
                "VACUUM ANALYZE diff_text", "VACUUM ANALYZE diff_num", "VACUUM ANALYZE diff_places");

        execute(timeshard, DifferentialViews.DROPS.toArray(String[]::new));
        execute(timeshard, drops);
        execute(timeshard, TEXT_TABLE, NUM_TABLE, PLACES_TABLE, PLACES_ROWS, USER_FUNCTION,
                "SELECT create_distributed_hypertable('diff_text', 'time', 'location', number_partitions => 3,"
                        + " chunk_time_interval => interval '1 day', data_nodes => '{dn1,dn2,dn3}')",
                "SELECT create_distributed_hypertable('diff_num', 'time', 'device', number_partitions => 3,"
                        + " chunk_time_interval => interval '1 day', data_nodes => '{dn1,dn2,dn3}')");
        String firstHalf = " WHERE time < '" + REPARTITION_TIME + "'";
        String secondHalf = " WHERE time >= '" + REPARTITION_TIME + "'";
        copy(reference, timeshard, "diff_text", firstHalf);
        copy(reference, timeshard, "diff_num", firstHalf);
        execute(timeshard, "SELECT set_number_partitions('diff_text', 2)", "SELECT set_number_partitions('diff_num', 5)");
        copy(reference, timeshard, "diff_text", secondHalf);
        copy(reference, timeshard, "diff_num", secondHalf);
        execute(timeshard, "VACUUM ANALYZE diff_text", "VACUUM ANALYZE diff_num", "VACUUM ANALYZE diff_places");

        checkCount(reference, "diff_text", TEXT_ROWS);
        checkCount(reference, "diff_num", NUM_ROWS);
        checkCount(timeshard, "diff_text", TEXT_ROWS);
        checkCount(timeshard, "diff_num", NUM_ROWS);
        checkPlacement(timeshard);
        execute(reference, DifferentialViews.CREATES.toArray(String[]::new));
        execute(timeshard, DifferentialViews.CREATES.toArray(String[]::new));
    }

    /**
     * The corpus states strategies that depend on where chunks live: check those facts here, so
     * that a change of hashing or placement shows up as itself rather than as strategy mismatches.
     */
    private static void checkPlacement(Connection timeshard) throws SQLException {
        for (Map.Entry<String, String> location : LOCATION_NODES.entrySet()) {
            checkNodes(timeshard, "diff_text", SpaceHash.ofText(SpaceType.TEXT, location.getKey()), location.getKey(), location.getValue());
        }
        for (Map.Entry<Integer, String> device : DEVICE_NODES.entrySet()) {
            checkNodes(timeshard, "diff_num", SpaceHash.ofText(SpaceType.INTEGER, device.getKey().toString()), "device " + device.getKey(),
                    device.getValue());
        }
    }

    private static void checkNodes(Connection timeshard, String hypertable, int hash, String what, String expected) throws SQLException {
        long repartition = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2024-03-05T00:00:00Z"));
        Set<String> before = new TreeSet<>();
        Set<String> after = new TreeSet<>();
        try (PreparedStatement query = timeshard.prepareStatement("""
                SELECT k.range_start, r.node_name FROM _timeshard_catalog.chunk k
                JOIN _timeshard_catalog.hypertable h ON h.id = k.hypertable_id
                JOIN _timeshard_catalog.chunk_replica r ON r.chunk_id = k.id
                WHERE h.table_name = ? AND k.hash_start <= ? AND ? < k.hash_end""")) {
            query.setString(1, hypertable);
            query.setLong(2, hash);
            query.setLong(3, hash);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    (rows.getLong(1) < repartition ? before : after).add(rows.getString(2));
                }
            }
        }
        String actual = before + " then " + after;
        if (!actual.equals(expected)) {
            throw new IllegalStateException("the corpus expects the chunks of " + what + " in " + hypertable + " on " + expected
                    + " (before and after the repartition), they are on " + actual);
        }
    }

    private static void copy(Connection from, Connection to, String table, String where) throws SQLException {
        try {
            CopyManager source = from.unwrap(PGConnection.class).getCopyAPI();
            ByteArrayOutputStream rows = new ByteArrayOutputStream();
            long out = source.copyOut("COPY (SELECT * FROM " + table + where + ") TO STDOUT", rows);
            long in = to.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN",
                    new ByteArrayInputStream(rows.toByteArray()));
            if (in != out) {
                throw new IllegalStateException("copied " + out + " rows of " + table + " out of the reference database but " + in + " in");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkCount(Connection connection, String table, long expected) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            if (rows.getLong(1) != expected) {
                throw new IllegalStateException(table + " holds " + rows.getLong(1) + " rows, expected " + expected);
            }
        }
    }

    /** timeshard's time_bucket, which the home database and the data nodes have, for the reference database too. */
    private static String timeBucketScript() {
        try (InputStream script = DifferentialData.class.getResourceAsStream("/io/timeshard/catalog/time_bucket.sql")) {
            if (script == null) {
                throw new IllegalStateException("time_bucket.sql is not on the class path");
            }
            return new String(script.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
