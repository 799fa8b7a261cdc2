package io.timeshard.distributed;

import java.util.List;

/**
 * Views and functions over the hypertables of {@link DifferentialData}, created alike on both sides
 * once the rows are in, so that the corpus can read hypertables through them as users do:
 *
 * <ul>
 *   <li>{@code diff_text_hourly}: a view with aggregates, one row per hour and location;</li>
 *   <li>{@code diff_text_regions}: diff_text left-joined with diff_places;</li>
 *   <li>{@code diff_num_ok}: a filtering view over diff_num with a computed column;</li>
 *   <li>{@code diff_berlin_device_1}: a join of the two hypertables, Berlin's rows with device 1's at the same time;</li>
 *   <li>{@code diff_text_daily}: a materialized view, created WITH NO DATA and then refreshed;</li>
 *   <li>{@code diff_max_reading(place, since, until)}: a SQL function reading diff_text;</li>
 *   <li>{@code diff_last_readings(place, k)}: a set-returning SQL function, the last k rows of a location;</li>
 *   <li>{@code diff_rows_since(since)}: a PL/pgSQL function counting diff_num's rows.</li>
 * </ul>
 */
final class DifferentialViews {
    /** What {@link #create} makes, in an order that drops cleanly before the tables. */
    static final List<String> DROPS = List.of(
            "DROP MATERIALIZED VIEW IF EXISTS diff_text_daily",
            "DROP VIEW IF EXISTS diff_text_hourly",
            "DROP VIEW IF EXISTS diff_text_regions",
            "DROP VIEW IF EXISTS diff_num_ok",
            "DROP VIEW IF EXISTS diff_berlin_device_1",
            "DROP FUNCTION IF EXISTS diff_max_reading(text, timestamptz, timestamptz)",
            "DROP FUNCTION IF EXISTS diff_last_readings(text, integer)",
            "DROP FUNCTION IF EXISTS diff_rows_since(timestamptz)");

    static final List<String> CREATES = List.of(
            """
            CREATE VIEW diff_text_hourly AS SELECT time_bucket('1 hour', time) AS hour, location, avg(temperature) AS mean_temperature,
                max(reading) AS max_reading, count(*) AS n FROM diff_text GROUP BY 1, 2""",
            """
            CREATE VIEW diff_text_regions AS SELECT t.time, t.location, p.region, t.temperature, t.reading, t.flag
                FROM diff_text t LEFT JOIN diff_places p USING (location)""",
            """
            CREATE VIEW diff_num_ok AS SELECT time, device, value, level, price * 2 AS double_price FROM diff_num WHERE ok""",
            """
            CREATE VIEW diff_berlin_device_1 AS SELECT t.time, t.reading, t.temperature, n.value, n.status
                FROM diff_text t JOIN diff_num n ON n.time = t.time WHERE t.location = 'Berlin' AND n.device = 1""",
            """
            CREATE MATERIALIZED VIEW diff_text_daily AS SELECT time_bucket('1 day', time) AS day, location, count(*) AS n,
                sum(reading) AS total, max(temperature) AS top FROM diff_text GROUP BY 1, 2 WITH NO DATA""",
            "REFRESH MATERIALIZED VIEW diff_text_daily",
            """
            CREATE FUNCTION diff_max_reading(place text, since timestamptz, until timestamptz) RETURNS integer LANGUAGE sql STABLE
                AS $$ SELECT max(reading) FROM diff_text WHERE location = place AND time >= since AND time < until $$""",
            """
            CREATE FUNCTION diff_last_readings(place text, k integer) RETURNS TABLE (at timestamptz, reading integer)
                LANGUAGE sql STABLE AS $$ SELECT time, reading FROM diff_text WHERE location = place ORDER BY time DESC LIMIT k $$""",
            """
            CREATE FUNCTION diff_rows_since(since timestamptz) RETURNS bigint LANGUAGE plpgsql STABLE
                AS $$ BEGIN RETURN (SELECT count(*) FROM diff_num WHERE time >= since); END $$""");

    private DifferentialViews() {}
}
