-- The corpus of QueryDifferentialIntegrationTest: every query runs on timeshard and on one plain
-- PostgreSQL database holding the same rows (see DifferentialData), and must return the same rows;
-- EXPLAIN on timeshard must print the strategy the entry states.
--
-- Format: a line "-- EXPECTATION [EXECUTION]: why" (the execution and the reason are optional), then one
-- query that ends with ";" at the end of a line. Other comment lines are ignored. EXPECTATION is a strategy
-- (full, partial, fallback, pushed, home; see the rules below), or "error SQLSTATE": the query fails on both
-- sides with that SQLSTATE, and EXPLAIN fails (with PostgreSQL's SQLSTATE) or succeeds on timeshard as it
-- does on PostgreSQL. EXECUTION runs the query alike on both sides: [read only] inside START TRANSACTION
-- READ ONLY; [cursor N] by DECLARE ... NO SCROLL CURSOR and FETCH FORWARD N until the end, in a transaction
-- block; [scroll cursor N] the same with a SCROLL cursor, then FETCH BACKWARD ALL, whose rows follow the
-- others; [hold cursor N] by DECLARE ... CURSOR WITH HOLD in autocommit; [fetch size N] in a JDBC transaction
-- with setFetchSize(N) (Execute with a row limit). The strategy is checked on the query run by itself.
-- Rows are compared in order when the query has a top-level ORDER BY, which must then be total; otherwise as
-- multisets. Values must be spelled alike, except float4/float8 values, which must agree to 1e-9 relative.
--
-- Data:
--   diff_text (time, location text, temperature float8, humidity numeric(6,2), reading int, flag bool, note text):
--     one row a minute per location from 2024-03-01 00:00+00 to 2024-03-09, 12 locations, 138,240 rows,
--     all times distinct; Berlin's rows lie on whole minutes. 1-day chunks; 3 hash partitions before
--     2024-03-05 00:00+00 ("the first half"), 2 from then on, so the whole range has hash ranges on two nodes.
--   diff_num (time, device int, value float8, ratio real, level bigint, price numeric, status text, ok bool):
--     one row every 2 minutes per device 1..16, same days, 92,160 rows; 3 partitions, then 5.
--     Device 1 lies on even minutes, so it meets Berlin on time.
--   Placement (checked by the test): paris and Zürich on dn1, Lima and Denver on dn2 over the whole range;
--     Berlin on dn3 then dn2, cairo on dn2 then dn1; devices 6, 15 (and the absent 100) on dn1 and 13, 16
--     on dn2 throughout, device 1 on dn3 then dn2.
--   NULLs in every non-dimension column; cairo has no temperature on 2024-03-03, Lima no note, Denver no
--     flag; paris' flags are true and São Paulo's false where not NULL. Notes include '', 'ok ' and 'it''s fine'.
--   diff_places (location, region): local; Denver and lagos are missing, Perth and Quito have no rows.
--   diff_double(integer): a user-defined function.
--   Views and functions over the hypertables (DifferentialViews), alike on both sides: diff_text_hourly (hour,
--     location, mean_temperature, max_reading, n), diff_text_regions (diff_text left-joined with diff_places:
--     time, location, region, temperature, reading, flag), diff_num_ok (diff_num's rows where ok: time, device,
--     value, level, double_price), diff_berlin_device_1 (Berlin joined with device 1 on time: time, reading,
--     temperature, value, status), the materialized view diff_text_daily (day, location, n, total, top),
--     refreshed after loading; SQL functions diff_max_reading(place, since, until) and
--     diff_last_readings(place, k) -> (at, reading), PL/pgSQL diff_rows_since(since) -> bigint.
--   Sessions use TimeZone Asia/Kolkata (+05:30); literals carry +00 unless the zone is the point.
--
-- Strategy rules: full = data nodes compute the final rows (no aggregation or DISTINCT; or GROUP BY /
-- DISTINCT containing the space column with no hash range on two nodes among the scanned chunks; or all
-- scanned chunks on one node, unless the aggregates combine and there are several chunks, which are then
-- read over two connections to that node). partial = other aggregation or DISTINCT with only combinable
-- aggregates (count, sum, avg, min, max, stddev*, var*, bool_and, bool_or, every; no DISTINCT, ORDER BY or
-- FILTER in them). fallback = the rest: joins, subqueries, CTEs, windows, set operations, LATERAL, set-returning,
-- volatile or user-defined functions, non-combinable aggregates when not full. pushed = a CTE or derived table
-- that aggregates the statement's one hypertable runs on the nodes, the rest at home (not when the rest reads a
-- hypertable too, nor for a WITH nested in a derived table); so does a LATERAL subquery on the hypertable with ORDER BY
-- and LIMIT that refers to the one table before it by one equality (its first rows per key come from the nodes).
-- home = the statement names no hypertable (views,
-- functions that read hypertables) and goes to the home database as written: EXPLAIN prints no Strategy line.

-- ===== Scans: WHERE on time =====

-- full
SELECT * FROM diff_text WHERE time >= '2024-03-03 00:00+00' AND time < '2024-03-03 01:00+00';

-- full
SELECT time, location, temperature FROM diff_text WHERE time < '2024-03-01 00:10+00';

-- full: only Berlin's first row
SELECT * FROM diff_text WHERE time <= '2024-03-01 00:00+00';

-- full: a row exactly at the repartition boundary
SELECT * FROM diff_text WHERE time = '2024-03-05 00:00+00';

-- full
SELECT location, reading FROM diff_text WHERE time > '2024-03-08 23:50+00';

-- full: across the repartition
SELECT time, location, humidity FROM diff_text WHERE time BETWEEN '2024-03-04 23:58+00' AND '2024-03-05 00:02+00';

-- full: BETWEEN with bounds reversed matches nothing
SELECT * FROM diff_text WHERE time BETWEEN '2024-03-05 00:02+00' AND '2024-03-04 23:58+00';

-- full
SELECT time, location FROM diff_text WHERE time BETWEEN SYMMETRIC '2024-03-06 00:01+00' AND '2024-03-06 00:00+00';

-- full: everything, filtered on another column
SELECT * FROM diff_text WHERE time > now() - interval '100 years' AND reading = 999;

-- full: nothing is in the future
SELECT * FROM diff_text WHERE time > now();

-- full
SELECT * FROM diff_text WHERE time < now() - interval '100 years';

-- full
SELECT * FROM diff_text WHERE time >= now() - interval '100 years' AND time < '2024-03-01 00:03+00';

-- full: after the data
SELECT * FROM diff_text WHERE time BETWEEN '2024-03-09 00:00+00' AND '2024-03-10 00:00+00';

-- full: contradictory range
SELECT * FROM diff_text WHERE time < '2024-03-05 00:00+00' AND time >= '2024-03-05 00:00+00';

-- full: constant expressions in the range
SELECT * FROM diff_text WHERE time >= timestamptz '2024-03-07 00:00+00' - interval '1 minute' AND time < timestamptz '2024-03-07 00:00+00' + interval '1 minute';

-- full
SELECT * FROM diff_text WHERE time >= '2024-03-05 00:00+00'::timestamptz AND time < '2024-03-05 00:03+00'::timestamptz AND location <> 'Berlin';

-- full: literals without an offset are in the session's zone (+05:30)
SELECT * FROM diff_text WHERE time >= '2024-03-02' AND time < '2024-03-02 00:20';

-- full: a fractional bound
SELECT time, location FROM diff_text WHERE time > '2024-03-08 23:59:30.5+00';

-- full: the range in parentheses and reversed comparisons
SELECT time, location FROM diff_text WHERE ('2024-03-06 12:00+00' <= time) AND ('2024-03-06 12:02+00' > time);

-- full
SELECT * FROM diff_text WHERE time < '2024-03-01 00:05+00' OR time > '2024-03-08 23:55+00';

-- full: a year of no data
SELECT * FROM diff_text WHERE time >= '2023-01-01 00:00+00' AND time < '2024-01-01 00:00+00';

-- ===== Scans: WHERE on the space column and other columns =====

-- full
SELECT * FROM diff_text WHERE location = 'paris' AND time < '2024-03-01 06:00+00';

-- full
SELECT time, reading FROM diff_text WHERE location IN ('Berlin', 'Lima', 'nowhere') AND time >= '2024-03-06 10:00+00' AND time < '2024-03-06 11:00+00';

-- full: no such location
SELECT * FROM diff_text WHERE location = 'nowhere';

-- full
SELECT * FROM diff_text WHERE location = 'São Paulo' AND time >= '2024-03-04 23:30+00' AND time < '2024-03-05 00:30+00';

-- full
SELECT time, location FROM diff_text WHERE location NOT IN ('oslo', 'Lima') AND time < '2024-03-01 00:05+00';

-- full: text comparison in byte order ('São Paulo' and 'Zürich' sort before 'p')
SELECT location, time FROM diff_text WHERE location > 'p' AND time < '2024-03-01 00:05+00';

-- full
SELECT * FROM diff_text WHERE (location = 'oslo' OR reading = 0) AND time < '2024-03-01 03:00+00';

-- full
SELECT * FROM diff_text WHERE reading > 995;

-- full
SELECT time, location FROM diff_text WHERE temperature IS NULL AND time < '2024-03-01 12:00+00';

-- full: a quote in a literal
SELECT * FROM diff_text WHERE note = 'it''s fine' AND time < '2024-03-02 00:00+00';

-- full: the empty string is not NULL
SELECT time, location, note FROM diff_text WHERE note = '' AND location = 'Tokyo' AND time < '2024-03-03 00:00+00';

-- full
SELECT location, note FROM diff_text WHERE note LIKE 'warn%' AND time < '2024-03-01 02:00+00';

-- full
SELECT location, note FROM diff_text WHERE note ILIKE 'ok%' AND time < '2024-03-01 01:00+00';

-- full: a regular expression
SELECT time, location FROM diff_text WHERE location ~ '^[A-Z]' AND time < '2024-03-01 00:10+00';

-- full
SELECT time, location FROM diff_text WHERE flag AND reading < -990;

-- full
SELECT * FROM diff_text WHERE flag IS NOT TRUE AND humidity > 89.9;

-- full
SELECT * FROM diff_text WHERE humidity BETWEEN 20.01 AND 20.20;

-- full
SELECT time, location, reading FROM diff_text t WHERE t.reading IN (1, 2, 3) AND t.time < '2024-03-03 00:00+00';

-- full
SELECT * FROM diff_text WHERE reading IS NULL AND humidity IS NULL;

-- full: an empty result from a non-dimension column
SELECT * FROM diff_text WHERE reading > 5000;

-- full
SELECT * FROM diff_text WHERE false;

-- full: a schema-qualified table
SELECT * FROM public.diff_text WHERE time < '2024-03-01 00:02+00';

-- full
SELECT diff_text.location, diff_text.time FROM diff_text WHERE diff_text.time < '2024-03-01 00:03+00';

-- full
SELECT location, reading FROM diff_text WHERE reading::text LIKE '%77' AND time < '2024-03-02 00:00+00';

-- full
SELECT time, location FROM diff_text WHERE extract(hour FROM time) = 3 AND location = 'Lima' AND time < '2024-03-02 00:00+00';

-- full
SELECT * FROM diff_text WHERE time_bucket('1 hour', time) = '2024-03-06 05:00+00' AND location = 'oslo';

-- full: date_trunc in the session's zone
SELECT * FROM diff_text WHERE date_trunc('day', time) = '2024-03-06' AND location = 'oslo' AND reading > 900;

-- full
SELECT * FROM diff_text WHERE coalesce(note, 'none') = 'none' AND time < '2024-03-01 00:20+00';

-- full
SELECT * FROM diff_num WHERE time < '2024-03-01 00:10+00';

-- full
SELECT * FROM diff_num WHERE device = 13 AND time >= '2024-03-04 22:00+00' AND time < '2024-03-05 02:00+00';

-- full: a text literal for the integer space column
SELECT time, device, value FROM diff_num WHERE device = '7' AND time < '2024-03-01 03:00+00';

-- full
SELECT * FROM diff_num WHERE device IN (1, 2, 3) AND time > '2024-03-08 23:00+00';

-- full
SELECT time, device FROM diff_num WHERE device BETWEEN 4 AND 6 AND time < '2024-03-01 00:30+00';

-- full
SELECT * FROM diff_num WHERE device = 17;

-- full
SELECT time, device, level FROM diff_num WHERE level > 8700000000000000;

-- full
SELECT * FROM diff_num WHERE price = 0 OR price > 14285.5;

-- full
SELECT time, device, ratio FROM diff_num WHERE ratio = 7.875 AND time < '2024-03-02 00:00+00';

-- full
SELECT * FROM diff_num WHERE status IS NULL AND ok IS NULL;

-- full: the whole table
SELECT * FROM diff_num;

-- full: the whole table
SELECT * FROM diff_text;

-- ===== ORDER BY, LIMIT, OFFSET =====

-- full
SELECT * FROM diff_text ORDER BY time, location LIMIT 20;

-- full
SELECT * FROM diff_text ORDER BY time DESC, location DESC LIMIT 20;

-- full
SELECT time, location, temperature FROM diff_text ORDER BY temperature DESC NULLS LAST, time, location LIMIT 15;

-- full
SELECT time, location, temperature FROM diff_text ORDER BY temperature NULLS FIRST, time, location LIMIT 15;

-- full: DESC puts NULLs first
SELECT time, location, temperature FROM diff_text ORDER BY temperature DESC, time, location LIMIT 15;

-- full
SELECT time, location, temperature FROM diff_text ORDER BY temperature ASC NULLS LAST, time DESC, location LIMIT 15;

-- full
SELECT time, location, humidity FROM diff_text ORDER BY humidity, time, location LIMIT 10 OFFSET 5;

-- full
SELECT time, location, humidity FROM diff_text ORDER BY humidity DESC NULLS LAST, time, location LIMIT 10;

-- full
SELECT location, time, note FROM diff_text ORDER BY note DESC NULLS LAST, time DESC, location LIMIT 12;

-- full
SELECT location, time, note FROM diff_text ORDER BY note NULLS FIRST, time, location LIMIT 12 OFFSET 30;

-- full
SELECT location, time FROM diff_text ORDER BY location, time LIMIT 10 OFFSET 100;

-- full
SELECT location, time FROM diff_text ORDER BY location DESC, time DESC LIMIT 10;

-- full
SELECT * FROM diff_text WHERE time < '2024-03-01 01:00+00' ORDER BY reading NULLS FIRST, time, location;

-- full
SELECT * FROM diff_text WHERE location = 'Tokyo' ORDER BY time DESC LIMIT 5;

-- full: a sort key that is an expression left out of the output
SELECT time, location, reading FROM diff_text ORDER BY abs(reading) DESC NULLS LAST, time, location LIMIT 10;

-- full: a sort column left out of the output
SELECT time, location FROM diff_text ORDER BY reading DESC NULLS LAST, time, location LIMIT 10;

-- full: ordinals
SELECT location, time, reading FROM diff_text ORDER BY 3 DESC NULLS LAST, 2, 1 LIMIT 10;

-- full: OFFSET without LIMIT
SELECT time, location FROM diff_text ORDER BY time, location OFFSET 138230;

-- full
SELECT time, location FROM diff_text ORDER BY time, location FETCH FIRST 5 ROWS ONLY;

-- full
SELECT time, location FROM diff_text ORDER BY time DESC, location OFFSET 3 ROWS FETCH NEXT 4 ROWS ONLY;

-- full
SELECT * FROM diff_text ORDER BY time, location LIMIT 0;

-- full
SELECT time, location FROM diff_text WHERE time < '2024-03-01 06:00+00' ORDER BY time, location LIMIT ALL;

-- full
SELECT time, location, temperature FROM diff_text WHERE time > now() - interval '100 years' ORDER BY time DESC, location LIMIT 7;

-- full: across the repartition
SELECT time, location, humidity FROM diff_text WHERE time >= '2024-03-04 23:00+00' AND time < '2024-03-05 01:00+00' ORDER BY humidity DESC NULLS LAST, time, location LIMIT 25;

-- full
SELECT time, location FROM diff_text WHERE location IN ('Berlin', 'cairo') ORDER BY time DESC, location LIMIT 10 OFFSET 3;

-- full
SELECT lower(location) AS l, time FROM diff_text ORDER BY l, time LIMIT 10;

-- full
SELECT time, location, flag FROM diff_text ORDER BY flag NULLS FIRST, time, location LIMIT 10;

-- full
SELECT time, location, flag FROM diff_text ORDER BY flag DESC NULLS LAST, time DESC, location LIMIT 10;

-- full: an explicit collation
SELECT time, location, note FROM diff_text ORDER BY note COLLATE "C", time, location LIMIT 10;

-- full: ordered by an output alias of an expression
SELECT time, location, temperature * 2 AS t2 FROM diff_text ORDER BY t2 DESC NULLS LAST, time, location LIMIT 10;

-- full: DISTINCT ON the space column, ordered by text in byte order
SELECT DISTINCT ON (location) location, time FROM diff_text WHERE time < '2024-03-01 00:01+00' ORDER BY location, time;

-- full
SELECT * FROM diff_num ORDER BY time, device LIMIT 20;

-- full
SELECT time, device, value FROM diff_num ORDER BY value DESC NULLS LAST, time, device LIMIT 10;

-- full
SELECT time, device, level FROM diff_num ORDER BY level, time, device LIMIT 10;

-- full
SELECT time, device, price FROM diff_num ORDER BY price DESC NULLS LAST, device, time LIMIT 10 OFFSET 10;

-- full
SELECT device, time, ratio FROM diff_num ORDER BY device DESC, time DESC LIMIT 10;

-- full
SELECT time, device FROM diff_num WHERE device = 13 ORDER BY time LIMIT 5;

-- full
SELECT time, device, status FROM diff_num ORDER BY status NULLS FIRST, time, device LIMIT 10;

-- full
SELECT time, device, ratio FROM diff_num ORDER BY ratio DESC NULLS LAST, level DESC NULLS LAST, time, device LIMIT 10;

-- ===== Expressions in the select list =====

-- full
SELECT time, location, temperature * 9 / 5 + 32 AS fahrenheit, reading + 1, -reading, reading % 7, reading / 3 FROM diff_text WHERE time < '2024-03-01 00:30+00';

-- full
SELECT time, location, humidity::int, reading::numeric / 3, temperature::numeric(10,4), humidity * 2 FROM diff_text WHERE time < '2024-03-01 00:30+00';

-- full
SELECT time, location, CASE WHEN temperature > 25 THEN 'hot' WHEN temperature < 15 THEN 'cold' WHEN temperature IS NULL THEN 'unknown' ELSE 'mild' END FROM diff_text WHERE time < '2024-03-01 01:00+00';

-- full
SELECT time, location, coalesce(note, '(none)'), coalesce(reading, -1), nullif(reading, 0) FROM diff_text WHERE time >= '2024-03-06 00:00+00' AND time < '2024-03-06 00:30+00';

-- full
SELECT time, upper(location), lower(note), length(note), substr(location, 1, 3), location || '/' || coalesce(note, '') FROM diff_text WHERE time < '2024-03-01 00:30+00';

-- full
SELECT extract(hour FROM time), extract(epoch FROM time), date_part('dow', time), location FROM diff_text WHERE time < '2024-03-01 00:30+00';

-- full: text forms of times in the session's zone
SELECT time::date, time::text, to_char(time, 'YYYY-MM-DD HH24:MI:SS.MS'), location FROM diff_text WHERE time >= '2024-03-04 18:00+00' AND time < '2024-03-04 18:45+00';

-- full
SELECT time_bucket('15 minutes', time), date_trunc('hour', time), location FROM diff_text WHERE time < '2024-03-01 01:00+00';

-- full
SELECT time AT TIME ZONE 'UTC', location, greatest(reading, 0), least(humidity, 50) FROM diff_text WHERE time < '2024-03-01 00:30+00';

-- full
SELECT location, reading, reading IS DISTINCT FROM 0, flag IS NULL, NOT flag FROM diff_text WHERE time < '2024-03-01 00:30+00';

-- full
SELECT location, round(humidity), trunc(humidity, 1), abs(reading), sign(reading), round(temperature::numeric, 2) FROM diff_text WHERE time < '2024-03-01 00:30+00';

-- full: float functions
SELECT location, temperature, sqrt(abs(temperature)), ln(temperature), temperature / 3 FROM diff_text WHERE time < '2024-03-01 00:30+00';

-- full
SELECT location, reading::text, humidity::text, flag::text, cast(reading AS bigint) + 2147483647 FROM diff_text WHERE time < '2024-03-01 00:30+00';

-- full: constants only
SELECT 1 AS one, 'x' AS x, NULL::text AS nothing FROM diff_text WHERE time < '2024-03-01 00:02+00';

-- full
SELECT t.location, t.time FROM diff_text AS t WHERE t.time < '2024-03-01 00:04+00';

-- full
SELECT time, device, value * ratio, level / 1000, price * 2, price::float8, ok AND value > 50 FROM diff_num WHERE time < '2024-03-01 01:00+00';

-- full
SELECT device, device + 1000, device::text || '-' || coalesce(status, '?'), abs(value - 50), level % 1000 FROM diff_num WHERE time >= '2024-03-07 00:00+00' AND time < '2024-03-07 01:00+00';

-- full
SELECT time - interval '1 hour', time + interval '1 day', now() - time > interval '1 day', location FROM diff_text WHERE time < '2024-03-01 00:10+00';

-- fallback: a row value (a record, which the access node cannot encode in binary)
SELECT ROW(location, reading), ARRAY[reading, reading + 1], location || reading::text FROM diff_text WHERE time < '2024-03-01 00:05+00';

-- full: arrays
SELECT ARRAY[reading, reading + 1], location || reading::text FROM diff_text WHERE time < '2024-03-01 00:05+00';

-- ===== DISTINCT =====

-- partial
SELECT DISTINCT note FROM diff_text;

-- partial
SELECT DISTINCT flag FROM diff_text;

-- full: the space column before the repartition
SELECT DISTINCT location FROM diff_text WHERE time < '2024-03-05 00:00+00';

-- partial: hash ranges on two nodes
SELECT DISTINCT location FROM diff_text;

-- full
SELECT DISTINCT location, note FROM diff_text WHERE time < '2024-03-05 00:00+00';

-- partial
SELECT DISTINCT location, note FROM diff_text;

-- full: after the repartition only
SELECT DISTINCT location FROM diff_text WHERE time >= '2024-03-05 00:00+00';

-- partial: one node, its chunks read over two connections
SELECT DISTINCT note FROM diff_text WHERE location = 'paris';

-- partial: two nodes
SELECT DISTINCT note FROM diff_text WHERE location = 'Berlin';

-- partial
SELECT DISTINCT lower(note) FROM diff_text;

-- partial
SELECT DISTINCT date_trunc('day', time) FROM diff_text;

-- partial
SELECT DISTINCT status, ok FROM diff_num;

-- partial
SELECT DISTINCT device FROM diff_num;

-- full
SELECT DISTINCT device FROM diff_num WHERE time < '2024-03-05 00:00+00';

-- partial
SELECT DISTINCT note FROM diff_text ORDER BY note NULLS FIRST;

-- partial
SELECT DISTINCT location FROM diff_text ORDER BY location DESC LIMIT 5;

-- partial
SELECT DISTINCT reading % 100 AS r FROM diff_text WHERE time < '2024-03-05 00:00+00';

-- full: DISTINCT ON the space column
SELECT DISTINCT ON (location) location, time, temperature FROM diff_text WHERE time < '2024-03-05 00:00+00' ORDER BY location, time DESC;

-- full: DISTINCT ON over one node
SELECT DISTINCT ON (note) note, time, location FROM diff_text WHERE location IN ('Lima', 'Denver') ORDER BY note, time;

-- ===== Aggregates without GROUP BY =====

-- partial
SELECT count(*) FROM diff_text;

-- partial: count(col) skips NULLs
SELECT count(*), count(temperature), count(humidity), count(reading), count(flag), count(note), count(location) FROM diff_text;

-- partial
SELECT sum(reading), avg(reading), min(reading), max(reading) FROM diff_text;

-- partial
SELECT sum(humidity), avg(humidity), min(humidity), max(humidity) FROM diff_text;

-- partial
SELECT sum(temperature), avg(temperature), min(temperature), max(temperature) FROM diff_text;

-- partial
SELECT stddev(reading), stddev_samp(reading), stddev_pop(reading), variance(reading), var_samp(reading), var_pop(reading) FROM diff_text;

-- partial
SELECT stddev(humidity), stddev_samp(humidity), stddev_pop(humidity), variance(humidity), var_samp(humidity), var_pop(humidity) FROM diff_text;

-- partial
SELECT stddev(temperature), stddev_samp(temperature), stddev_pop(temperature), variance(temperature), var_samp(temperature), var_pop(temperature) FROM diff_text;

-- partial
SELECT bool_and(flag), bool_or(flag), every(flag) FROM diff_text;

-- partial
SELECT min(time), max(time), min(note), max(note), min(location), max(location) FROM diff_text;

-- partial: no GROUP BY, several nodes
SELECT count(*), sum(reading) FROM diff_text WHERE time < '2024-03-05 00:00+00';

-- partial
SELECT count(*) FROM diff_text WHERE time > now() - interval '100 years';

-- partial: days 5 and 6, two nodes
SELECT count(*), min(time), max(time) FROM diff_text WHERE time BETWEEN SYMMETRIC '2024-03-06 00:00+00' AND '2024-03-05 00:00+00';

-- partial: one node, its chunks read over two connections
SELECT count(*), sum(reading), avg(humidity) FROM diff_text WHERE location = 'paris';

-- partial: one node, its chunks read over two connections
SELECT count(*), avg(temperature), stddev(reading) FROM diff_text WHERE location IN ('paris', 'Zürich');

-- partial: Berlin moved from dn3 to dn2
SELECT count(*), avg(temperature) FROM diff_text WHERE location = 'Berlin';

-- partial: one node, its chunks read over two connections
SELECT count(*), max(reading) FROM diff_text WHERE location = 'Lima' AND time >= '2024-03-03 00:00+00';

-- full: only NULLs in cairo's temperature that day
SELECT count(*), count(temperature), avg(temperature), sum(temperature), max(temperature), stddev(temperature) FROM diff_text WHERE location = 'cairo' AND time >= '2024-03-03 00:00+00' AND time < '2024-03-04 00:00+00';

-- partial: one node, its chunks read over two connections; Denver has no flag at all
SELECT bool_and(flag), bool_or(flag), every(flag), count(flag) FROM diff_text WHERE location = 'Denver';

-- partial: no input row still gives one row
SELECT count(*), sum(reading), avg(temperature), bool_and(flag), max(note) FROM diff_text WHERE reading > 5000;

-- full: no chunk at all, so vacuously all on one node; the one row of an aggregate without GROUP BY must still come
SELECT count(*), sum(reading), avg(temperature) FROM diff_text WHERE time > now();

-- partial: expressions over aggregates
SELECT sum(reading) / count(reading), max(temperature) - min(temperature), count(*) * 2, avg(humidity) + 1 FROM diff_text;

-- partial: expressions inside aggregates
SELECT avg(reading * 2 + 1), sum(CASE WHEN flag THEN 1 ELSE 0 END), count(CASE WHEN note = 'ok' THEN 1 END), max(length(note)) FROM diff_text;

-- partial: a cast of an aggregate
SELECT count(*)::int, sum(reading)::text, avg(reading)::int FROM diff_text;

-- partial: a quoted alias
SELECT count(*) AS "Count", sum(reading) AS "Sum of readings" FROM diff_text WHERE time < '2024-03-05 00:00+00';

-- partial: sum(bigint) goes past the bigint range
SELECT count(*), sum(level), avg(level), min(level), max(level) FROM diff_num;

-- partial
SELECT sum(price), avg(price), stddev(price), var_pop(price), min(price), max(price) FROM diff_num;

-- partial: float4 sums of multiples of 1/8 are exact
SELECT sum(ratio), avg(ratio), min(ratio), max(ratio), stddev(ratio) FROM diff_num;

-- partial
SELECT sum(value), avg(value), stddev_pop(value), variance(value) FROM diff_num;

-- partial
SELECT bool_and(ok), bool_or(ok), every(ok), count(ok) FROM diff_num;

-- partial
SELECT sum(device), avg(device), stddev(level), var_samp(level) FROM diff_num WHERE time >= '2024-03-05 00:00+00';

-- partial: one node, its chunks read over two connections
SELECT count(*), sum(level), avg(price) FROM diff_num WHERE device = 13;

-- partial: device 1 moved from dn3 to dn2
SELECT count(*), sum(level) FROM diff_num WHERE device = 1;

-- partial: one node, its chunks read over two connections
SELECT count(*), max(value) FROM diff_num WHERE device IN (6, 15, 100);

-- ===== GROUP BY the space column =====

-- partial
SELECT location, count(*) FROM diff_text GROUP BY location;

-- full
SELECT location, count(*) FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY location;

-- full
SELECT location, count(*) FROM diff_text WHERE time >= '2024-03-05 00:00+00' GROUP BY location;

-- partial: <= takes in the day-5 chunk
SELECT location, count(*) FROM diff_text WHERE time <= '2024-03-05 00:00+00' GROUP BY location;

-- partial
SELECT location, avg(temperature), min(temperature), max(temperature), stddev(temperature) FROM diff_text GROUP BY location;

-- full
SELECT location, avg(temperature), min(temperature), max(temperature), stddev(temperature) FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY location;

-- partial
SELECT location, sum(humidity), avg(humidity), variance(humidity), var_samp(humidity), var_pop(humidity) FROM diff_text GROUP BY location;

-- full
SELECT location, sum(humidity), avg(humidity), variance(humidity), var_samp(humidity), var_pop(humidity) FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY location;

-- partial
SELECT location, sum(reading), avg(reading), stddev_samp(reading), stddev_pop(reading) FROM diff_text GROUP BY location;

-- full
SELECT location, bool_and(flag), bool_or(flag), every(flag), count(flag) FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY location;

-- partial
SELECT location, bool_and(flag), bool_or(flag), every(flag), count(flag) FROM diff_text GROUP BY location;

-- partial
SELECT location, count(note), min(note), max(note), min(time), max(time) FROM diff_text GROUP BY location;

-- partial: one node, its chunks read over two connections
SELECT location, count(*) FROM diff_text WHERE location IN ('paris', 'Zürich') GROUP BY location;

-- partial
SELECT location, count(*), sum(reading) FROM diff_text WHERE location IN ('Berlin', 'Lima') GROUP BY location;

-- partial: a group with only NULL temperatures on one day
SELECT location, time_bucket('1 day', time) AS day, avg(temperature), count(temperature) FROM diff_text WHERE location IN ('cairo', 'Berlin') GROUP BY location, day;

-- partial: bool aggregates over a group without any flag
SELECT location, bool_and(flag), bool_or(flag), every(flag) FROM diff_text WHERE location IN ('Denver', 'cairo') GROUP BY location;

-- full
SELECT location, time_bucket('1 hour', time) AS hour, avg(temperature), count(*) FROM diff_text WHERE time < '2024-03-02 00:00+00' GROUP BY location, hour;

-- partial
SELECT location, time_bucket('1 day', time) AS day, avg(temperature), max(reading) FROM diff_text GROUP BY location, day;

-- full
SELECT time_bucket('1 day', time) AS day, location, count(*) FROM diff_text WHERE time >= '2024-03-05 00:00+00' GROUP BY day, location;

-- full
SELECT location, count(*) FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY location HAVING count(*) > 0 ORDER BY location;

-- full
SELECT location, avg(temperature) FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY location HAVING avg(temperature) > 20 ORDER BY 2 DESC, 1;

-- partial
SELECT location, max(reading) FROM diff_text GROUP BY location HAVING max(reading) > 0 AND count(*) > 10000 ORDER BY location;

-- partial: HAVING on an aggregate not in the select list
SELECT location FROM diff_text GROUP BY location HAVING sum(reading) > 0;

-- partial
SELECT location, count(*) AS n FROM diff_text GROUP BY location ORDER BY n DESC, location LIMIT 3;

-- full
SELECT location, count(*) AS n FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY location ORDER BY n DESC, location LIMIT 3;

-- partial
SELECT location, min(humidity) FROM diff_text GROUP BY 1 ORDER BY 2, 1 LIMIT 5 OFFSET 2;

-- full
SELECT location, flag, count(*) FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY location, flag;

-- partial
SELECT location, flag, count(*) FROM diff_text GROUP BY location, flag;

-- full: all dimension columns
SELECT location, time, count(*) FROM diff_text WHERE time < '2024-03-01 02:00+00' GROUP BY location, time;

-- partial
SELECT location, date_trunc('day', time) AS day, sum(reading) FROM diff_text GROUP BY location, day;

-- full: an expression of the grouped space column
SELECT upper(location), count(*) FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY location;

-- partial: grouped by an expression, not the plain space column
SELECT upper(location), count(*) FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY upper(location);

-- full
SELECT t.location, count(*) FROM diff_text t WHERE t.time < '2024-03-05 00:00+00' GROUP BY t.location;

-- partial: GROUP BY without aggregates
SELECT location FROM diff_text GROUP BY location;

-- partial: the grouped column left out of the output
SELECT count(*), avg(reading) FROM diff_text GROUP BY location;

-- full: any aggregate when the nodes compute final groups
SELECT location, count(*) FILTER (WHERE flag), avg(temperature) FILTER (WHERE reading > 0) FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY location;

-- partial
SELECT device, count(*), avg(value), sum(level), avg(price) FROM diff_num GROUP BY device;

-- full
SELECT device, count(*), avg(value), sum(level), avg(price) FROM diff_num WHERE time < '2024-03-05 00:00+00' GROUP BY device;

-- full: 5 partitions without overlap after the repartition
SELECT device, stddev(value), variance(price), bool_or(ok) FROM diff_num WHERE time >= '2024-03-05 00:00+00' GROUP BY device;

-- partial
SELECT device, time_bucket('6 hours', time) AS b, max(level) - min(level), count(status) FROM diff_num GROUP BY device, b;

-- partial: one node, its chunks read over two connections
SELECT device, count(*) FROM diff_num WHERE device IN (6, 15, 100) GROUP BY device;

-- partial
SELECT device, sum(ratio), avg(ratio) FROM diff_num GROUP BY device HAVING sum(ratio) > 0 ORDER BY device;

-- full
SELECT device, status, count(*) FROM diff_num WHERE time < '2024-03-03 00:00+00' GROUP BY device, status;

-- full
SELECT device, count(*) FILTER (WHERE ok) FROM diff_num WHERE time < '2024-03-05 00:00+00' GROUP BY device;

-- partial
SELECT device, bool_and(ok), every(ok), var_pop(level), stddev_samp(price) FROM diff_num GROUP BY device ORDER BY device DESC LIMIT 4;

-- full: no chunk at all, so vacuously no hash range on two nodes
SELECT location, count(*) FROM diff_text WHERE time > now() GROUP BY location;

-- ===== GROUP BY other columns and time =====

-- partial
SELECT time_bucket('1 hour', time) AS hour, count(*), avg(temperature) FROM diff_text GROUP BY hour;

-- partial: not grouped by the space column
SELECT time_bucket('1 hour', time) AS hour, count(*), avg(temperature) FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY hour;

-- partial: days in the session's zone
SELECT date_trunc('day', time) AS day, min(reading), max(reading), sum(humidity) FROM diff_text GROUP BY day ORDER BY day;

-- partial
SELECT date_trunc('hour', time), count(*) FROM diff_text WHERE time >= '2024-03-04 20:00+00' AND time < '2024-03-05 04:00+00' GROUP BY 1 ORDER BY 1;

-- partial
SELECT time_bucket('1 hour', time, '30 minutes'::interval) AS b, count(*), sum(reading) FROM diff_text WHERE time < '2024-03-01 12:00+00' GROUP BY b;

-- partial
SELECT note, count(*), avg(reading) FROM diff_text GROUP BY note;

-- partial
SELECT flag, count(*), sum(reading), bool_or(reading > 999) FROM diff_text GROUP BY flag;

-- partial
SELECT note, flag, count(*) FROM diff_text GROUP BY note, flag HAVING count(*) > 1000;

-- partial: a NULL group
SELECT reading % 10 AS r, count(*) FROM diff_text GROUP BY r;

-- partial
SELECT extract(dow FROM time) AS dow, avg(temperature), count(*) FROM diff_text GROUP BY dow;

-- partial
SELECT CASE WHEN temperature > 20 THEN 'warm' ELSE 'cool' END AS band, count(*) FROM diff_text GROUP BY band;

-- partial
SELECT coalesce(note, '-') AS n, count(*) FROM diff_text GROUP BY 1 ORDER BY 2 DESC, 1;

-- partial: one node, its chunks read over two connections
SELECT note, count(*) FROM diff_text WHERE location = 'Lima' GROUP BY note;

-- partial
SELECT note, count(*) FROM diff_text WHERE location = 'Berlin' GROUP BY note;

-- partial: one node, its chunks read over two connections
SELECT time_bucket('1 day', time) AS day, count(*), avg(humidity) FROM diff_text WHERE location IN ('paris', 'Zürich') GROUP BY day;

-- partial
SELECT time_bucket('30 minutes', time) AS b, sum(reading) FROM diff_text WHERE time >= '2024-03-07 00:00+00' AND time < '2024-03-07 06:00+00' GROUP BY b HAVING sum(reading) > 0;

-- partial
SELECT time_bucket('1 day', time) AS day, count(*) FROM diff_text WHERE time > now() - interval '100 years' GROUP BY day;

-- partial: empty groups
SELECT note, count(*) FROM diff_text WHERE reading > 5000 GROUP BY note;

-- partial
SELECT time_bucket('2 hours', time) AS b, note, max(humidity), min(temperature) FROM diff_text WHERE time >= '2024-03-04 12:00+00' AND time < '2024-03-05 12:00+00' GROUP BY b, note ORDER BY b, note NULLS FIRST;

-- partial
SELECT status, count(*), avg(value), sum(price) FROM diff_num GROUP BY status;

-- partial
SELECT ok, count(*), max(time) FROM diff_num GROUP BY ok;

-- partial
SELECT time_bucket('1 day', time) AS day, sum(level), avg(level), stddev(value) FROM diff_num GROUP BY day ORDER BY day;

-- partial
SELECT device % 4 AS g, count(*), sum(ratio) FROM diff_num GROUP BY g;

-- partial
SELECT date_trunc('day', time), status, count(*) FROM diff_num WHERE time < '2024-03-05 00:00+00' GROUP BY 1, 2;

-- partial
SELECT level % 3 AS m, var_samp(level), var_pop(price) FROM diff_num GROUP BY m;

-- partial
SELECT status, ok, min(price), max(price), avg(ratio) FROM diff_num GROUP BY status, ok HAVING count(*) > 100 ORDER BY status NULLS FIRST, ok NULLS FIRST;

-- partial: one node, its chunks read over two connections
SELECT status, count(*), sum(value) FROM diff_num WHERE device = 16 GROUP BY status;

-- ===== Aggregates that cannot be combined =====

-- fallback
SELECT count(DISTINCT note) FROM diff_text;

-- full: final groups on the nodes
SELECT location, count(DISTINCT note) FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY location;

-- fallback
SELECT location, count(DISTINCT note) FROM diff_text GROUP BY location;

-- fallback
SELECT location, string_agg(DISTINCT note, ',' ORDER BY note) FROM diff_text GROUP BY location;

-- full: one node
SELECT location, string_agg(note, ',' ORDER BY time) FROM diff_text WHERE location = 'paris' AND time < '2024-03-01 01:00+00' GROUP BY location;

-- fallback: no GROUP BY, two nodes
SELECT string_agg(location, ',' ORDER BY location) FROM diff_text WHERE time >= '2024-03-05 00:00+00' AND time < '2024-03-05 00:01+00';

-- fallback
SELECT array_agg(reading ORDER BY time, location) FROM diff_text WHERE time < '2024-03-01 00:05+00';

-- full
SELECT location, array_agg(reading ORDER BY time) FROM diff_text WHERE time < '2024-03-01 00:10+00' GROUP BY location;

-- fallback
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY temperature) FROM diff_text;

-- full
SELECT location, percentile_cont(0.5) WITHIN GROUP (ORDER BY temperature), percentile_disc(0.9) WITHIN GROUP (ORDER BY reading) FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY location;

-- fallback
SELECT location, percentile_cont(0.5) WITHIN GROUP (ORDER BY humidity) FROM diff_text GROUP BY location;

-- fallback
SELECT mode() WITHIN GROUP (ORDER BY note) FROM diff_text;

-- fallback: FILTER
SELECT note, count(*) FILTER (WHERE flag) FROM diff_text GROUP BY note;

-- fallback: FILTER
SELECT location, avg(temperature) FILTER (WHERE reading > 0) FROM diff_text GROUP BY location;

-- full: one node
SELECT count(DISTINCT reading) FROM diff_text WHERE location = 'Zürich';

-- fallback
SELECT count(DISTINCT device), count(DISTINCT status) FROM diff_num;

-- fallback: the window straddles the repartition
SELECT device, json_agg(status ORDER BY time) FROM diff_num WHERE time >= '2024-03-04 23:50+00' AND time < '2024-03-05 00:10+00' GROUP BY device;

-- fallback
SELECT sum(DISTINCT reading) FROM diff_text;

-- fallback
SELECT location, max(temperature), string_agg(note, '|' ORDER BY time) FROM diff_text WHERE time >= '2024-03-04 23:55+00' AND time < '2024-03-05 00:05+00' GROUP BY location;

-- fallback
SELECT avg(DISTINCT humidity), count(DISTINCT (location, note)) FROM diff_text WHERE time < '2024-03-05 00:00+00';

-- ===== Joins with a local table =====

-- fallback
SELECT p.region, count(*), avg(t.temperature) FROM diff_text t JOIN diff_places p ON p.location = t.location GROUP BY p.region;

-- fallback
SELECT t.location, p.region, t.reading FROM diff_text t LEFT JOIN diff_places p USING (location) WHERE t.time >= '2024-03-05 00:00+00' AND t.time < '2024-03-05 00:01+00';

-- fallback
SELECT p.location, p.region, count(t.time) FROM diff_places p LEFT JOIN diff_text t ON t.location = p.location AND t.time < '2024-03-01 01:00+00' GROUP BY p.location, p.region;

-- fallback
SELECT t.time, t.location, p.region FROM diff_text t, diff_places p WHERE p.location = t.location AND p.region = 'Europe' AND t.time < '2024-03-01 00:05+00';

-- fallback
SELECT p.region, t.note, count(*) FROM diff_text t JOIN diff_places p USING (location) GROUP BY 1, 2 HAVING count(*) > 500 ORDER BY 1, 2;

-- fallback
SELECT t.location, p.location, p.region FROM diff_text t RIGHT JOIN diff_places p ON p.location = t.location AND t.time = '2024-03-02 00:00+00';

-- fallback
SELECT t.location, p.location FROM diff_text t FULL JOIN diff_places p ON p.location = t.location WHERE t.time IS NULL OR t.time < '2024-03-01 00:01+00';

-- fallback
SELECT p.region, max(t.humidity) FROM diff_places p JOIN diff_text t ON t.location = p.location WHERE t.time >= '2024-03-06 00:00+00' AND t.time < '2024-03-06 06:00+00' GROUP BY p.region ORDER BY p.region;

-- ===== Subqueries and CTEs =====

-- full: the local subquery is evaluated at home first
SELECT * FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE region = 'Americas') AND time < '2024-03-01 00:30+00';

-- fallback
SELECT * FROM diff_text t WHERE EXISTS (SELECT 1 FROM diff_places p WHERE p.location = t.location AND p.region = 'Asia') AND t.time < '2024-03-01 01:00+00';

-- fallback
SELECT count(*) FROM diff_text t WHERE NOT EXISTS (SELECT 1 FROM diff_places p WHERE p.location = t.location);

-- pushed: the derived table aggregates one hypertable: pushed down, the rest runs at home
SELECT * FROM (SELECT location, avg(temperature) AS a FROM diff_text GROUP BY location) s WHERE a > 20;

-- pushed: the derived table aggregates one hypertable: pushed down, the rest runs at home
SELECT location, n FROM (SELECT location, count(*) AS n FROM diff_text WHERE time < '2024-03-05 00:00+00' GROUP BY location) s ORDER BY n DESC, location LIMIT 3;

-- fallback
SELECT * FROM diff_text WHERE reading = (SELECT max(reading) FROM diff_text) ORDER BY time, location;

-- fallback: a subquery without tables
SELECT time, location, reading FROM diff_text WHERE reading > (SELECT 990) ORDER BY time, location;

-- fallback
SELECT count(*) FROM diff_text WHERE (location, time) IN (SELECT location, max(time) FROM diff_text GROUP BY location);

-- fallback: a scalar subquery in the select list
SELECT location, (SELECT region FROM diff_places p WHERE p.location = t.location) FROM diff_text t WHERE time >= '2024-03-05 00:00+00' AND time < '2024-03-05 00:01+00';

-- fallback: a subquery in FROM over one node
SELECT s.r, count(*) FROM (SELECT reading % 3 AS r FROM diff_text WHERE location = 'paris') s GROUP BY s.r;

-- pushed: the derived table aggregates one hypertable: pushed down, the rest runs at home
SELECT max(n) FROM (SELECT device, count(*) AS n FROM diff_num GROUP BY device) s;

-- pushed: the CTE aggregates one hypertable: pushed down, the rest runs at home
WITH hourly AS (SELECT time_bucket('1 hour', time) AS h, avg(temperature) AS t FROM diff_text GROUP BY 1) SELECT count(*), max(t), min(t) FROM hourly;

-- fallback
WITH recent AS (SELECT * FROM diff_text WHERE time > '2024-03-08 23:00+00') SELECT location, count(*) FROM recent GROUP BY location;

-- fallback
WITH a AS (SELECT location, count(*) AS n FROM diff_text GROUP BY location), b AS (SELECT device, count(*) AS n FROM diff_num GROUP BY device) SELECT (SELECT sum(n) FROM a), (SELECT sum(n) FROM b);

-- fallback: even a trivial CTE
WITH t AS (SELECT time, location FROM diff_text WHERE time < '2024-03-01 00:02+00') SELECT * FROM t;

-- fallback
WITH RECURSIVE steps(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM steps WHERE i < 5) SELECT s.i, count(n.time) FROM steps s LEFT JOIN diff_num n ON n.device = s.i + 1 AND n.time < '2024-03-01 00:10+00' GROUP BY s.i;

-- ===== Window functions =====

-- fallback
SELECT time, location, reading, row_number() OVER (PARTITION BY location ORDER BY time) FROM diff_text WHERE time < '2024-03-01 00:10+00';

-- fallback
SELECT location, time, temperature, avg(temperature) OVER (PARTITION BY location ORDER BY time ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM diff_text WHERE time < '2024-03-01 01:00+00';

-- fallback: even on one node
SELECT location, time, reading - lag(reading) OVER (PARTITION BY location ORDER BY time) FROM diff_text WHERE location = 'paris' AND time < '2024-03-01 02:00+00';

-- fallback
SELECT location, rank() OVER (ORDER BY count(*) DESC, location) FROM diff_text GROUP BY location;

-- fallback
SELECT location, time, sum(reading) OVER (PARTITION BY location) FROM diff_text WHERE time < '2024-03-01 00:05+00';

-- fallback
SELECT time, device, value, first_value(value) OVER w, last_value(value) OVER w FROM diff_num WHERE time < '2024-03-01 02:00+00' WINDOW w AS (PARTITION BY device ORDER BY time ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING);

-- pushed: the derived table aggregates one hypertable: pushed down, the rest runs at home
SELECT device, ntile(4) OVER (ORDER BY device) FROM (SELECT DISTINCT device FROM diff_num) d;

-- fallback: the top two readings of every location
SELECT * FROM (SELECT time, location, reading, row_number() OVER (PARTITION BY location ORDER BY reading DESC NULLS LAST, time) AS rn FROM diff_text) s WHERE rn <= 2 ORDER BY location, rn;

-- fallback
SELECT location, count(*) OVER () FROM diff_text WHERE time >= '2024-03-05 00:00+00' AND time < '2024-03-05 00:01+00';

-- ===== Set operations =====

-- fallback
SELECT location FROM diff_text WHERE time < '2024-03-01 00:01+00' UNION SELECT location FROM diff_places;

-- fallback
SELECT time, location FROM diff_text WHERE time < '2024-03-01 00:01+00' UNION ALL SELECT time, location FROM diff_text WHERE time > '2024-03-08 23:59+00';

-- fallback
SELECT device::text FROM diff_num WHERE time < '2024-03-01 00:02+00' UNION SELECT location FROM diff_text WHERE time < '2024-03-01 00:01+00';

-- fallback
SELECT 'text' AS t, count(*) FROM diff_text UNION ALL SELECT 'num', count(*) FROM diff_num;

-- fallback
SELECT location FROM diff_text INTERSECT SELECT location FROM diff_places;

-- fallback
SELECT location FROM diff_places EXCEPT SELECT location FROM diff_text;

-- fallback
SELECT * FROM (SELECT time, location FROM diff_text ORDER BY time, location LIMIT 3) a UNION ALL (SELECT time, location FROM diff_text ORDER BY time DESC, location LIMIT 3);

-- fallback
SELECT location, 'first' FROM diff_text WHERE time < '2024-03-05 00:00+00' AND reading = 1000 UNION SELECT location, 'second' FROM diff_text WHERE time >= '2024-03-05 00:00+00' AND reading = 1000 ORDER BY 1, 2;

-- ===== LATERAL, set-returning functions, VALUES =====

-- pushed: the LATERAL subquery's first rows per place are read from the nodes
SELECT p.location, l.time, l.reading FROM diff_places p CROSS JOIN LATERAL (SELECT time, reading FROM diff_text t WHERE t.location = p.location ORDER BY time DESC LIMIT 2) l;

-- fallback
SELECT p.location, l.n FROM diff_places p LEFT JOIN LATERAL (SELECT count(*) AS n FROM diff_text t WHERE t.location = p.location AND t.time < '2024-03-01 06:00+00') l ON true;

-- fallback
SELECT g.h, count(t.time) FROM generate_series(timestamptz '2024-03-04 20:00+00', timestamptz '2024-03-05 03:00+00', interval '1 hour') g(h) LEFT JOIN diff_text t ON t.time >= g.h AND t.time < g.h + interval '1 hour' AND t.location = 'oslo' GROUP BY g.h;

-- fallback
SELECT d, count(n.time) FROM generate_series(1, 20) d LEFT JOIN diff_num n ON n.device = d AND n.time < '2024-03-01 01:00+00' GROUP BY d;

-- fallback
SELECT v.location, count(t.time) FROM (VALUES ('paris'), ('Berlin'), ('nowhere')) v(location) LEFT JOIN diff_text t ON t.location = v.location AND t.time < '2024-03-01 01:00+00' GROUP BY v.location;

-- fallback: a set-returning function in the select list
SELECT time, location, generate_series(1, 2) FROM diff_text WHERE time < '2024-03-01 00:01+00';

-- fallback
SELECT time, location, unnest(ARRAY[reading, reading + 1]) FROM diff_text WHERE time < '2024-03-01 00:01+00';

-- fallback
SELECT t.time, t.location FROM diff_text t, unnest(ARRAY['paris', 'oslo']) AS u(name) WHERE t.location = u.name AND t.time < '2024-03-01 00:10+00';

-- ===== Volatile and user-defined functions =====

-- fallback: random() keeps every row
SELECT count(*) FROM diff_text WHERE random() >= 0;

-- fallback
SELECT location, count(*) FROM diff_text WHERE random() < 2 AND time < '2024-03-05 00:00+00' GROUP BY location;

-- fallback
SELECT time, location FROM diff_text WHERE random() >= 0 AND time < '2024-03-01 00:02+00';

-- fallback
SELECT location, floor(random())::int AS zero FROM diff_text WHERE time < '2024-03-01 00:02+00';

-- fallback
SELECT count(*) FROM diff_text WHERE clock_timestamp() > time;

-- fallback
SELECT count(*) FROM diff_text WHERE time > now() - interval '100 years' AND random() >= 0;

-- fallback
SELECT count(*) FROM diff_text WHERE reading > diff_double(450);

-- fallback
SELECT location, diff_double(reading) FROM diff_text WHERE time < '2024-03-01 00:02+00';

-- fallback: even over one node
SELECT sum(diff_double(reading)) FROM diff_text WHERE location = 'paris';

-- ===== Joins of the two hypertables =====

-- fallback
SELECT count(*) FROM diff_text t JOIN diff_num n ON n.time = t.time;

-- fallback
SELECT t.location, n.device, t.reading, n.level FROM diff_text t JOIN diff_num n ON n.time = t.time WHERE t.time < '2024-03-01 00:30+00';

-- fallback
SELECT t.location, count(*), sum(n.ratio) FROM diff_text t JOIN diff_num n ON n.time = t.time AND n.device = 1 GROUP BY t.location;

-- fallback
SELECT t.time FROM diff_text t WHERE t.location = 'Berlin' AND t.time IN (SELECT time FROM diff_num WHERE device = 1 AND level > 8700000000000000);

-- fallback: a self join
SELECT a.time, a.reading, b.reading FROM diff_text a JOIN diff_text b ON b.time = a.time - interval '1 minute' AND b.location = a.location WHERE a.location = 'Berlin' AND a.time < '2024-03-01 00:10+00';

-- fallback
SELECT t.location, n.device FROM diff_text t CROSS JOIN diff_num n WHERE t.time < '2024-03-01 00:01+00' AND n.time < '2024-03-01 00:01+00';

-- ===== Shapes the access node leaves to the home database =====

-- fallback
SELECT location, count(*) FROM diff_text GROUP BY ALL location;

-- fallback
SELECT location, flag, count(*) FROM diff_text WHERE time < '2024-03-02 00:00+00' GROUP BY DISTINCT location, ROLLUP (location, flag);

-- fallback
SELECT count(*), max(reading) FROM diff_text GROUP BY ();

-- fallback
SELECT location, flag, count(*) FROM diff_text WHERE time < '2024-03-02 00:00+00' GROUP BY GROUPING SETS ((location), (flag), ());

-- fallback
SELECT device, ok, sum(level) FROM diff_num WHERE time < '2024-03-01 06:00+00' GROUP BY CUBE (device, ok);

-- fallback
SELECT ROW(location, reading) FROM diff_text WHERE time < '2024-03-01 00:02+00';

-- fallback
SELECT t FROM diff_text t WHERE time < '2024-03-01 00:01+00';

-- fallback
SELECT count(*) FROM diff_text* WHERE time < '2024-03-02 00:00+00';

-- fallback
(SELECT location FROM diff_text WHERE reading = 5) UNION (SELECT location FROM diff_places);

-- fallback
SELECT p.location, (SELECT max(reading) FROM diff_text t WHERE t.location = p.location) FROM diff_places p;

-- pushed: the LATERAL subquery's first rows per place are read from the nodes
SELECT p.location, l.time FROM diff_places p CROSS JOIN LATERAL (SELECT time FROM diff_text t WHERE t.location = p.location ORDER BY time DESC LIMIT 2) l;

-- fallback
SELECT count(*) FROM diff_text t JOIN diff_num n ON n.time = t.time WHERE t.time >= '2024-03-02 00:00+00' AND t.time < '2024-03-02 00:05+00' AND n.time >= '2024-03-06 00:00+00';

-- fallback
SELECT a.location, count(*) FROM diff_text a WHERE a.reading > (SELECT avg(reading) FROM diff_text b WHERE b.location = a.location AND b.time < '2024-03-01 01:00+00') AND a.time < '2024-03-01 01:00+00' GROUP BY a.location;

-- ===== Time constants cast to another type than the column's =====

-- partial: the offset of a timestamp literal is dropped, the wall clock read in the session's zone
SELECT avg(n.ratio * 2), sum(n.device) FROM diff_num n WHERE n.time >= '2024-03-02 01:00+01'::timestamp AND n.time < '2024-03-02 09:03+01'::timestamp;

-- partial: a date is midnight in the session's zone (the evening before in UTC: two chunks on paris' node)
SELECT count(*), min(time) FROM diff_text WHERE time >= '2024-03-03'::date AND time < '2024-03-03 00:30+00' AND location = 'paris';

-- full: a cast to the column's own type
SELECT count(*) FROM diff_text WHERE time >= '2024-03-03 00:00+00'::timestamptz AND time < '2024-03-03 01:00+00'::timestamp with time zone AND location = 'Lima';

-- ===== Home path: joins, subqueries, CTEs, windows, set operations, LATERAL over small windows =====

-- fallback
SELECT p.region, count(*), sum(t.reading), min(t.time) FROM diff_text t JOIN diff_places p ON p.location = t.location WHERE t.time >= '2024-03-02 08:00+00' AND t.time < '2024-03-02 08:30+00' GROUP BY p.region;

-- fallback
SELECT p.region, count(*), sum(t.reading), min(t.time) FROM diff_text t JOIN diff_places p ON p.location = t.location WHERE t.time >= '2024-03-03 20:10+00' AND t.time < '2024-03-03 20:40+00' GROUP BY p.region;

-- fallback
SELECT p.region, count(*), sum(t.reading), min(t.time) FROM diff_text t JOIN diff_places p ON p.location = t.location WHERE t.time >= '2024-03-07 20:40+00' AND t.time < '2024-03-07 23:40+00' GROUP BY p.region;

-- fallback
SELECT p.region, count(*), sum(t.reading), min(t.time) FROM diff_text t JOIN diff_places p ON p.location = t.location WHERE t.time >= '2024-03-07 05:10+00' AND t.time < '2024-03-07 08:10+00' GROUP BY p.region;

-- fallback
SELECT p.region, count(*), sum(t.reading), min(t.time) FROM diff_text t JOIN diff_places p ON p.location = t.location WHERE t.time >= '2024-03-05 00:10+00' AND t.time < '2024-03-05 00:40+00' GROUP BY p.region;

-- fallback
SELECT p.region, count(*), sum(t.reading), min(t.time) FROM diff_text t JOIN diff_places p ON p.location = t.location WHERE t.time >= '2024-03-03 22:00+00' AND t.time < '2024-03-03 23:30+00' GROUP BY p.region;

-- fallback
SELECT p.region, count(*), sum(t.reading), min(t.time) FROM diff_text t JOIN diff_places p ON p.location = t.location WHERE t.time >= '2024-03-08 07:25+00' AND t.time < '2024-03-08 08:55+00' GROUP BY p.region;

-- fallback
SELECT p.region, count(*), sum(t.reading), min(t.time) FROM diff_text t JOIN diff_places p ON p.location = t.location WHERE t.time >= '2024-03-05 15:00+00' AND t.time < '2024-03-05 16:30+00' GROUP BY p.region;

-- fallback
SELECT p.region, count(*), sum(t.reading), min(t.time) FROM diff_text t JOIN diff_places p ON p.location = t.location WHERE t.time >= '2024-03-04 02:00+00' AND t.time < '2024-03-04 02:30+00' GROUP BY p.region;

-- fallback
SELECT p.region, count(*), sum(t.reading), min(t.time) FROM diff_text t JOIN diff_places p ON p.location = t.location WHERE t.time >= '2024-03-08 19:25+00' AND t.time < '2024-03-08 20:55+00' GROUP BY p.region;

-- fallback
SELECT p.region, count(*), sum(t.reading), min(t.time) FROM diff_text t JOIN diff_places p ON p.location = t.location WHERE t.time >= '2024-03-01 16:00+00' AND t.time < '2024-03-01 17:30+00' GROUP BY p.region;

-- fallback
SELECT p.region, count(*), sum(t.reading), min(t.time) FROM diff_text t JOIN diff_places p ON p.location = t.location WHERE t.time >= '2024-03-01 21:00+00' AND t.time < '2024-03-01 21:30+00' GROUP BY p.region;

-- fallback
SELECT t.location, t.reading, p.region FROM diff_text t LEFT JOIN diff_places p USING (location) WHERE t.time >= '2024-03-04 07:25+00' AND t.time < '2024-03-04 07:45+00' AND t.reading % 7 = 2;

-- fallback
SELECT t.location, t.reading, p.region FROM diff_text t LEFT JOIN diff_places p USING (location) WHERE t.time >= '2024-03-01 13:40+00' AND t.time < '2024-03-01 14:00+00' AND t.reading % 7 = 0;

-- fallback
SELECT t.location, t.reading, p.region FROM diff_text t LEFT JOIN diff_places p USING (location) WHERE t.time >= '2024-03-08 14:25+00' AND t.time < '2024-03-08 15:25+00' AND t.reading % 7 = 3;

-- fallback
SELECT t.location, t.reading, p.region FROM diff_text t LEFT JOIN diff_places p USING (location) WHERE t.time >= '2024-03-01 04:10+00' AND t.time < '2024-03-01 04:30+00' AND t.reading % 7 = 6;

-- fallback
SELECT t.location, t.reading, p.region FROM diff_text t LEFT JOIN diff_places p USING (location) WHERE t.time >= '2024-03-06 15:25+00' AND t.time < '2024-03-06 15:45+00' AND t.reading % 7 = 2;

-- fallback
SELECT t.location, t.reading, p.region FROM diff_text t LEFT JOIN diff_places p USING (location) WHERE t.time >= '2024-03-08 03:10+00' AND t.time < '2024-03-08 03:30+00' AND t.reading % 7 = 4;

-- fallback
SELECT t.location, t.reading, p.region FROM diff_text t LEFT JOIN diff_places p USING (location) WHERE t.time >= '2024-03-02 16:00+00' AND t.time < '2024-03-02 16:20+00' AND t.reading % 7 = 3;

-- fallback
SELECT t.location, t.reading, p.region FROM diff_text t LEFT JOIN diff_places p USING (location) WHERE t.time >= '2024-03-04 03:25+00' AND t.time < '2024-03-04 04:25+00' AND t.reading % 7 = 3;

-- fallback
SELECT t.location, t.reading, p.region FROM diff_text t LEFT JOIN diff_places p USING (location) WHERE t.time >= '2024-03-07 22:10+00' AND t.time < '2024-03-07 23:10+00' AND t.reading % 7 = 1;

-- fallback
SELECT t.location, t.reading, p.region FROM diff_text t LEFT JOIN diff_places p USING (location) WHERE t.time >= '2024-03-05 08:40+00' AND t.time < '2024-03-05 09:00+00' AND t.reading % 7 = 4;

-- partial: the local subquery is evaluated at home first
SELECT count(*), max(temperature), sum(humidity) FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE region = 'Americas') AND time >= '2024-03-05 11:40+00' AND time < '2024-03-05 15:40+00';

-- partial: the local subquery is evaluated at home first
SELECT count(*), max(temperature), sum(humidity) FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE region = 'Americas') AND time >= '2024-03-04 12:40+00' AND time < '2024-03-04 16:40+00';

-- partial: the local subquery is evaluated at home first
SELECT count(*), max(temperature), sum(humidity) FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE region = 'Americas') AND time >= '2024-03-07 17:40+00' AND time < '2024-03-07 18:40+00';

-- full: the local subquery is evaluated at home first
SELECT count(*), max(temperature), sum(humidity) FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE region = 'Oceania') AND time >= '2024-03-04 05:00+00' AND time < '2024-03-04 06:00+00';

-- full: the local subquery is evaluated at home first
SELECT count(*), max(temperature), sum(humidity) FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE region = 'Africa') AND time >= '2024-03-02 09:25+00' AND time < '2024-03-02 10:25+00';

-- partial: the local subquery is evaluated at home first
SELECT count(*), max(temperature), sum(humidity) FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE region = 'Europe') AND time >= '2024-03-08 16:00+00' AND time < '2024-03-08 20:00+00';

-- full: the local subquery is evaluated at home first
SELECT count(*), max(temperature), sum(humidity) FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE region = 'Oceania') AND time >= '2024-03-06 05:00+00' AND time < '2024-03-06 06:00+00';

-- partial: the local subquery is evaluated at home first
SELECT count(*), max(temperature), sum(humidity) FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE region = 'Americas') AND time >= '2024-03-08 08:00+00' AND time < '2024-03-08 12:00+00';

-- partial: the local subquery is evaluated at home first
SELECT count(*), max(temperature), sum(humidity) FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE region = 'Europe') AND time >= '2024-03-06 12:25+00' AND time < '2024-03-06 13:25+00';

-- full: the local subquery is evaluated at home first
SELECT count(*), max(temperature), sum(humidity) FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE region = 'Africa') AND time >= '2024-03-03 09:00+00' AND time < '2024-03-03 13:00+00';

-- fallback
SELECT p.location FROM diff_places p WHERE EXISTS (SELECT 1 FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-08 07:25+00' AND t.time < '2024-03-08 07:30+00' AND t.reading > 392);

-- fallback
SELECT p.location FROM diff_places p WHERE NOT EXISTS (SELECT 1 FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-01 00:25+00' AND t.time < '2024-03-01 00:55+00' AND t.reading > 580);

-- fallback
SELECT p.location FROM diff_places p WHERE EXISTS (SELECT 1 FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-02 20:40+00' AND t.time < '2024-03-02 21:10+00' AND t.reading > 553);

-- fallback
SELECT p.location FROM diff_places p WHERE EXISTS (SELECT 1 FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-04 04:25+00' AND t.time < '2024-03-04 04:55+00' AND t.reading > 286);

-- fallback
SELECT p.location FROM diff_places p WHERE NOT EXISTS (SELECT 1 FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-08 17:25+00' AND t.time < '2024-03-08 17:55+00' AND t.reading > 434);

-- fallback
SELECT p.location FROM diff_places p WHERE NOT EXISTS (SELECT 1 FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-06 10:10+00' AND t.time < '2024-03-06 10:15+00' AND t.reading > 736);

-- fallback
SELECT p.location FROM diff_places p WHERE NOT EXISTS (SELECT 1 FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-05 08:40+00' AND t.time < '2024-03-05 08:45+00' AND t.reading > 282);

-- fallback
SELECT p.location FROM diff_places p WHERE NOT EXISTS (SELECT 1 FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-05 19:25+00' AND t.time < '2024-03-05 19:30+00' AND t.reading > 154);

-- fallback
SELECT p.location FROM diff_places p WHERE NOT EXISTS (SELECT 1 FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-08 20:00+00' AND t.time < '2024-03-08 20:30+00' AND t.reading > 406);

-- fallback
SELECT p.location FROM diff_places p WHERE EXISTS (SELECT 1 FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-06 09:00+00' AND t.time < '2024-03-06 09:30+00' AND t.reading > 442);

-- pushed: the CTE aggregates one hypertable: pushed down, the rest runs at home
WITH w AS (SELECT location, avg(reading) AS a, count(*) AS n FROM diff_text WHERE time >= '2024-03-07 00:25+00' AND time < '2024-03-07 06:25+00' GROUP BY location) SELECT location, round(a, 6), n FROM w WHERE n > 29 ORDER BY location;

-- pushed: the CTE aggregates one hypertable: pushed down, the rest runs at home
WITH w AS (SELECT location, avg(reading) AS a, count(*) AS n FROM diff_text WHERE time >= '2024-03-04 19:00+00' AND time < '2024-03-04 20:00+00' GROUP BY location) SELECT location, round(a, 6), n FROM w WHERE n > 25 ORDER BY location;

-- pushed: the CTE aggregates one hypertable: pushed down, the rest runs at home
WITH w AS (SELECT location, avg(reading) AS a, count(*) AS n FROM diff_text WHERE time >= '2024-03-05 03:40+00' AND time < '2024-03-05 09:40+00' GROUP BY location) SELECT location, round(a, 6), n FROM w WHERE n > 16 ORDER BY location;

-- pushed: the CTE aggregates one hypertable: pushed down, the rest runs at home
WITH w AS (SELECT location, avg(reading) AS a, count(*) AS n FROM diff_text WHERE time >= '2024-03-05 09:40+00' AND time < '2024-03-05 10:40+00' GROUP BY location) SELECT location, round(a, 6), n FROM w WHERE n > 21 ORDER BY location;

-- pushed: the CTE aggregates one hypertable: pushed down, the rest runs at home
WITH w AS (SELECT location, avg(reading) AS a, count(*) AS n FROM diff_text WHERE time >= '2024-03-08 05:40+00' AND time < '2024-03-08 11:40+00' GROUP BY location) SELECT location, round(a, 6), n FROM w WHERE n > 0 ORDER BY location;

-- pushed: the CTE aggregates one hypertable: pushed down, the rest runs at home
WITH w AS (SELECT location, avg(reading) AS a, count(*) AS n FROM diff_text WHERE time >= '2024-03-03 09:25+00' AND time < '2024-03-03 15:25+00' GROUP BY location) SELECT location, round(a, 6), n FROM w WHERE n > 28 ORDER BY location;

-- pushed: the CTE aggregates one hypertable: pushed down, the rest runs at home
WITH w AS (SELECT location, avg(reading) AS a, count(*) AS n FROM diff_text WHERE time >= '2024-03-05 22:25+00' AND time < '2024-03-06 04:25+00' GROUP BY location) SELECT location, round(a, 6), n FROM w WHERE n > 3 ORDER BY location;

-- pushed: the CTE aggregates one hypertable: pushed down, the rest runs at home
WITH w AS (SELECT location, avg(reading) AS a, count(*) AS n FROM diff_text WHERE time >= '2024-03-05 07:40+00' AND time < '2024-03-05 08:40+00' GROUP BY location) SELECT location, round(a, 6), n FROM w WHERE n > 6 ORDER BY location;

-- pushed: the CTE aggregates one hypertable: pushed down, the rest runs at home
WITH w AS (SELECT location, avg(reading) AS a, count(*) AS n FROM diff_text WHERE time >= '2024-03-01 22:00+00' AND time < '2024-03-01 23:00+00' GROUP BY location) SELECT location, round(a, 6), n FROM w WHERE n > 7 ORDER BY location;

-- pushed: the CTE aggregates one hypertable: pushed down, the rest runs at home
WITH w AS (SELECT location, avg(reading) AS a, count(*) AS n FROM diff_text WHERE time >= '2024-03-03 19:00+00' AND time < '2024-03-04 01:00+00' GROUP BY location) SELECT location, round(a, 6), n FROM w WHERE n > 26 ORDER BY location;

-- fallback
SELECT location, time, reading, sum(reading) OVER (PARTITION BY location ORDER BY time), lag(reading) OVER (PARTITION BY location ORDER BY time) FROM diff_text WHERE time >= '2024-03-07 12:40+00' AND time < '2024-03-07 12:43+00' ORDER BY location, time;

-- fallback
SELECT location, time, reading, sum(reading) OVER (PARTITION BY location ORDER BY time), lag(reading) OVER (PARTITION BY location ORDER BY time) FROM diff_text WHERE time >= '2024-03-05 14:40+00' AND time < '2024-03-05 14:43+00' ORDER BY location, time;

-- fallback
SELECT location, time, reading, sum(reading) OVER (PARTITION BY location ORDER BY time), lag(reading) OVER (PARTITION BY location ORDER BY time) FROM diff_text WHERE time >= '2024-03-05 15:25+00' AND time < '2024-03-05 15:33+00' ORDER BY location, time;

-- fallback
SELECT location, time, reading, sum(reading) OVER (PARTITION BY location ORDER BY time), lag(reading) OVER (PARTITION BY location ORDER BY time) FROM diff_text WHERE time >= '2024-03-04 07:40+00' AND time < '2024-03-04 07:48+00' ORDER BY location, time;

-- fallback
SELECT location, time, reading, sum(reading) OVER (PARTITION BY location ORDER BY time), lag(reading) OVER (PARTITION BY location ORDER BY time) FROM diff_text WHERE time >= '2024-03-08 05:00+00' AND time < '2024-03-08 05:08+00' ORDER BY location, time;

-- fallback
SELECT location, time, reading, sum(reading) OVER (PARTITION BY location ORDER BY time), lag(reading) OVER (PARTITION BY location ORDER BY time) FROM diff_text WHERE time >= '2024-03-02 08:25+00' AND time < '2024-03-02 08:28+00' ORDER BY location, time;

-- fallback
SELECT location, time, reading, sum(reading) OVER (PARTITION BY location ORDER BY time), lag(reading) OVER (PARTITION BY location ORDER BY time) FROM diff_text WHERE time >= '2024-03-08 11:25+00' AND time < '2024-03-08 11:28+00' ORDER BY location, time;

-- fallback
SELECT location, time, reading, sum(reading) OVER (PARTITION BY location ORDER BY time), lag(reading) OVER (PARTITION BY location ORDER BY time) FROM diff_text WHERE time >= '2024-03-01 06:10+00' AND time < '2024-03-01 06:13+00' ORDER BY location, time;

-- fallback
SELECT location, time, reading, sum(reading) OVER (PARTITION BY location ORDER BY time), lag(reading) OVER (PARTITION BY location ORDER BY time) FROM diff_text WHERE time >= '2024-03-04 19:00+00' AND time < '2024-03-04 19:03+00' ORDER BY location, time;

-- fallback
SELECT location, time, reading, sum(reading) OVER (PARTITION BY location ORDER BY time), lag(reading) OVER (PARTITION BY location ORDER BY time) FROM diff_text WHERE time >= '2024-03-01 20:40+00' AND time < '2024-03-01 20:43+00' ORDER BY location, time;

-- fallback
SELECT device, time, rank() OVER (PARTITION BY device ORDER BY level DESC NULLS LAST, time), count(*) OVER () FROM diff_num WHERE time >= '2024-03-02 16:25+00' AND time < '2024-03-02 16:55+00' ORDER BY device, time;

-- fallback
SELECT device, time, rank() OVER (PARTITION BY device ORDER BY level DESC NULLS LAST, time), count(*) OVER () FROM diff_num WHERE time >= '2024-03-03 19:00+00' AND time < '2024-03-03 19:10+00' ORDER BY device, time;

-- fallback
SELECT device, time, rank() OVER (PARTITION BY device ORDER BY level DESC NULLS LAST, time), count(*) OVER () FROM diff_num WHERE time >= '2024-03-07 04:25+00' AND time < '2024-03-07 04:55+00' ORDER BY device, time;

-- fallback
SELECT device, time, rank() OVER (PARTITION BY device ORDER BY level DESC NULLS LAST, time), count(*) OVER () FROM diff_num WHERE time >= '2024-03-03 02:25+00' AND time < '2024-03-03 02:35+00' ORDER BY device, time;

-- fallback
SELECT device, time, rank() OVER (PARTITION BY device ORDER BY level DESC NULLS LAST, time), count(*) OVER () FROM diff_num WHERE time >= '2024-03-03 15:10+00' AND time < '2024-03-03 15:40+00' ORDER BY device, time;

-- fallback
SELECT device, time, rank() OVER (PARTITION BY device ORDER BY level DESC NULLS LAST, time), count(*) OVER () FROM diff_num WHERE time >= '2024-03-04 16:00+00' AND time < '2024-03-04 16:30+00' ORDER BY device, time;

-- fallback
SELECT device, time, rank() OVER (PARTITION BY device ORDER BY level DESC NULLS LAST, time), count(*) OVER () FROM diff_num WHERE time >= '2024-03-04 10:25+00' AND time < '2024-03-04 10:35+00' ORDER BY device, time;

-- fallback
SELECT device, time, rank() OVER (PARTITION BY device ORDER BY level DESC NULLS LAST, time), count(*) OVER () FROM diff_num WHERE time >= '2024-03-07 17:25+00' AND time < '2024-03-07 17:55+00' ORDER BY device, time;

-- fallback
SELECT device, time, rank() OVER (PARTITION BY device ORDER BY level DESC NULLS LAST, time), count(*) OVER () FROM diff_num WHERE time >= '2024-03-06 11:10+00' AND time < '2024-03-06 11:40+00' ORDER BY device, time;

-- fallback
SELECT device, time, rank() OVER (PARTITION BY device ORDER BY level DESC NULLS LAST, time), count(*) OVER () FROM diff_num WHERE time >= '2024-03-07 00:00+00' AND time < '2024-03-07 00:30+00' ORDER BY device, time;

-- fallback
SELECT location FROM diff_text WHERE time >= '2024-03-07 14:40+00' AND time < '2024-03-07 16:40+00' AND reading > 609 UNION SELECT location FROM diff_places WHERE region = 'Africa';

-- fallback
SELECT location FROM diff_text WHERE time >= '2024-03-05 09:40+00' AND time < '2024-03-05 10:10+00' AND reading > 652 UNION SELECT location FROM diff_places WHERE region = 'Africa';

-- fallback
SELECT location FROM diff_text WHERE time >= '2024-03-01 22:00+00' AND time < '2024-03-02 00:00+00' AND reading > 701 UNION SELECT location FROM diff_places WHERE region = 'Africa';

-- fallback
SELECT location FROM diff_text WHERE time >= '2024-03-05 19:10+00' AND time < '2024-03-05 21:10+00' AND reading > 542 UNION SELECT location FROM diff_places WHERE region = 'Europe';

-- fallback
SELECT location FROM diff_text WHERE time >= '2024-03-04 01:00+00' AND time < '2024-03-04 03:00+00' AND reading > 751 UNION SELECT location FROM diff_places WHERE region = 'Americas';

-- fallback
SELECT location FROM diff_text WHERE time >= '2024-03-01 07:25+00' AND time < '2024-03-01 09:25+00' AND reading > 573 UNION SELECT location FROM diff_places WHERE region = 'Europe';

-- fallback
SELECT location FROM diff_text WHERE time >= '2024-03-01 08:10+00' AND time < '2024-03-01 08:40+00' AND reading > 714 UNION SELECT location FROM diff_places WHERE region = 'Africa';

-- fallback
SELECT location FROM diff_text WHERE time >= '2024-03-03 16:00+00' AND time < '2024-03-03 18:00+00' AND reading > 534 UNION SELECT location FROM diff_places WHERE region = 'Oceania';

-- fallback
SELECT location FROM diff_text WHERE time >= '2024-03-05 14:40+00' AND time < '2024-03-05 15:10+00' AND reading > 847 UNION SELECT location FROM diff_places WHERE region = 'Americas';

-- fallback
SELECT location FROM diff_text WHERE time >= '2024-03-05 22:00+00' AND time < '2024-03-05 22:30+00' AND reading > 875 UNION SELECT location FROM diff_places WHERE region = 'Americas';

-- fallback
SELECT device FROM diff_num WHERE time >= '2024-03-03 11:10+00' AND time < '2024-03-03 13:10+00' AND ok EXCEPT SELECT device FROM diff_num WHERE time >= '2024-03-03 11:10+00' AND time < '2024-03-03 13:10+00' AND NOT ok;

-- fallback
SELECT device FROM diff_num WHERE time >= '2024-03-05 09:40+00' AND time < '2024-03-05 10:10+00' AND ok UNION ALL SELECT device FROM diff_num WHERE time >= '2024-03-05 09:40+00' AND time < '2024-03-05 10:10+00' AND NOT ok;

-- fallback
SELECT device FROM diff_num WHERE time >= '2024-03-04 06:00+00' AND time < '2024-03-04 06:30+00' AND ok INTERSECT SELECT device FROM diff_num WHERE time >= '2024-03-04 06:00+00' AND time < '2024-03-04 06:30+00' AND NOT ok;

-- fallback
SELECT device FROM diff_num WHERE time >= '2024-03-02 19:25+00' AND time < '2024-03-02 19:55+00' AND ok EXCEPT SELECT device FROM diff_num WHERE time >= '2024-03-02 19:25+00' AND time < '2024-03-02 19:55+00' AND NOT ok;

-- fallback
SELECT device FROM diff_num WHERE time >= '2024-03-03 10:40+00' AND time < '2024-03-03 12:40+00' AND ok UNION ALL SELECT device FROM diff_num WHERE time >= '2024-03-03 10:40+00' AND time < '2024-03-03 12:40+00' AND NOT ok;

-- fallback
SELECT device FROM diff_num WHERE time >= '2024-03-05 20:40+00' AND time < '2024-03-05 21:10+00' AND ok EXCEPT SELECT device FROM diff_num WHERE time >= '2024-03-05 20:40+00' AND time < '2024-03-05 21:10+00' AND NOT ok;

-- fallback
SELECT device FROM diff_num WHERE time >= '2024-03-05 04:40+00' AND time < '2024-03-05 05:10+00' AND ok EXCEPT ALL SELECT device FROM diff_num WHERE time >= '2024-03-05 04:40+00' AND time < '2024-03-05 05:10+00' AND NOT ok;

-- fallback
SELECT device FROM diff_num WHERE time >= '2024-03-04 14:00+00' AND time < '2024-03-04 16:00+00' AND ok INTERSECT SELECT device FROM diff_num WHERE time >= '2024-03-04 14:00+00' AND time < '2024-03-04 16:00+00' AND NOT ok;

-- pushed: the LATERAL subquery's first rows per place are read from the nodes
SELECT p.location, l.time, l.reading FROM diff_places p CROSS JOIN LATERAL (SELECT time, reading FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-03 01:25+00' AND t.time < '2024-03-03 06:25+00' ORDER BY time DESC LIMIT 1) l;

-- pushed: the LATERAL subquery's first rows per place are read from the nodes
SELECT p.location, l.time, l.reading FROM diff_places p CROSS JOIN LATERAL (SELECT time, reading FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-06 07:10+00' AND t.time < '2024-03-06 12:10+00' ORDER BY time DESC LIMIT 2) l;

-- pushed: the LATERAL subquery's first rows per place are read from the nodes
SELECT p.location, l.time, l.reading FROM diff_places p CROSS JOIN LATERAL (SELECT time, reading FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-01 20:25+00' AND t.time < '2024-03-01 20:55+00' ORDER BY time DESC LIMIT 2) l;

-- pushed: the LATERAL subquery's first rows per place are read from the nodes
SELECT p.location, l.time, l.reading FROM diff_places p CROSS JOIN LATERAL (SELECT time, reading FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-06 10:40+00' AND t.time < '2024-03-06 15:40+00' ORDER BY time DESC LIMIT 3) l;

-- pushed: the LATERAL subquery's first rows per place are read from the nodes
SELECT p.location, l.time, l.reading FROM diff_places p CROSS JOIN LATERAL (SELECT time, reading FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-07 17:00+00' AND t.time < '2024-03-07 17:30+00' ORDER BY time DESC LIMIT 1) l;

-- pushed: the LATERAL subquery's first rows per place are read from the nodes
SELECT p.location, l.time, l.reading FROM diff_places p CROSS JOIN LATERAL (SELECT time, reading FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-07 14:10+00' AND t.time < '2024-03-07 19:10+00' ORDER BY time DESC LIMIT 3) l;

-- pushed: the LATERAL subquery's first rows per place are read from the nodes
SELECT p.location, l.time, l.reading FROM diff_places p CROSS JOIN LATERAL (SELECT time, reading FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-07 10:00+00' AND t.time < '2024-03-07 15:00+00' ORDER BY time DESC LIMIT 2) l;

-- pushed: the LATERAL subquery's first rows per place are read from the nodes
SELECT p.location, l.time, l.reading FROM diff_places p CROSS JOIN LATERAL (SELECT time, reading FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-04 12:00+00' AND t.time < '2024-03-04 17:00+00' ORDER BY time DESC LIMIT 3) l;

-- pushed: the LATERAL subquery's first rows per place are read from the nodes
SELECT p.location, l.time, l.reading FROM diff_places p CROSS JOIN LATERAL (SELECT time, reading FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-08 17:40+00' AND t.time < '2024-03-08 18:10+00' ORDER BY time DESC LIMIT 1) l;

-- pushed: the LATERAL subquery's first rows per place are read from the nodes
SELECT p.location, l.time, l.reading FROM diff_places p CROSS JOIN LATERAL (SELECT time, reading FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-02 02:00+00' AND t.time < '2024-03-02 02:30+00' ORDER BY time DESC LIMIT 3) l;

-- fallback
SELECT t.location, n.device, count(*), sum(n.value) FROM diff_text t JOIN diff_num n ON n.time = t.time AND n.time >= '2024-03-02 18:25+00' AND n.time < '2024-03-02 18:29+00' WHERE t.time >= '2024-03-02 18:25+00' AND t.time < '2024-03-02 18:29+00' AND n.device IN (2, 16) GROUP BY t.location, n.device;

-- fallback
SELECT t.location, n.device, count(*), sum(n.value) FROM diff_text t JOIN diff_num n ON n.time = t.time AND n.time >= '2024-03-03 06:00+00' AND n.time < '2024-03-03 06:10+00' WHERE t.time >= '2024-03-03 06:00+00' AND t.time < '2024-03-03 06:10+00' AND n.device IN (6, 13) GROUP BY t.location, n.device;

-- fallback
SELECT t.location, n.device, count(*), sum(n.value) FROM diff_text t JOIN diff_num n ON n.time = t.time AND n.time >= '2024-03-01 09:10+00' AND n.time < '2024-03-01 09:20+00' WHERE t.time >= '2024-03-01 09:10+00' AND t.time < '2024-03-01 09:20+00' AND n.device IN (8, 11) GROUP BY t.location, n.device;

-- fallback
SELECT t.location, n.device, count(*), sum(n.value) FROM diff_text t JOIN diff_num n ON n.time = t.time AND n.time >= '2024-03-08 12:00+00' AND n.time < '2024-03-08 12:04+00' WHERE t.time >= '2024-03-08 12:00+00' AND t.time < '2024-03-08 12:04+00' AND n.device IN (8, 11) GROUP BY t.location, n.device;

-- fallback
SELECT t.location, n.device, count(*), sum(n.value) FROM diff_text t JOIN diff_num n ON n.time = t.time AND n.time >= '2024-03-05 09:25+00' AND n.time < '2024-03-05 09:35+00' WHERE t.time >= '2024-03-05 09:25+00' AND t.time < '2024-03-05 09:35+00' AND n.device IN (1, 11) GROUP BY t.location, n.device;

-- fallback
SELECT t.location, n.device, count(*), sum(n.value) FROM diff_text t JOIN diff_num n ON n.time = t.time AND n.time >= '2024-03-04 22:40+00' AND n.time < '2024-03-04 22:50+00' WHERE t.time >= '2024-03-04 22:40+00' AND t.time < '2024-03-04 22:50+00' AND n.device IN (3, 10) GROUP BY t.location, n.device;

-- fallback
SELECT t.location, n.device, count(*), sum(n.value) FROM diff_text t JOIN diff_num n ON n.time = t.time AND n.time >= '2024-03-04 15:25+00' AND n.time < '2024-03-04 15:29+00' WHERE t.time >= '2024-03-04 15:25+00' AND t.time < '2024-03-04 15:29+00' AND n.device IN (7, 10) GROUP BY t.location, n.device;

-- fallback
SELECT t.location, n.device, count(*), sum(n.value) FROM diff_text t JOIN diff_num n ON n.time = t.time AND n.time >= '2024-03-05 11:40+00' AND n.time < '2024-03-05 11:50+00' WHERE t.time >= '2024-03-05 11:40+00' AND t.time < '2024-03-05 11:50+00' AND n.device IN (4, 16) GROUP BY t.location, n.device;

-- fallback
SELECT t.location, n.device, count(*), sum(n.value) FROM diff_text t JOIN diff_num n ON n.time = t.time AND n.time >= '2024-03-06 08:00+00' AND n.time < '2024-03-06 08:10+00' WHERE t.time >= '2024-03-06 08:00+00' AND t.time < '2024-03-06 08:10+00' AND n.device IN (2, 13) GROUP BY t.location, n.device;

-- fallback
SELECT t.location, n.device, count(*), sum(n.value) FROM diff_text t JOIN diff_num n ON n.time = t.time AND n.time >= '2024-03-02 20:10+00' AND n.time < '2024-03-02 20:20+00' WHERE t.time >= '2024-03-02 20:10+00' AND t.time < '2024-03-02 20:20+00' AND n.device IN (6, 14) GROUP BY t.location, n.device;

-- fallback
SELECT a.location, a.reading, (SELECT max(b.reading) FROM diff_text b WHERE b.location = a.location AND b.time >= '2024-03-03 17:25+00'::timestamptz - interval '1 hour' AND b.time < '2024-03-03 17:27+00') FROM diff_text a WHERE a.time >= '2024-03-03 17:25+00' AND a.time < '2024-03-03 17:27+00';

-- fallback
SELECT a.location, a.reading, (SELECT max(b.reading) FROM diff_text b WHERE b.location = a.location AND b.time >= '2024-03-07 13:00+00'::timestamptz - interval '1 hour' AND b.time < '2024-03-07 13:02+00') FROM diff_text a WHERE a.time >= '2024-03-07 13:00+00' AND a.time < '2024-03-07 13:02+00';

-- fallback
SELECT a.location, a.reading, (SELECT max(b.reading) FROM diff_text b WHERE b.location = a.location AND b.time >= '2024-03-04 00:25+00'::timestamptz - interval '1 hour' AND b.time < '2024-03-04 00:27+00') FROM diff_text a WHERE a.time >= '2024-03-04 00:25+00' AND a.time < '2024-03-04 00:27+00';

-- fallback
SELECT a.location, a.reading, (SELECT max(b.reading) FROM diff_text b WHERE b.location = a.location AND b.time >= '2024-03-05 07:25+00'::timestamptz - interval '1 hour' AND b.time < '2024-03-05 07:27+00') FROM diff_text a WHERE a.time >= '2024-03-05 07:25+00' AND a.time < '2024-03-05 07:27+00';

-- fallback
SELECT a.location, a.reading, (SELECT max(b.reading) FROM diff_text b WHERE b.location = a.location AND b.time >= '2024-03-03 11:10+00'::timestamptz - interval '1 hour' AND b.time < '2024-03-03 11:12+00') FROM diff_text a WHERE a.time >= '2024-03-03 11:10+00' AND a.time < '2024-03-03 11:12+00';

-- fallback
SELECT a.location, a.reading, (SELECT max(b.reading) FROM diff_text b WHERE b.location = a.location AND b.time >= '2024-03-03 17:00+00'::timestamptz - interval '1 hour' AND b.time < '2024-03-03 17:02+00') FROM diff_text a WHERE a.time >= '2024-03-03 17:00+00' AND a.time < '2024-03-03 17:02+00';

-- fallback
SELECT a.location, a.reading, (SELECT max(b.reading) FROM diff_text b WHERE b.location = a.location AND b.time >= '2024-03-08 03:40+00'::timestamptz - interval '1 hour' AND b.time < '2024-03-08 03:42+00') FROM diff_text a WHERE a.time >= '2024-03-08 03:40+00' AND a.time < '2024-03-08 03:42+00';

-- fallback
SELECT a.location, a.reading, (SELECT max(b.reading) FROM diff_text b WHERE b.location = a.location AND b.time >= '2024-03-07 14:00+00'::timestamptz - interval '1 hour' AND b.time < '2024-03-07 14:02+00') FROM diff_text a WHERE a.time >= '2024-03-07 14:00+00' AND a.time < '2024-03-07 14:02+00';

-- fallback
SELECT location, flag, count(*), max(reading) FROM diff_text WHERE time >= '2024-03-03 10:25+00' AND time < '2024-03-03 11:25+00' GROUP BY GROUPING SETS ((location), (flag), ());

-- fallback
SELECT location, flag, count(*), max(reading) FROM diff_text WHERE time >= '2024-03-01 06:10+00' AND time < '2024-03-01 07:10+00' GROUP BY GROUPING SETS ((location), (flag), ());

-- fallback
SELECT location, flag, count(*), max(reading) FROM diff_text WHERE time >= '2024-03-06 02:10+00' AND time < '2024-03-06 05:10+00' GROUP BY GROUPING SETS ((location), (flag), ());

-- fallback
SELECT location, flag, count(*), max(reading) FROM diff_text WHERE time >= '2024-03-05 05:25+00' AND time < '2024-03-05 08:25+00' GROUP BY GROUPING SETS ((location), (flag), ());

-- fallback
SELECT location, flag, count(*), max(reading) FROM diff_text WHERE time >= '2024-03-06 05:25+00' AND time < '2024-03-06 07:25+00' GROUP BY GROUPING SETS ((location), (flag), ());

-- fallback
SELECT location, flag, count(*), max(reading) FROM diff_text WHERE time >= '2024-03-08 00:10+00' AND time < '2024-03-08 03:10+00' GROUP BY GROUPING SETS ((location), (flag), ());

-- fallback
SELECT location, flag, count(*), max(reading) FROM diff_text WHERE time >= '2024-03-01 11:25+00' AND time < '2024-03-01 12:25+00' GROUP BY GROUPING SETS ((location), (flag), ());

-- fallback
SELECT location, flag, count(*), max(reading) FROM diff_text WHERE time >= '2024-03-05 15:25+00' AND time < '2024-03-05 18:25+00' GROUP BY GROUPING SETS ((location), (flag), ());

-- fallback
SELECT DISTINCT ON (d.region) d.region, t.location, t.time FROM diff_text t JOIN diff_places d USING (location) WHERE time >= '2024-03-05 10:25+00' AND time < '2024-03-05 10:55+00' ORDER BY d.region, t.time, t.location;

-- fallback
SELECT DISTINCT ON (d.region) d.region, t.location, t.time FROM diff_text t JOIN diff_places d USING (location) WHERE time >= '2024-03-06 18:10+00' AND time < '2024-03-06 19:40+00' ORDER BY d.region, t.time, t.location;

-- fallback
SELECT DISTINCT ON (d.region) d.region, t.location, t.time FROM diff_text t JOIN diff_places d USING (location) WHERE time >= '2024-03-08 11:40+00' AND time < '2024-03-08 13:10+00' ORDER BY d.region, t.time, t.location;

-- fallback
SELECT DISTINCT ON (d.region) d.region, t.location, t.time FROM diff_text t JOIN diff_places d USING (location) WHERE time >= '2024-03-06 11:00+00' AND time < '2024-03-06 12:30+00' ORDER BY d.region, t.time, t.location;

-- fallback
SELECT DISTINCT ON (d.region) d.region, t.location, t.time FROM diff_text t JOIN diff_places d USING (location) WHERE time >= '2024-03-02 02:25+00' AND time < '2024-03-02 03:55+00' ORDER BY d.region, t.time, t.location;

-- fallback
SELECT DISTINCT ON (d.region) d.region, t.location, t.time FROM diff_text t JOIN diff_places d USING (location) WHERE time >= '2024-03-03 02:25+00' AND time < '2024-03-03 03:55+00' ORDER BY d.region, t.time, t.location;

-- fallback
SELECT DISTINCT ON (d.region) d.region, t.location, t.time FROM diff_text t JOIN diff_places d USING (location) WHERE time >= '2024-03-01 06:10+00' AND time < '2024-03-01 07:40+00' ORDER BY d.region, t.time, t.location;

-- fallback
SELECT DISTINCT ON (d.region) d.region, t.location, t.time FROM diff_text t JOIN diff_places d USING (location) WHERE time >= '2024-03-04 10:10+00' AND time < '2024-03-04 10:40+00' ORDER BY d.region, t.time, t.location;

-- fallback
SELECT count(*) FROM (SELECT location, reading, row_number() OVER (PARTITION BY location ORDER BY reading DESC, time) AS n FROM diff_text WHERE time >= '2024-03-01 11:40+00' AND time < '2024-03-01 13:40+00') ranked WHERE n <= 5;

-- fallback
SELECT count(*) FROM (SELECT location, reading, row_number() OVER (PARTITION BY location ORDER BY reading DESC, time) AS n FROM diff_text WHERE time >= '2024-03-07 04:25+00' AND time < '2024-03-07 05:25+00') ranked WHERE n <= 1;

-- fallback
SELECT count(*) FROM (SELECT location, reading, row_number() OVER (PARTITION BY location ORDER BY reading DESC, time) AS n FROM diff_text WHERE time >= '2024-03-02 07:25+00' AND time < '2024-03-02 09:25+00') ranked WHERE n <= 3;

-- fallback
SELECT count(*) FROM (SELECT location, reading, row_number() OVER (PARTITION BY location ORDER BY reading DESC, time) AS n FROM diff_text WHERE time >= '2024-03-08 13:10+00' AND time < '2024-03-08 15:10+00') ranked WHERE n <= 3;

-- fallback
SELECT count(*) FROM (SELECT location, reading, row_number() OVER (PARTITION BY location ORDER BY reading DESC, time) AS n FROM diff_text WHERE time >= '2024-03-08 13:00+00' AND time < '2024-03-08 15:00+00') ranked WHERE n <= 2;

-- fallback
SELECT count(*) FROM (SELECT location, reading, row_number() OVER (PARTITION BY location ORDER BY reading DESC, time) AS n FROM diff_text WHERE time >= '2024-03-05 03:25+00' AND time < '2024-03-05 04:25+00') ranked WHERE n <= 1;

-- partial: distinct float values that agree to seven digits
SELECT DISTINCT t.temperature, t.reading FROM diff_text AS t;

-- ===== Evaluated subqueries: uncorrelated IN (SELECT ...) over local tables, answered at home first =====

-- partial: NOT IN, evaluated
SELECT count(*), sum(reading) FROM diff_text WHERE location NOT IN (SELECT location FROM diff_places WHERE region = 'Europe') AND time >= '2024-03-02 00:00+00' AND time < '2024-03-02 06:00+00';

-- partial: an empty subquery result
SELECT count(*) FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE region = 'Antarctica') AND time < '2024-03-02 00:00+00';

-- partial: NOT IN an empty subquery result keeps every row
SELECT count(*) FROM diff_text WHERE location NOT IN (SELECT location FROM diff_places WHERE region = 'Antarctica') AND time < '2024-03-02 00:00+00';

-- partial: a NULL among the values: NOT IN matches nothing
SELECT count(*) FROM diff_text WHERE location NOT IN (SELECT CASE WHEN region = 'Asia' THEN NULL ELSE location END FROM diff_places) AND time < '2024-03-02 00:00+00';

-- partial: a NULL among the values: IN still matches the others
SELECT count(*) FROM diff_text WHERE location IN (SELECT CASE WHEN region = 'Asia' THEN NULL ELSE location END FROM diff_places) AND time < '2024-03-02 00:00+00';

-- full: the values on one node: chunk exclusion reads them
SELECT location, count(*) FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE location IN ('paris', 'Zürich')) AND time >= '2024-03-03 00:00+00' AND time < '2024-03-04 00:00+00' GROUP BY location ORDER BY location;

-- partial: a subquery with ORDER BY and LIMIT
SELECT count(*), max(temperature) FROM diff_text WHERE location IN (SELECT location FROM diff_places ORDER BY location LIMIT 3) AND time < '2024-03-01 12:00+00';

-- partial: on a column that is no dimension, of another type than the subquery's
SELECT count(*), sum(value) FROM diff_num WHERE device IN (SELECT length(location)::bigint FROM diff_places) AND time < '2024-03-02 00:00+00';

-- full: a qualified column and two evaluated subqueries
SELECT t.location, t.time, t.reading FROM diff_text t WHERE t.location IN (SELECT location FROM diff_places WHERE region = 'Americas') AND t.location NOT IN (SELECT location FROM diff_places WHERE location LIKE 'L%') AND t.time >= '2024-03-06 00:00+00' AND t.time < '2024-03-06 00:10+00' ORDER BY t.time, t.location;

-- partial: text values with quotes and backslashes
SELECT count(*) FROM diff_text WHERE note IN (SELECT v FROM (VALUES ('it''s fine'), ('ok '), ('back\slash')) AS n(v)) AND time < '2024-03-03 00:00+00';

-- fallback: a correlated subquery is not evaluated alone
SELECT count(*) FROM diff_text t WHERE t.location IN (SELECT p.location FROM diff_places p WHERE p.location = t.location AND p.region = 'Europe') AND t.time < '2024-03-01 06:00+00';

-- fallback: a subquery reading the hypertable is not evaluated
SELECT count(*) FROM diff_text WHERE location IN (SELECT location FROM diff_text WHERE reading > 9990) AND time < '2024-03-01 06:00+00';

-- fallback: an evaluated subquery inside a join still runs at home
SELECT d.region, count(*) FROM diff_text t JOIN diff_places d USING (location) WHERE t.location IN (SELECT location FROM diff_places WHERE region <> 'Asia') AND t.time < '2024-03-01 03:00+00' GROUP BY d.region ORDER BY d.region;

-- partial: TSBS's single-groupby shape, hosts by a lookup table
SELECT time_bucket('60 seconds', time) AS minute, max(temperature) AS max_temperature FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE location IN ('Berlin', 'cairo', 'Lima')) AND time >= '2024-03-04 10:00:00 +0000' AND time < '2024-03-04 11:00:00 +0000' GROUP BY minute ORDER BY minute ASC;

-- ===== Pushed CTEs: a CTE that aggregates the one hypertable runs on the nodes, the statement at home =====

-- pushed: TSBS's double-groupby shape, joined with a local table
WITH text_avg AS (SELECT time_bucket('3600 seconds', time) AS hour, location, avg(temperature) AS mean_temperature, avg(reading) AS mean_reading FROM diff_text WHERE time >= '2024-03-04 06:00:00 +0000' AND time < '2024-03-04 18:00:00 +0000' GROUP BY 1, 2) SELECT hour, p.region, text_avg.location, mean_temperature, mean_reading FROM text_avg JOIN diff_places p ON text_avg.location = p.location ORDER BY hour, p.region, text_avg.location;

-- pushed: the CTE groups by another column than the space column (partial aggregates)
WITH per_flag AS (SELECT flag, count(*) AS n, sum(reading) AS total FROM diff_text WHERE time < '2024-03-02 00:00+00' GROUP BY flag) SELECT flag, n, total, n * 2 FROM per_flag ORDER BY flag NULLS FIRST;

-- pushed: a CTE with ORDER BY and LIMIT, read twice
WITH top AS (SELECT location, time, reading FROM diff_text WHERE time < '2024-03-03 00:00+00' ORDER BY reading DESC NULLS LAST, time, location LIMIT 7) SELECT count(*), (SELECT max(reading) FROM top) FROM top;

-- fallback: no chunk can match: the home database answers over no foreign table
WITH none AS (SELECT location, count(*) AS n FROM diff_text WHERE time < '2024-01-01 00:00+00' GROUP BY location) SELECT count(*) FROM none;

-- pushed: a CTE with an evaluated subquery, and columns of several types with duplicate names
WITH s AS (SELECT location, max(time), min(time), max(humidity), bool_or(flag) FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE region = 'Europe') AND time < '2024-03-02 00:00+00' GROUP BY location) SELECT * FROM s ORDER BY location;

-- pushed: MATERIALIZED and a column list
WITH m (loc, n) AS MATERIALIZED (SELECT location, count(*) FROM diff_text WHERE time >= '2024-03-06 00:00+00' AND time < '2024-03-06 01:00+00' GROUP BY location) SELECT d.region, sum(m.n) FROM m LEFT JOIN diff_places d ON d.location = m.loc GROUP BY d.region ORDER BY d.region NULLS LAST;

-- fallback: the rest of the statement reads the hypertable too
WITH w AS (SELECT location, count(*) AS n FROM diff_text WHERE time < '2024-03-01 01:00+00' GROUP BY location) SELECT w.location, w.n, (SELECT count(*) FROM diff_text t WHERE t.location = w.location AND t.time < '2024-03-01 00:10+00') FROM w ORDER BY w.location;

-- fallback: a CTE of raw rows goes the foreign tables' way
WITH raw AS (SELECT location, reading FROM diff_text WHERE time < '2024-03-01 00:05+00') SELECT location, sum(reading) FROM raw GROUP BY location ORDER BY location;

-- pushed: a derived table that aggregates the hypertable, joined with a local table
SELECT p.region, sum(s.n), max(s.top) FROM (SELECT location, count(*) AS n, max(reading) AS top FROM diff_text WHERE time >= '2024-03-02 00:00+00' AND time < '2024-03-02 06:00+00' GROUP BY location) s JOIN diff_places p ON p.location = s.location GROUP BY p.region ORDER BY p.region;

-- pushed: a derived table with DISTINCT, counted
SELECT count(*) FROM (SELECT DISTINCT device FROM diff_num WHERE time < '2024-03-03 00:00+00') d;

-- pushed: a derived table inside a CTE
WITH w AS (SELECT * FROM (SELECT time_bucket('1 day', time) AS day, avg(value) AS mean FROM diff_num WHERE device IN (1, 6, 13) GROUP BY 1) daily WHERE mean IS NOT NULL) SELECT count(*), min(day), max(day) FROM w;

-- pushed: a LATERAL subquery referring to the outer query by one equality reads its first rows per place from the nodes
SELECT p.location, b.reading FROM diff_places p CROSS JOIN LATERAL (SELECT reading FROM diff_text t WHERE t.location = p.location AND t.time < '2024-03-01 01:00+00' ORDER BY t.time DESC LIMIT 1) b ORDER BY p.location;

-- fallback: a subquery calling a volatile function is PostgreSQL's to run (and EXPLAIN's not to)
SELECT count(*) FROM diff_text WHERE location IN (SELECT location FROM diff_places WHERE random() >= 0) AND time < '2024-03-01 06:00+00';

-- partial: a built-in function that is not volatile does not keep the subquery from being evaluated
SELECT count(*) FROM diff_text WHERE location IN (SELECT lower(location) FROM diff_places) AND time < '2024-03-01 06:00+00';

-- ===== Joins (issue 11): local tables, both hypertables, self-joins, aggregated derived tables =====

-- fallback: a regional dashboard: 15-minute buckets joined with the lookup table
SELECT time_bucket('15 minutes', t.time) AS bucket, p.region, avg(t.temperature), count(*) FROM diff_text t JOIN diff_places p ON p.location = t.location WHERE t.time >= '2024-03-02 06:00+00' AND t.time < '2024-03-02 08:00+00' GROUP BY bucket, p.region ORDER BY bucket, p.region;

-- fallback: RIGHT JOIN keeps the places without rows (Perth, Quito)
SELECT p.location, p.region, count(t.reading), max(t.reading) FROM diff_text t RIGHT JOIN diff_places p ON p.location = t.location AND t.time >= '2024-03-06 12:00+00' AND t.time < '2024-03-06 13:00+00' GROUP BY p.location, p.region ORDER BY p.location;

-- pushed: FULL JOIN of an aggregated derived table with the lookup table
SELECT coalesce(s.location, p.location) AS location, p.region, s.n FROM (SELECT location, count(*) AS n FROM diff_text WHERE time >= '2024-03-07 00:00+00' AND time < '2024-03-07 00:30+00' GROUP BY location) s FULL JOIN diff_places p ON p.location = s.location ORDER BY 1;

-- fallback: NATURAL JOIN on the one column the tables share
SELECT location, region, count(*), min(reading) FROM diff_text NATURAL JOIN diff_places WHERE time >= '2024-03-03 12:00+00' AND time < '2024-03-03 12:20+00' GROUP BY location, region ORDER BY location;

-- fallback: an anti-join by LEFT JOIN ... IS NULL finds the locations the lookup table lacks
SELECT DISTINCT t.location FROM diff_text t LEFT JOIN diff_places p USING (location) WHERE p.region IS NULL AND t.time < '2024-03-01 01:00+00' ORDER BY 1;

-- fallback: a join with VALUES holding per-location thresholds
SELECT t.location, count(*) FILTER (WHERE t.temperature > v.limit_c) AS above, count(*) AS total FROM diff_text t JOIN (VALUES ('Berlin', 25.0), ('cairo', 30.0), ('oslo', 20.0)) AS v(location, limit_c) USING (location) WHERE t.time >= '2024-03-04 00:00+00' AND t.time < '2024-03-05 00:00+00' GROUP BY t.location ORDER BY t.location;

-- fallback: hourly aggregates of both hypertables joined on the bucket (two hypertables: not pushed)
SELECT t.hour, t.mean_t, n.mean_v FROM (SELECT time_bucket('1 hour', time) AS hour, avg(temperature) AS mean_t FROM diff_text WHERE location = 'Berlin' AND time >= '2024-03-03 00:00+00' AND time < '2024-03-03 06:00+00' GROUP BY 1) t JOIN (SELECT time_bucket('1 hour', time) AS hour, avg(value) AS mean_v FROM diff_num WHERE device = 1 AND time >= '2024-03-03 00:00+00' AND time < '2024-03-03 06:00+00' GROUP BY 1) n USING (hour) ORDER BY hour;

-- fallback: LEFT JOIN of the hypertables: device 1 reports on even minutes only
SELECT t.time, t.reading, n.value FROM diff_text t LEFT JOIN diff_num n ON n.time = t.time AND n.device = 1 WHERE t.location = 'Berlin' AND t.time >= '2024-03-05 10:00+00' AND t.time < '2024-03-05 10:20+00' ORDER BY t.time;

-- fallback: FULL JOIN of two overlapping windows of the two hypertables
SELECT coalesce(t.time, n.time) AS time, t.reading, n.level FROM (SELECT time, reading FROM diff_text WHERE location = 'Berlin' AND time >= '2024-03-02 00:00+00' AND time < '2024-03-02 00:10+00') t FULL JOIN (SELECT time, level FROM diff_num WHERE device = 1 AND time >= '2024-03-02 00:05+00' AND time < '2024-03-02 00:15+00') n ON n.time = t.time ORDER BY 1;

-- fallback: a self-join on a time range: paris' row within the minute after each of Berlin's
SELECT a.time, a.temperature AS berlin, b.temperature AS paris FROM diff_text a JOIN diff_text b ON b.location = 'paris' AND b.time >= a.time AND b.time < a.time + interval '1 minute' WHERE a.location = 'Berlin' AND a.time >= '2024-03-04 12:00+00' AND a.time < '2024-03-04 12:15+00' ORDER BY a.time;

-- fallback: a self-join of consecutive rows: jumps of more than 1500 from one minute to the next
SELECT count(*), min(a.time), max(a.time) FROM diff_text a JOIN diff_text b ON b.location = a.location AND b.time BETWEEN a.time - interval '61 seconds' AND a.time - interval '59 seconds' WHERE a.location = 'oslo' AND a.time >= '2024-03-08 00:00+00' AND a.time < '2024-03-08 02:00+00' AND abs(a.reading - b.reading) > 1500;

-- fallback: rows above their location's mean for the hour, by a join with an aggregated derived table
SELECT t.location, count(*) FROM diff_text t JOIN (SELECT location, avg(temperature) AS mean FROM diff_text WHERE time >= '2024-03-02 12:00+00' AND time < '2024-03-02 13:00+00' GROUP BY location) m USING (location) WHERE t.time >= '2024-03-02 12:00+00' AND t.time < '2024-03-02 13:00+00' AND t.temperature > m.mean GROUP BY t.location ORDER BY t.location;

-- fallback: when each device reached its maximum of the day
SELECT n.device, n.time, n.value FROM diff_num n JOIN (SELECT device, max(value) AS top FROM diff_num WHERE time >= '2024-03-06 00:00+00' AND time < '2024-03-07 00:00+00' GROUP BY device) m ON m.device = n.device AND m.top = n.value WHERE n.time >= '2024-03-06 00:00+00' AND n.time < '2024-03-07 00:00+00' ORDER BY n.device, n.time;

-- fallback: three tables: both hypertables and the lookup table
SELECT p.region, n.status, count(*), sum(t.reading) FROM diff_text t JOIN diff_places p USING (location) JOIN diff_num n ON n.time = t.time AND n.device = 1 WHERE t.time >= '2024-03-07 00:00+00' AND t.time < '2024-03-07 03:00+00' GROUP BY p.region, n.status ORDER BY 1, 2 NULLS FIRST;

-- fallback: a device-to-place mapping numbered by a window function, joined with diff_num
SELECT d.location, count(*), avg(n.value) FROM diff_num n JOIN (SELECT location, row_number() OVER (ORDER BY location) AS device FROM diff_places) d ON d.device = n.device WHERE n.time >= '2024-03-05 06:00+00' AND n.time < '2024-03-05 07:00+00' GROUP BY d.location ORDER BY d.location;

-- fallback: USING (time) merges the two time columns
SELECT time, t.location, n.device, t.reading + n.level % 1000 AS mixed FROM diff_text t JOIN diff_num n USING (time) WHERE time >= '2024-03-08 20:00+00' AND time < '2024-03-08 20:10+00' ORDER BY time;

-- fallback: a join condition on an expression of both sides
SELECT t.location, n.device, t.time, n.time FROM diff_text t JOIN diff_num n ON n.device = length(t.location) AND n.time >= t.time AND n.time < t.time + interval '30 seconds' WHERE t.time >= '2024-03-01 18:00+00' AND t.time < '2024-03-01 18:04+00' AND n.time >= '2024-03-01 18:00+00' AND n.time < '2024-03-01 18:05+00' ORDER BY t.time, n.device;

-- fallback: an inner join with the lookup table filtered on both sides, ordered by the local column
SELECT p.region, t.location, t.time, t.humidity FROM diff_text t INNER JOIN diff_places p ON p.location = t.location AND p.region IN ('Africa', 'Asia') WHERE t.time >= '2024-03-05 23:58+00' AND t.time < '2024-03-06 00:02+00' ORDER BY p.region, t.time;

-- ===== CTEs (issue 11): chained, MATERIALIZED / NOT MATERIALIZED, WITH RECURSIVE =====

-- pushed: chained CTEs: hourly maxima, then the hottest location of every hour
WITH hourly AS (SELECT time_bucket('1 hour', time) AS hour, location, max(temperature) AS top FROM diff_text WHERE time >= '2024-03-03 00:00+00' AND time < '2024-03-03 06:00+00' GROUP BY 1, 2), ranked AS (SELECT hour, location, top, rank() OVER (PARTITION BY hour ORDER BY top DESC, location) AS r FROM hourly) SELECT hour, location, top FROM ranked WHERE r = 1 ORDER BY hour;

-- fallback: a MATERIALIZED CTE of raw rows read three times
WITH w AS MATERIALIZED (SELECT location, reading FROM diff_text WHERE time >= '2024-03-04 04:00+00' AND time < '2024-03-04 04:10+00') SELECT (SELECT count(*) FROM w), (SELECT count(DISTINCT location) FROM w), (SELECT max(reading) FROM w);

-- fallback: NOT MATERIALIZED lets the outer filter reach the scan
WITH recent AS NOT MATERIALIZED (SELECT * FROM diff_num WHERE time >= '2024-03-08 22:00+00') SELECT device, count(*), max(level) FROM recent WHERE device IN (2, 4, 8) GROUP BY device ORDER BY device;

-- fallback: WITH RECURSIVE generates 10-minute slots, left-joined with one location's rows
WITH RECURSIVE slots(s) AS (SELECT timestamptz '2024-03-05 06:00+00' UNION ALL SELECT s + interval '10 minutes' FROM slots WHERE s < '2024-03-05 07:50+00') SELECT slots.s, count(t.time), avg(t.temperature) FROM slots LEFT JOIN diff_text t ON t.location = 'Lima' AND t.time >= slots.s AND t.time < slots.s + interval '10 minutes' GROUP BY slots.s ORDER BY slots.s;

-- fallback: WITH RECURSIVE hours running past the end of the data count zero rows there
WITH RECURSIVE hours(h) AS (SELECT timestamptz '2024-03-08 21:00+00' UNION ALL SELECT h + interval '1 hour' FROM hours WHERE h < '2024-03-09 02:00+00') SELECT hours.h, count(n.time), sum(n.ratio) FROM hours LEFT JOIN diff_num n ON n.time >= hours.h AND n.time < hours.h + interval '1 hour' AND n.device = 12 GROUP BY hours.h ORDER BY hours.h;

-- fallback: a recursive list of devices, each with its last time of the first day
WITH RECURSIVE d(device) AS (SELECT 1 UNION ALL SELECT device + 3 FROM d WHERE device < 16) SELECT d.device, (SELECT max(time) FROM diff_num n WHERE n.device = d.device AND n.time < '2024-03-02 00:00+00') FROM d ORDER BY 1;

-- fallback: a recursive walk: each step finds Berlin's next reading above 900
WITH RECURSIVE hits(at, step) AS (SELECT timestamptz '2024-03-03 00:00+00', 0 UNION ALL SELECT (SELECT min(x.time) FROM diff_text x WHERE x.location = 'Berlin' AND x.time > h.at AND x.time < '2024-03-04 00:00+00' AND x.reading > 900), step + 1 FROM hits h WHERE step < 5) SELECT step, at FROM hits ORDER BY step;

-- pushed: a CTE joined with the lookup table, places without hot rows counted as zero
WITH hot AS (SELECT location, count(*) AS n FROM diff_text WHERE temperature > 30 AND time >= '2024-03-01 00:00+00' AND time < '2024-03-02 00:00+00' GROUP BY location) SELECT p.region, coalesce(sum(h.n), 0) AS hot_rows FROM diff_places p LEFT JOIN hot h USING (location) GROUP BY p.region ORDER BY p.region;

-- fallback: two CTEs, one per hypertable, joined on the day
WITH t AS (SELECT time_bucket('1 day', time) AS day, count(*) AS text_rows FROM diff_text GROUP BY 1), n AS (SELECT time_bucket('1 day', time) AS day, count(*) AS num_rows FROM diff_num GROUP BY 1) SELECT day, text_rows, num_rows FROM t FULL JOIN n USING (day) ORDER BY day;

-- fallback: a CTE of VALUES and a CTE of rows
WITH thresholds(location, lo, hi) AS (VALUES ('paris', 10.0, 30.0), ('Tokyo', 15.0, 25.0)), readings AS (SELECT location, temperature FROM diff_text WHERE time >= '2024-03-06 00:00+00' AND time < '2024-03-06 04:00+00') SELECT r.location, count(*) FILTER (WHERE r.temperature < th.lo) AS cold, count(*) FILTER (WHERE r.temperature > th.hi) AS hot FROM readings r JOIN thresholds th USING (location) GROUP BY r.location ORDER BY r.location;

-- pushed: a CTE with HAVING, read by EXISTS
WITH failing AS (SELECT device FROM diff_num WHERE status = 'error' AND time >= '2024-03-02 00:00+00' AND time < '2024-03-02 01:00+00' GROUP BY device HAVING count(*) >= 5) SELECT d FROM generate_series(1, 16) d WHERE EXISTS (SELECT 1 FROM failing f WHERE f.device = d) ORDER BY d;

-- pushed: a CTE with a column list, lag over its rows
WITH daily(day, device, total) AS (SELECT time_bucket('1 day', time), device, sum(level) FROM diff_num WHERE device <= 3 GROUP BY 1, 2) SELECT day, device, total, total - lag(total) OVER (PARTITION BY device ORDER BY day) AS change FROM daily ORDER BY device, day;

-- fallback: a WITH inside a derived table is not pushed
SELECT location, n FROM (WITH c AS (SELECT location, count(*) AS n FROM diff_text WHERE note = 'ok' AND time < '2024-03-01 12:00+00' GROUP BY location) SELECT * FROM c WHERE n > 10) s ORDER BY location;

-- pushed: a CTE over a CTE: each location's share of the flagged rows
WITH per_location AS (SELECT location, count(*) AS n FROM diff_text WHERE flag AND time >= '2024-03-02 00:00+00' AND time < '2024-03-03 00:00+00' GROUP BY location), total AS (SELECT sum(n) AS all_n FROM per_location) SELECT location, n, round(100.0 * n / all_n, 3) AS percent FROM per_location, total ORDER BY location;

-- fallback: the CTE reads one hypertable, the statement the other
WITH berlin AS (SELECT time, reading FROM diff_text WHERE location = 'Berlin' AND time >= '2024-03-06 06:00+00' AND time < '2024-03-06 06:30+00') SELECT b.time, b.reading, n.status FROM berlin b JOIN diff_num n ON n.time = b.time AND n.device = 1 ORDER BY b.time;

-- pushed: a MATERIALIZED aggregate CTE referenced twice
WITH per_device AS MATERIALIZED (SELECT device, avg(value) AS mean FROM diff_num WHERE time >= '2024-03-07 00:00+00' AND time < '2024-03-07 12:00+00' GROUP BY device) SELECT a.device, b.device, a.mean - b.mean AS gap FROM per_device a JOIN per_device b ON b.device = a.device + 1 ORDER BY a.device;

-- ===== Subqueries (issue 11): scalar, EXISTS, IN / NOT IN with NULLs, ANY / ALL, LATERAL =====

-- fallback: an uncorrelated scalar subquery over the hypertable: paris' rows above the day's mean of all locations
SELECT count(*) FROM diff_text WHERE location = 'paris' AND time >= '2024-03-07 00:00+00' AND time < '2024-03-08 00:00+00' AND temperature > (SELECT avg(temperature) FROM diff_text WHERE time >= '2024-03-07 00:00+00' AND time < '2024-03-08 00:00+00');

-- fallback: a correlated scalar subquery per place
SELECT p.location, (SELECT count(*) FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-05 12:00+00' AND t.time < '2024-03-05 13:00+00' AND t.flag) AS flagged FROM diff_places p ORDER BY p.location;

-- fallback: a correlated scalar subquery into the other hypertable
SELECT t.time, t.reading, (SELECT n.value FROM diff_num n WHERE n.device = 1 AND n.time = t.time) AS device_1 FROM diff_text t WHERE t.location = 'Berlin' AND t.time >= '2024-03-06 03:00+00' AND t.time < '2024-03-06 03:10+00' ORDER BY t.time;

-- fallback: EXISTS over the hypertable, grouped by the local table's column
SELECT p.region, count(*) FROM diff_places p WHERE EXISTS (SELECT 1 FROM diff_text t WHERE t.location = p.location AND t.note = 'Error' AND t.time >= '2024-03-04 00:00+00' AND t.time < '2024-03-04 01:00+00') GROUP BY p.region ORDER BY p.region;

-- fallback: NOT EXISTS finds the devices not running in a window (17 and 18 have no rows at all)
SELECT d FROM generate_series(1, 18) d WHERE NOT EXISTS (SELECT 1 FROM diff_num n WHERE n.device = d AND n.time >= '2024-03-03 00:00+00' AND n.time < '2024-03-03 00:10+00' AND n.status = 'running') ORDER BY d;

-- fallback: IN over a hypertable subquery that yields NULLs still matches the others
SELECT p.location FROM diff_places p WHERE p.location IN (SELECT CASE WHEN t.flag THEN t.location END FROM diff_text t WHERE t.time >= '2024-03-02 05:00+00' AND t.time < '2024-03-02 05:03+00') ORDER BY 1;

-- fallback: NOT IN over a hypertable subquery that yields a NULL matches nothing
SELECT p.location FROM diff_places p WHERE p.location NOT IN (SELECT CASE WHEN t.flag THEN t.location END FROM diff_text t WHERE t.time >= '2024-03-02 05:00+00' AND t.time < '2024-03-02 05:03+00');

-- fallback: NOT IN without NULLs: the places that have no rows
SELECT p.location FROM diff_places p WHERE p.location NOT IN (SELECT t.location FROM diff_text t WHERE t.time >= '2024-03-02 05:00+00' AND t.time < '2024-03-02 05:03+00') ORDER BY 1;

-- fallback: NOT IN between the hypertables, on a column with NULLs on the outer side
SELECT count(*), count(reading) FROM diff_text WHERE location = 'austin' AND time >= '2024-03-01 10:00+00' AND time < '2024-03-01 14:00+00' AND reading NOT IN (SELECT (level % 2001 - 1000)::integer FROM diff_num WHERE device = 5 AND level IS NOT NULL AND time >= '2024-03-01 10:00+00' AND time < '2024-03-01 14:00+00');

-- fallback: = ANY over a subquery of the lookup table
SELECT time, device, value FROM diff_num WHERE time >= '2024-03-04 08:00+00' AND time < '2024-03-04 08:10+00' AND device = ANY (SELECT length(location) FROM diff_places WHERE region = 'Europe') ORDER BY time, device;

-- fallback: > ALL over another location's readings
SELECT location, time, reading FROM diff_text WHERE time >= '2024-03-05 18:00+00' AND time < '2024-03-05 18:30+00' AND reading > ALL (SELECT reading FROM diff_text WHERE location = 'Lima' AND time >= '2024-03-05 18:00+00' AND time < '2024-03-05 18:30+00' AND reading IS NOT NULL) ORDER BY time, location;

-- fallback: < ANY over only NULLs (cairo has no temperature on 2024-03-03) is never true
SELECT count(*) FROM diff_text WHERE location = 'Tokyo' AND time >= '2024-03-03 00:00+00' AND time < '2024-03-03 01:00+00' AND temperature < ANY (SELECT temperature FROM diff_text WHERE location = 'cairo' AND time >= '2024-03-03 00:00+00' AND time < '2024-03-03 00:05+00');

-- fallback: NOT (x = ALL (...)) over an empty subquery
SELECT count(*) FROM diff_num WHERE device = 2 AND time >= '2024-03-03 00:00+00' AND time < '2024-03-03 01:00+00' AND NOT (value = ALL (SELECT value FROM diff_num WHERE device = 99));

-- fallback: TSBS's lastpoint: the newest row of every device by LATERAL ... ORDER BY time DESC LIMIT 1
SELECT d.device, l.time, l.value, l.status FROM generate_series(1, 16) AS d(device) CROSS JOIN LATERAL (SELECT time, value, status FROM diff_num n WHERE n.device = d.device ORDER BY time DESC LIMIT 1) l ORDER BY d.device;

-- pushed: the three hottest rows of every place in a day by LATERAL
SELECT p.location, x.time, x.temperature FROM diff_places p JOIN LATERAL (SELECT time, temperature FROM diff_text t WHERE t.location = p.location AND t.time >= '2024-03-02 00:00+00' AND t.time < '2024-03-03 00:00+00' AND t.temperature IS NOT NULL ORDER BY t.temperature DESC, t.time LIMIT 3) x ON true ORDER BY p.location, x.temperature DESC, x.time;

-- pushed: LEFT JOIN LATERAL keeps the places with no matching row
SELECT p.location, x.time, x.note FROM diff_places p LEFT JOIN LATERAL (SELECT time, note FROM diff_text t WHERE t.location = p.location AND t.note = 'maintenance' AND t.time < '2024-03-01 06:00+00' ORDER BY time LIMIT 1) x ON true ORDER BY p.location;

-- fallback: LATERAL from one hypertable into the other: the mean temperature of the minute before each reading
SELECT n.time, n.value, x.mean, x.rows FROM diff_num n CROSS JOIN LATERAL (SELECT avg(t.temperature) AS mean, count(*) AS rows FROM diff_text t WHERE t.time >= n.time - interval '1 minute' AND t.time < n.time) x WHERE n.device = 7 AND n.time >= '2024-03-07 10:00+00' AND n.time < '2024-03-07 10:20+00' ORDER BY n.time;

-- fallback: a scalar subquery in HAVING
SELECT location, avg(reading) FROM diff_text WHERE time >= '2024-03-01 06:00+00' AND time < '2024-03-01 07:00+00' GROUP BY location HAVING avg(reading) > (SELECT avg(reading) FROM diff_text WHERE time >= '2024-03-01 06:00+00' AND time < '2024-03-01 07:00+00') ORDER BY location;

-- fallback: lastpoint by a row IN (SELECT device, max(time) ...)
SELECT device, time, value FROM diff_num WHERE time < '2024-03-03 00:00+00' AND (device, time) IN (SELECT device, max(time) FROM diff_num WHERE time < '2024-03-03 00:00+00' GROUP BY device) ORDER BY device;

-- fallback: a correlated EXISTS into the other hypertable
SELECT count(*), min(t.time) FROM diff_text t WHERE t.location = 'Berlin' AND t.time >= '2024-03-02 00:00+00' AND t.time < '2024-03-02 12:00+00' AND EXISTS (SELECT 1 FROM diff_num n WHERE n.device = 1 AND n.time = t.time AND n.status = 'error');

-- fallback: a scalar subquery in the select list, compared with the row's own value
SELECT time, device, value, value > (SELECT avg(value) FROM diff_num WHERE device = 10 AND time >= '2024-03-04 00:00+00' AND time < '2024-03-05 00:00+00') AS above_day FROM diff_num WHERE device = 10 AND time >= '2024-03-04 12:00+00' AND time < '2024-03-04 12:20+00' ORDER BY time;

-- fallback: a scalar subquery with no row gives NULL
SELECT location, reading, (SELECT reading FROM diff_text x WHERE x.location = t.location AND x.time < '2024-01-01 00:00+00') AS none FROM diff_text t WHERE t.time >= '2024-03-03 03:00+00' AND t.time < '2024-03-03 03:01+00' ORDER BY location;

-- ===== Window functions (issue 11): frames, named windows, lag / lead, ranks, running sums =====

-- fallback: a running sum over hourly buckets (a window over an aggregate)
SELECT time_bucket('1 hour', time) AS hour, sum(reading) AS total, sum(sum(reading)) OVER (ORDER BY time_bucket('1 hour', time)) AS running FROM diff_text WHERE location = 'Tokyo' AND time >= '2024-03-04 00:00+00' AND time < '2024-03-04 12:00+00' GROUP BY 1 ORDER BY 1;

-- fallback: a moving 10-minute mean by a RANGE frame with an interval offset
SELECT time, value, avg(value) OVER (ORDER BY time RANGE BETWEEN interval '10 minutes' PRECEDING AND CURRENT ROW) AS moving FROM diff_num WHERE device = 3 AND time >= '2024-03-03 09:00+00' AND time < '2024-03-03 10:00+00' ORDER BY time;

-- fallback: a GROUPS frame over 5-minute buckets: this bucket and the one before
SELECT location, time, reading, sum(reading) OVER (PARTITION BY location ORDER BY time_bucket('5 minutes', time) GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) AS two_buckets FROM diff_text WHERE location IN ('oslo', 'austin') AND time >= '2024-03-06 00:00+00' AND time < '2024-03-06 00:20+00' ORDER BY location, time;

-- fallback: a named window shared by lag and lead
SELECT time, temperature, lag(temperature) OVER w AS previous, lead(temperature, 2) OVER w AS after_next FROM diff_text WHERE location = 'new york' AND time >= '2024-03-08 06:00+00' AND time < '2024-03-08 06:15+00' WINDOW w AS (ORDER BY time) ORDER BY time;

-- fallback: a day's opening and closing value per device, by first_value and last_value over a whole partition
SELECT DISTINCT device, first_value(value) OVER w AS opening, last_value(value) OVER w AS closing FROM diff_num WHERE time >= '2024-03-02 00:00+00' AND time < '2024-03-03 00:00+00' AND device IN (2, 9, 14) WINDOW w AS (PARTITION BY device ORDER BY time ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY device;

-- pushed: ntile over an aggregated derived table
SELECT location, mean, ntile(3) OVER (ORDER BY mean DESC, location) AS tercile FROM (SELECT location, avg(temperature) AS mean FROM diff_text WHERE time >= '2024-03-05 00:00+00' AND time < '2024-03-05 06:00+00' GROUP BY location) s ORDER BY location;

-- fallback: rank within a region and dense_rank over all, after a join
SELECT region, location, n, rank() OVER (PARTITION BY region ORDER BY n DESC) AS in_region, dense_rank() OVER (ORDER BY n DESC) AS overall FROM (SELECT p.region, t.location, count(*) AS n FROM diff_text t JOIN diff_places p USING (location) WHERE t.reading > 500 AND t.time >= '2024-03-01 00:00+00' AND t.time < '2024-03-01 12:00+00' GROUP BY 1, 2) s ORDER BY region, location;

-- pushed: percent_rank and cume_dist of per-device totals
SELECT device, total, percent_rank() OVER (ORDER BY total), cume_dist() OVER (ORDER BY total) FROM (SELECT device, sum(ratio) AS total FROM diff_num WHERE time >= '2024-03-04 00:00+00' AND time < '2024-03-04 02:00+00' GROUP BY device) s ORDER BY device;

-- fallback: an aggregate with FILTER over a ROWS frame
SELECT location, time, flag, count(*) FILTER (WHERE flag) OVER (PARTITION BY location ORDER BY time ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS flagged_of_last_5 FROM diff_text WHERE location IN ('paris', 'São Paulo') AND time >= '2024-03-07 09:00+00' AND time < '2024-03-07 09:10+00' ORDER BY location, time;

-- fallback: a window over a join of the two hypertables
SELECT t.time, t.reading, n.value, avg(n.value) OVER (ORDER BY t.time ROWS 3 PRECEDING) AS last_4 FROM diff_text t JOIN diff_num n ON n.time = t.time AND n.device = 1 WHERE t.location = 'Berlin' AND t.time >= '2024-03-06 18:00+00' AND t.time < '2024-03-06 18:30+00' ORDER BY t.time;

-- fallback: a centred frame that excludes the current row
SELECT location, time, reading, sum(reading) OVER (PARTITION BY location ORDER BY time ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE CURRENT ROW) AS neighbours FROM diff_text WHERE location = 'lagos' AND time >= '2024-03-02 22:00+00' AND time < '2024-03-02 22:12+00' ORDER BY time;

-- fallback: gaps between NULL values found by lead over time
SELECT time, next_time - time AS gap FROM (SELECT time, lead(time) OVER (ORDER BY time) AS next_time FROM diff_num WHERE device = 11 AND value IS NULL AND time >= '2024-03-05 00:00+00' AND time < '2024-03-06 00:00+00') s ORDER BY time;

-- fallback: the newest non-NULL note of every location by row_number
SELECT location, time, note FROM (SELECT location, time, note, row_number() OVER (PARTITION BY location ORDER BY time DESC) AS rn FROM diff_text WHERE note IS NOT NULL AND time >= '2024-03-08 23:00+00') s WHERE rn = 1 ORDER BY location;

-- fallback: nth_value over a whole partition
SELECT DISTINCT location, nth_value(reading, 3) OVER (PARTITION BY location ORDER BY time ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS third FROM diff_text WHERE time >= '2024-03-02 10:00+00' AND time < '2024-03-02 10:10+00';

-- fallback: a window function in ORDER BY only
SELECT device, time, level FROM diff_num WHERE time >= '2024-03-08 12:00+00' AND time < '2024-03-08 12:30+00' AND device IN (3, 6, 9) ORDER BY rank() OVER (PARTITION BY device ORDER BY level DESC NULLS LAST, time), device LIMIT 10;

-- fallback: each status' share of the hour, by a window over count(*)
SELECT time_bucket('1 hour', time) AS hour, status, count(*), round(100.0 * count(*) / sum(count(*)) OVER (PARTITION BY time_bucket('1 hour', time)), 2) AS share FROM diff_num WHERE time >= '2024-03-07 00:00+00' AND time < '2024-03-07 03:00+00' GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST;

-- fallback: a difference from the partition's average and a running count
SELECT device, time, value - avg(value) OVER (PARTITION BY device) AS from_mean, count(value) OVER (PARTITION BY device ORDER BY time) AS seen FROM diff_num WHERE device IN (13, 16) AND time >= '2024-03-01 03:00+00' AND time < '2024-03-01 03:20+00' ORDER BY device, time;

-- ===== Set operations (issue 11): UNION [ALL], INTERSECT [ALL], EXCEPT [ALL], parenthesised branches =====

-- fallback: both hypertables in one time line
SELECT time, 'text' AS source, reading::float8 AS v FROM diff_text WHERE location = 'Berlin' AND time >= '2024-03-04 09:00+00' AND time < '2024-03-04 09:05+00' UNION ALL SELECT time, 'num', value FROM diff_num WHERE device = 1 AND time >= '2024-03-04 09:00+00' AND time < '2024-03-04 09:05+00' ORDER BY time, source;

-- fallback: INTERSECT of the times of the two hypertables
SELECT time FROM diff_text WHERE location = 'Berlin' AND time >= '2024-03-06 00:00+00' AND time < '2024-03-06 01:00+00' INTERSECT SELECT time FROM diff_num WHERE time >= '2024-03-06 00:00+00' AND time < '2024-03-06 01:00+00' ORDER BY time;

-- fallback: EXCEPT: Berlin's minutes without a row of device 1
SELECT time FROM diff_text WHERE location = 'Berlin' AND time >= '2024-03-06 00:00+00' AND time < '2024-03-06 00:30+00' EXCEPT SELECT time FROM diff_num WHERE device = 1 AND time >= '2024-03-06 00:00+00' AND time < '2024-03-06 00:30+00';

-- fallback: EXCEPT ALL keeps the surplus of duplicates
SELECT status FROM diff_num WHERE device = 4 AND time >= '2024-03-03 00:00+00' AND time < '2024-03-03 02:00+00' EXCEPT ALL SELECT status FROM diff_num WHERE device = 5 AND time >= '2024-03-03 00:00+00' AND time < '2024-03-03 02:00+00';

-- fallback: INTERSECT ALL of two locations' notes, NULLs included
SELECT note FROM diff_text WHERE location = 'oslo' AND time >= '2024-03-05 00:00+00' AND time < '2024-03-05 01:00+00' INTERSECT ALL SELECT note FROM diff_text WHERE location = 'austin' AND time >= '2024-03-05 00:00+00' AND time < '2024-03-05 01:00+00';

-- fallback: parenthesised branches with their own ORDER BY and LIMIT: the three hottest and coldest rows of a day
(SELECT time, location, temperature FROM diff_text WHERE time >= '2024-03-03 00:00+00' AND time < '2024-03-04 00:00+00' AND temperature IS NOT NULL ORDER BY temperature DESC, time LIMIT 3) UNION ALL (SELECT time, location, temperature FROM diff_text WHERE time >= '2024-03-03 00:00+00' AND time < '2024-03-04 00:00+00' AND temperature IS NOT NULL ORDER BY temperature, time LIMIT 3);

-- fallback: aggregates of both hypertables in parenthesised branches, ordered and limited as a whole
(SELECT device::text AS name, max(value) AS top FROM diff_num WHERE time >= '2024-03-01 00:00+00' AND time < '2024-03-01 06:00+00' GROUP BY device) UNION (SELECT location, max(temperature) FROM diff_text WHERE time >= '2024-03-01 00:00+00' AND time < '2024-03-01 06:00+00' GROUP BY location) ORDER BY top DESC, name LIMIT 5;

-- fallback: the lookup table completed by the locations it lacks
SELECT location, region FROM diff_places UNION SELECT DISTINCT location, 'unknown' FROM diff_text WHERE time < '2024-03-01 00:05+00' AND location NOT IN (SELECT location FROM diff_places) ORDER BY 1, 2;

-- fallback: a UNION inside a derived table, counted
SELECT count(*), count(DISTINCT t), min(t), max(t) FROM (SELECT time AS t FROM diff_text WHERE location = 'Berlin' AND time >= '2024-03-07 00:00+00' AND time < '2024-03-07 02:00+00' UNION SELECT time FROM diff_num WHERE device = 1 AND time >= '2024-03-07 01:00+00' AND time < '2024-03-07 03:00+00') s;

-- fallback: UNION with a parenthesised INTERSECT
SELECT device FROM diff_num WHERE status = 'error' AND value > 85 AND time >= '2024-03-02 00:00+00' AND time < '2024-03-02 06:00+00' UNION (SELECT device FROM diff_num WHERE ok AND time >= '2024-03-02 00:00+00' AND time < '2024-03-02 00:10+00' INTERSECT SELECT device FROM diff_num WHERE value < 20 AND time >= '2024-03-02 00:00+00' AND time < '2024-03-02 06:00+00') ORDER BY 1;

-- fallback: the hour before and after the repartition side by side
SELECT 'before' AS half, location, count(*), sum(reading) FROM diff_text WHERE time >= '2024-03-04 23:00+00' AND time < '2024-03-05 00:00+00' GROUP BY location UNION ALL SELECT 'after', location, count(*), sum(reading) FROM diff_text WHERE time >= '2024-03-05 00:00+00' AND time < '2024-03-05 01:00+00' GROUP BY location ORDER BY location, half;

-- fallback: UNION with VALUES
SELECT location FROM diff_text WHERE time >= '2024-03-08 00:00+00' AND time < '2024-03-08 00:01+00' UNION VALUES ('Perth'), ('nowhere') ORDER BY 1;

-- fallback: the hypertable's locations EXCEPT the lookup table's
SELECT location FROM diff_text WHERE time >= '2024-03-08 00:00+00' AND time < '2024-03-08 00:01+00' EXCEPT SELECT location FROM diff_places ORDER BY 1;

-- fallback: UNION ALL ordered, with LIMIT and OFFSET over the whole
SELECT time, location AS source FROM diff_text WHERE location = 'cairo' AND time >= '2024-03-04 15:00+00' AND time < '2024-03-04 15:05+00' UNION ALL SELECT time, 'device ' || device FROM diff_num WHERE device = 15 AND time >= '2024-03-04 15:00+00' AND time < '2024-03-04 15:05+00' ORDER BY time, source LIMIT 4 OFFSET 2;

-- fallback: INTERSECT of grouped results of both hypertables
SELECT time_bucket('1 hour', time) AS hour FROM diff_text WHERE reading = 1000 GROUP BY 1 INTERSECT SELECT time_bucket('1 hour', time) FROM diff_num WHERE value > 89.9 GROUP BY 1 ORDER BY 1;

-- ===== Grouping sets, GROUP BY ALL / DISTINCT / (), row constructors, whole-row references (issue 11) =====

-- fallback: ROLLUP over a join: per location, per region and the grand total
SELECT p.region, t.location, count(*), sum(t.reading) FROM diff_text t JOIN diff_places p USING (location) WHERE t.time >= '2024-03-02 00:00+00' AND t.time < '2024-03-02 02:00+00' GROUP BY ROLLUP (p.region, t.location) ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- fallback: CUBE with grouping() telling grouped NULLs from NULL values
SELECT status, ok, grouping(status, ok) AS level, count(*) FROM diff_num WHERE time >= '2024-03-06 00:00+00' AND time < '2024-03-06 06:00+00' GROUP BY CUBE (status, ok) ORDER BY 3, 1 NULLS FIRST, 2 NULLS FIRST;

-- fallback: GROUPING SETS of an hourly bucket and the device, by their output names
SELECT time_bucket('1 hour', time) AS hour, device, avg(value), count(*) FROM diff_num WHERE device IN (1, 2) AND time >= '2024-03-04 00:00+00' AND time < '2024-03-04 03:00+00' GROUP BY GROUPING SETS ((hour, device), (hour), (device)) ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- fallback: GROUP BY ALL with a time bucket and a column of NULLs
SELECT time_bucket('1 day', time) AS day, ok, count(*) FROM diff_num WHERE device = 9 GROUP BY ALL day, ok ORDER BY day, ok NULLS FIRST;

-- fallback: GROUP BY DISTINCT drops the grouping sets ROLLUP and CUBE both produce
SELECT p.region, t.flag, grouping(p.region, t.flag) AS level, count(*) FROM diff_text t JOIN diff_places p USING (location) WHERE t.time >= '2024-03-06 00:00+00' AND t.time < '2024-03-06 01:00+00' GROUP BY DISTINCT ROLLUP (p.region, t.flag), CUBE (p.region) ORDER BY 3, 1 NULLS LAST, 2 NULLS LAST;

-- fallback: the same without DISTINCT repeats those groups
SELECT p.region, t.flag, grouping(p.region, t.flag) AS level, count(*) FROM diff_text t JOIN diff_places p USING (location) WHERE t.time >= '2024-03-06 00:00+00' AND t.time < '2024-03-06 01:00+00' GROUP BY ROLLUP (p.region, t.flag), CUBE (p.region);

-- fallback: GROUP BY () with a HAVING that keeps the row
SELECT count(*), min(time), max(time) FROM diff_num WHERE device = 16 AND time >= '2024-03-08 00:00+00' GROUP BY () HAVING count(*) > 100;

-- fallback: GROUP BY () with a HAVING that drops it: no row at all
SELECT count(*), sum(level) FROM diff_num WHERE device = 16 GROUP BY () HAVING count(*) > 1000000;

-- fallback: GROUP BY () over no rows still gives one row
SELECT count(*), max(reading) FROM diff_text WHERE time < '2024-02-01 00:00+00' GROUP BY ();

-- fallback: a ROW constructor as a group key
SELECT ROW(device, status) AS pair, count(*) FROM diff_num WHERE time >= '2024-03-02 00:00+00' AND time < '2024-03-02 01:00+00' AND device <= 3 GROUP BY 1 ORDER BY 1;

-- full: keyset pagination by a row comparison, pushed to the nodes and merged
SELECT time, location, reading FROM diff_text WHERE (location, time) > ('oslo', '2024-03-08 23:55+00') AND time >= '2024-03-08 23:50+00' ORDER BY location, time LIMIT 8;

-- fallback: ROW(...) IN a list of rows
SELECT device, time, ok FROM diff_num WHERE ROW(device, ok) IN (ROW(2, true), ROW(3, false)) AND time >= '2024-03-05 12:00+00' AND time < '2024-03-05 12:20+00' ORDER BY time, device;

-- fallback: a whole-row reference of diff_num, ordered by a column
SELECT c FROM diff_num c WHERE c.device = 3 AND c.time >= '2024-03-05 00:00+00' AND c.time < '2024-03-05 00:10+00' ORDER BY c.time;

-- fallback: whole rows of a hypertable and of the lookup table, side by side
SELECT t, p FROM diff_text t JOIN diff_places p USING (location) WHERE t.time >= '2024-03-07 07:00+00' AND t.time < '2024-03-07 07:01+00' AND p.region = 'Americas';

-- fallback: fields of a whole-row reference
SELECT (t).location, (t).reading, (t).note FROM diff_text t WHERE t.time >= '2024-03-01 05:00+00' AND t.time < '2024-03-01 05:01+00' ORDER BY 1;

-- fallback: whole rows as JSON
SELECT row_to_json(n) FROM diff_num n WHERE n.device = 8 AND n.time >= '2024-03-03 03:00+00' AND n.time < '2024-03-03 03:08+00';

-- fallback: whole-row IS [NOT] NULL tests every column
SELECT count(*) FILTER (WHERE t IS NOT NULL) AS complete, count(*) FILTER (WHERE NOT (t IS NULL)) AS not_all_null, count(*) FROM diff_text t WHERE t.time >= '2024-03-04 10:00+00' AND t.time < '2024-03-04 11:00+00';

-- fallback: a whole-row equality between two scans of the hypertable
SELECT count(*) FROM diff_text a JOIN diff_text b ON a = b WHERE a.time >= '2024-03-05 02:00+00' AND a.time < '2024-03-05 02:05+00' AND b.time >= '2024-03-05 02:00+00' AND b.time < '2024-03-05 02:10+00';

-- fallback: DISTINCT over whole rows
SELECT count(DISTINCT n) FROM diff_num n WHERE n.time >= '2024-03-01 12:00+00' AND n.time < '2024-03-01 13:00+00';

-- fallback: ROLLUP over the session zone's days and hours
SELECT date_trunc('day', time) AS day, date_part('hour', time) AS hour, count(*) FROM diff_text WHERE location = 'cairo' AND time >= '2024-03-02 16:00+00' AND time < '2024-03-02 22:00+00' GROUP BY ROLLUP (day, hour) ORDER BY 1 NULLS LAST, 2 NULLS LAST;

-- fallback: an ordered-set aggregate by GROUPING SETS
SELECT device, status, grouping(status) AS all_statuses, percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median FROM diff_num WHERE device IN (4, 5) AND time >= '2024-03-05 00:00+00' AND time < '2024-03-05 04:00+00' GROUP BY GROUPING SETS ((device, status), (device)) ORDER BY device, 3, status NULLS LAST;

-- ===== More single-table clauses, whole rows, row limits (issue 11) =====

-- fallback: NATURAL JOIN of the two hypertables joins on time, the one column they share
SELECT time, t.reading, n.value FROM diff_text t NATURAL JOIN diff_num n WHERE time >= '2024-03-03 03:00+00' AND time < '2024-03-03 03:10+00' ORDER BY time;

-- fallback: a whole-row reference by the table's own name
SELECT diff_text FROM diff_text WHERE location = 'paris' AND time < '2024-03-01 00:03+00';

-- full: a star qualified by the table name
SELECT diff_text.* FROM diff_text WHERE location = 'paris' AND time < '2024-03-01 00:03+00';

-- partial: count of whole rows
SELECT count(diff_num.*) FROM diff_num WHERE time < '2024-03-02 00:00+00';

-- fallback: FETCH FIRST ... WITH TIES
SELECT location, reading FROM diff_text WHERE time >= '2024-03-01 00:00+00' AND time < '2024-03-01 01:00+00' ORDER BY reading DESC NULLS LAST FETCH FIRST 2 ROWS WITH TIES;

-- full: OFFSET ... ROWS FETCH NEXT ... ROWS ONLY
SELECT location, time FROM diff_text WHERE time < '2024-03-01 00:05+00' ORDER BY time OFFSET 3 ROWS FETCH NEXT 4 ROWS ONLY;

-- fallback: ORDER BY ... USING an operator
SELECT location, time FROM diff_text WHERE time < '2024-03-01 00:02+00' ORDER BY time USING >;

-- full: LIMIT ALL
SELECT location, time FROM diff_text WHERE time < '2024-03-01 00:02+00' ORDER BY time LIMIT ALL;

-- full: LIMIT NULL
SELECT location, time FROM diff_text WHERE time < '2024-03-01 00:02+00' ORDER BY time LIMIT NULL;

-- fallback: TABLESAMPLE of every row, repeatable
SELECT count(*) FROM diff_text TABLESAMPLE BERNOULLI (100) REPEATABLE (1) WHERE time < '2024-03-01 01:00+00';

-- fallback: FOR UPDATE SKIP LOCKED, a queue reader's shape
SELECT location, time FROM diff_text WHERE time < '2024-03-01 00:02+00' ORDER BY time, location FOR UPDATE SKIP LOCKED;

-- full: an explicit collation in WHERE
SELECT location, count(*) FROM diff_text WHERE location COLLATE "C" > 'o' AND time < '2024-03-01 01:00+00' GROUP BY location ORDER BY location;

-- fallback: = ANY (ARRAY(subquery)) over the other hypertable
SELECT t.time, t.reading FROM diff_text t WHERE t.location = 'Berlin' AND t.time = ANY (ARRAY(SELECT time FROM diff_num WHERE device = 1 AND time >= '2024-03-04 00:00+00' AND time < '2024-03-04 00:10+00')) ORDER BY t.time;

-- fallback: WITH TIES on one node
SELECT location, reading FROM diff_text WHERE time >= '2024-03-01 00:00+00' AND time < '2024-03-01 01:00+00' AND location = 'paris' ORDER BY reading DESC NULLS LAST FETCH FIRST 1 ROW WITH TIES;

-- fallback: WITH TIES after a GROUP BY
SELECT location, count(*) FROM diff_text WHERE time < '2024-03-01 01:00+00' GROUP BY location ORDER BY count(*) DESC, location FETCH FIRST 2 ROWS WITH TIES;

-- fallback: a whole-row column of a derived table, its field in ORDER BY
SELECT x FROM (SELECT diff_num FROM diff_num WHERE device = 2 AND time < '2024-03-01 00:10+00') s(x) ORDER BY (x).time;

-- full: a quoted alias
SELECT time, location FROM public.diff_text AS "T" WHERE "T".location = 'oslo' AND "T".time < '2024-03-01 00:03+00' ORDER BY "T".time;

-- full: SELECT * ordered by an ordinal, descending
SELECT * FROM diff_text WHERE location = 'oslo' AND time < '2024-03-01 00:03+00' ORDER BY 1 DESC;

-- fallback: FOR SHARE
SELECT location, time FROM diff_text WHERE time < '2024-03-01 00:02+00' ORDER BY time, location FOR SHARE;

-- full: DISTINCT ON the space column, the first row by another column
SELECT DISTINCT ON (location) location, time, reading FROM diff_text WHERE time >= '2024-03-02 00:00+00' AND time < '2024-03-02 01:00+00' ORDER BY location, reading DESC NULLS LAST, time;

-- full: a row IS NOT NULL test
SELECT * FROM diff_num WHERE device = 6 AND time >= '2024-03-03 00:00+00' AND time < '2024-03-03 00:10+00' AND (value, ratio) IS NOT NULL ORDER BY time;

-- fallback: EXISTS with an empty select list, grouped by a cast to date
SELECT time::date, count(*) FROM diff_text t WHERE EXISTS (SELECT FROM diff_num n WHERE n.time = t.time) AND t.time < '2024-03-01 12:00+00' GROUP BY 1;

-- ===== Pushed CTEs and derived tables: which aggregates go to the nodes (issue 12, checked for issue 11) =====

-- fallback: a window over the derived table's aggregates is not pushed
SELECT * FROM (SELECT location, count(*) AS n, rank() OVER (ORDER BY count(*) DESC, location) AS r FROM diff_text WHERE reading > 900 AND time < '2024-03-03 00:00+00' GROUP BY location) s ORDER BY r;

-- pushed: HAVING on an aggregate the CTE does not return
WITH c AS (SELECT location, max(temperature) AS top FROM diff_text WHERE time < '2024-03-02 00:00+00' GROUP BY location HAVING avg(reading) > 0) SELECT * FROM c ORDER BY location;

-- pushed: DISTINCT, ORDER BY and LIMIT in the CTE
WITH c AS (SELECT DISTINCT note FROM diff_text WHERE time < '2024-03-02 00:00+00' ORDER BY note NULLS FIRST LIMIT 4) SELECT * FROM c ORDER BY note NULLS FIRST;

-- pushed: count(DISTINCT) and string_agg(DISTINCT ... ORDER BY) in the CTE
WITH c AS (SELECT location, count(DISTINCT note) AS notes, string_agg(DISTINCT note, '|' ORDER BY note) AS all_notes FROM diff_text WHERE time < '2024-03-01 06:00+00' GROUP BY location) SELECT * FROM c ORDER BY location;

-- pushed: avg of a numeric by hour, with OFFSET and LIMIT in the CTE
WITH c AS (SELECT time_bucket('1 hour', time) AS hour, avg(humidity) AS h FROM diff_text WHERE time < '2024-03-02 00:00+00' GROUP BY 1 ORDER BY 1 OFFSET 5 LIMIT 3) SELECT * FROM c ORDER BY hour;

-- fallback: ROLLUP in a CTE is not pushed
WITH c AS (SELECT location, flag, count(*) AS n FROM diff_text WHERE time < '2024-03-01 06:00+00' GROUP BY ROLLUP (location, flag)) SELECT count(*), sum(n) FROM c;

-- pushed: the CTE read by a correlated subquery over the lookup table
WITH c(place, n) AS (SELECT location, count(*) FROM diff_text WHERE time < '2024-03-01 06:00+00' GROUP BY location) SELECT p.location, (SELECT n FROM c WHERE c.place = p.location) FROM diff_places p ORDER BY 1;

-- fallback: two CTEs over the same hypertable are not pushed
WITH a AS (SELECT location, max(reading) AS top FROM diff_text WHERE time < '2024-03-02 00:00+00' GROUP BY location), b AS (SELECT location, min(reading) AS bottom FROM diff_text WHERE time >= '2024-03-08 00:00+00' GROUP BY location) SELECT a.location, a.top, b.bottom FROM a JOIN b USING (location) ORDER BY 1;

-- pushed: an ordered-set aggregate in the CTE
WITH c AS (SELECT device, percentile_cont(0.9) WITHIN GROUP (ORDER BY value) AS p90 FROM diff_num WHERE time < '2024-03-02 00:00+00' GROUP BY device) SELECT * FROM c ORDER BY device;

-- fallback: a user-defined function in the CTE is not pushed
WITH c AS (SELECT location, sum(diff_double(reading)) AS s FROM diff_text WHERE time < '2024-03-01 06:00+00' GROUP BY location) SELECT * FROM c ORDER BY location;

-- fallback: a window function in the CTE is not pushed
WITH c AS (SELECT location, count(*) AS n, count(*) OVER () AS groups FROM diff_text WHERE time < '2024-03-01 06:00+00' GROUP BY location) SELECT * FROM c ORDER BY location;

-- pushed: numeric avg, sum and stddev of an integer in the CTE
WITH c AS (SELECT location, avg(humidity) AS h, sum(humidity) AS s, avg(reading) AS r, stddev(reading) AS sd FROM diff_text WHERE time < '2024-03-04 00:00+00' GROUP BY location) SELECT * FROM c ORDER BY location;

-- pushed: numeric and bigint averages and variances per device
WITH c AS (SELECT device, avg(price) AS p, sum(level) AS l, avg(level) AS al, variance(level) AS vl FROM diff_num WHERE time < '2024-03-05 00:00+00' GROUP BY device) SELECT * FROM c ORDER BY device;

-- pushed: bool_and, bool_or and every in a derived table
SELECT s.* FROM (SELECT status, bool_and(ok) AS all_ok, bool_or(ok) AS any_ok, every(value > 10) AS e FROM diff_num GROUP BY status) s ORDER BY status NULLS LAST;

-- pushed: date_trunc in the session's zone as the derived table's group key
SELECT * FROM (SELECT date_trunc('day', time) AS day, count(*), min(time), max(time) FROM diff_text WHERE location = 'Lima' GROUP BY 1) s ORDER BY day;

-- pushed: aggregates with FILTER in the CTE
WITH c AS (SELECT location, count(*) FILTER (WHERE flag) AS flagged, avg(temperature) FILTER (WHERE note = 'ok') AS ok_t FROM diff_text WHERE time < '2024-03-02 00:00+00' GROUP BY location) SELECT * FROM c ORDER BY location;

-- pushed: array_agg ordered by time in the CTE
WITH c AS (SELECT location, array_agg(reading ORDER BY time) AS readings FROM diff_text WHERE time < '2024-03-01 00:05+00' GROUP BY location) SELECT location, readings[1], cardinality(readings) FROM c ORDER BY location;

-- pushed: now() in the CTE's WHERE
WITH c AS (SELECT location, count(*) AS n FROM diff_text WHERE time >= now() - interval '100 years' AND time < '2024-03-01 06:00+00' GROUP BY location) SELECT sum(n) FROM c;

-- pushed: the CTE read twice, once in a scalar subquery
WITH c AS (SELECT location, count(*) AS n FROM diff_text WHERE time < '2024-03-01 06:00+00' GROUP BY location) SELECT * FROM c WHERE n > (SELECT avg(n) FROM c) - 1 ORDER BY location;

-- pushed: quoted column names with parentheses and capitals
WITH c AS (SELECT location AS l, count(*) AS "count(*)", sum(reading) AS "Sum" FROM diff_text WHERE time < '2024-03-01 06:00+00' GROUP BY 1) SELECT * FROM c ORDER BY l;

-- ===== Views and functions over the hypertables (issue 11; DifferentialViews) =====

-- home: a view with aggregates, filtered on its bucket
SELECT * FROM diff_text_hourly WHERE hour >= '2024-03-02 10:00+00' AND hour < '2024-03-02 12:00+00' ORDER BY hour, location;

-- home: aggregates over the aggregating view
SELECT location, max(max_reading), sum(n), min(mean_temperature) FROM diff_text_hourly WHERE hour < '2024-03-01 06:00+00' GROUP BY location ORDER BY location;

-- home: a view joining the hypertable with the lookup table
SELECT region, count(*), max(reading), count(flag) FROM diff_text_regions WHERE time >= '2024-03-03 00:00+00' AND time < '2024-03-03 02:00+00' GROUP BY region ORDER BY region NULLS LAST;

-- home: a filtering view with a computed column
SELECT device, count(*), sum(double_price), max(level) FROM diff_num_ok WHERE time >= '2024-03-04 00:00+00' AND time < '2024-03-04 03:00+00' GROUP BY device ORDER BY device;

-- home: a view joining the two hypertables
SELECT * FROM diff_berlin_device_1 WHERE time >= '2024-03-05 05:00+00' AND time < '2024-03-05 05:20+00' ORDER BY time;

-- home: a materialized view, refreshed over the foreign chunks
SELECT location, sum(n), sum(total), max(top) FROM diff_text_daily GROUP BY location ORDER BY location;

-- fallback: a view joined with the hypertable it reads
SELECT h.location, h.mean_temperature, count(t.*) AS warmer FROM diff_text_hourly h JOIN diff_text t ON t.location = h.location AND t.time >= h.hour AND t.time < h.hour + interval '1 hour' AND t.temperature > h.mean_temperature WHERE h.hour = '2024-03-04 04:00+00' GROUP BY 1, 2 ORDER BY 1;

-- home: a window over the view's rows
SELECT location, hour, mean_temperature - lag(mean_temperature) OVER (PARTITION BY location ORDER BY hour) AS change FROM diff_text_hourly WHERE location = 'Zürich' AND hour >= '2024-03-06 00:00+00' AND hour < '2024-03-06 08:00+00' ORDER BY hour;

-- home: the view's rows in a CTE, compared with the materialized view
WITH hourly AS (SELECT location, time_bucket('1 day', hour) AS day, sum(n) AS n FROM diff_text_hourly WHERE hour >= '2024-03-04 00:00+00' AND hour < '2024-03-05 00:00+00' GROUP BY 1, 2) SELECT h.location, h.n, d.n, h.n = d.n AS same FROM hourly h JOIN diff_text_daily d ON d.location = h.location AND d.day = h.day ORDER BY h.location;

-- home: a SQL function reading the hypertable
SELECT diff_max_reading('Tokyo', '2024-03-06 00:00+00', '2024-03-06 12:00+00');

-- home: the SQL function once per place
SELECT p.location, diff_max_reading(p.location, '2024-03-04 00:00+00', '2024-03-04 06:00+00') FROM diff_places p ORDER BY p.location;

-- home: a set-returning SQL function reading the hypertable
SELECT * FROM diff_last_readings('Zürich', 4) ORDER BY at;

-- home: the set-returning function by LATERAL for every place of a region
SELECT p.location, r.at, r.reading FROM diff_places p CROSS JOIN LATERAL diff_last_readings(p.location, 2) r WHERE p.region = 'Americas' ORDER BY p.location, r.at;

-- home: a PL/pgSQL function counting diff_num's rows, also where there are none
SELECT diff_rows_since('2024-03-08 18:00+00'), diff_rows_since('2024-03-10 00:00+00');

-- fallback: the SQL function in a query of the hypertable
SELECT location, max(reading), diff_max_reading(location, '2024-03-02 00:00+00', '2024-03-03 00:00+00') FROM diff_text WHERE time >= '2024-03-02 00:00+00' AND time < '2024-03-02 01:00+00' GROUP BY location ORDER BY location;

-- home: a view in a set operation with the materialized view
SELECT location FROM diff_text_regions WHERE region IS NULL AND time < '2024-03-01 00:01+00' UNION SELECT location FROM diff_text_daily WHERE total > 3000 ORDER BY 1;

-- ===== Read-only transactions, cursors and row limits (issue 11; the bracketed execution of QueryExecution) =====

-- fallback [read only]: a join with the lookup table inside START TRANSACTION READ ONLY
SELECT p.region, count(*), avg(t.temperature) FROM diff_text t JOIN diff_places p USING (location) WHERE t.time >= '2024-03-03 06:00+00' AND t.time < '2024-03-03 07:00+00' GROUP BY p.region ORDER BY p.region;

-- full [read only]: one location's rows
SELECT time, temperature, note FROM diff_text WHERE location = 'Zürich' AND time >= '2024-03-08 10:00+00' AND time < '2024-03-08 10:10+00' ORDER BY time;

-- partial [read only]: hourly aggregates over all nodes
SELECT time_bucket('1 hour', time) AS hour, count(*), max(value) FROM diff_num WHERE time >= '2024-03-05 00:00+00' AND time < '2024-03-05 04:00+00' GROUP BY 1 ORDER BY 1;

-- pushed [read only]: a pushed CTE
WITH per_device AS (SELECT device, count(*) AS n, sum(ratio) AS total FROM diff_num WHERE time >= '2024-03-02 00:00+00' AND time < '2024-03-02 03:00+00' GROUP BY device) SELECT sum(n), max(total), min(total) FROM per_device;

-- home [read only]: a view over the hypertable
SELECT location, max_reading, n FROM diff_text_hourly WHERE hour = '2024-03-07 07:00+00' ORDER BY location;

-- fallback [read only]: a window over both hypertables
SELECT t.time, t.reading, n.level, sum(t.reading) OVER (ORDER BY t.time) AS running FROM diff_text t JOIN diff_num n ON n.time = t.time AND n.device = 1 WHERE t.location = 'Berlin' AND t.time >= '2024-03-08 03:00+00' AND t.time < '2024-03-08 03:20+00' ORDER BY t.time;

-- error 25006 [read only]: FOR SHARE is refused in a read-only transaction, on the foreign chunks too
SELECT time FROM diff_text WHERE location = 'paris' AND time < '2024-03-01 00:03+00' FOR SHARE;

-- full [cursor 7]: an ordered scan fetched seven rows at a time
SELECT time, location, reading FROM diff_text WHERE time >= '2024-03-06 16:00+00' AND time < '2024-03-06 16:03+00' ORDER BY time, location;

-- fallback [cursor 5]: lastpoint through a cursor
SELECT d.device, l.time, l.level FROM generate_series(1, 16) AS d(device) CROSS JOIN LATERAL (SELECT time, level FROM diff_num n WHERE n.device = d.device AND n.time < '2024-03-04 00:00+00' ORDER BY time DESC LIMIT 1) l ORDER BY d.device;

-- partial [cursor 3]: grouped rows through a cursor
SELECT time_bucket('30 minutes', time) AS half_hour, count(*), sum(reading) FROM diff_text WHERE time >= '2024-03-04 20:00+00' AND time < '2024-03-05 02:00+00' GROUP BY 1 ORDER BY 1;

-- pushed [cursor 4]: a pushed CTE through a cursor
WITH hourly AS (SELECT time_bucket('1 hour', time) AS hour, avg(value) AS mean FROM diff_num WHERE device IN (6, 15) GROUP BY 1) SELECT hour, mean FROM hourly WHERE hour >= '2024-03-03 00:00+00' AND hour < '2024-03-03 12:00+00' ORDER BY hour;

-- fallback [cursor 1000]: a join whose rows all come in the first FETCH
SELECT t.location, p.region, t.reading FROM diff_text t LEFT JOIN diff_places p USING (location) WHERE t.time >= '2024-03-02 14:00+00' AND t.time < '2024-03-02 14:02+00';

-- full [cursor 50]: a cursor over no rows
SELECT time, device FROM diff_num WHERE time >= '2024-04-01 00:00+00';

-- error 22012 [cursor 5]: a division by zero in the second FETCH
SELECT time, 60 / (extract(minute FROM time)::integer - 37) FROM diff_text WHERE location = 'Berlin' AND time >= '2024-03-02 10:00+00' AND time < '2024-03-02 10:15+00' ORDER BY time;

-- home [scroll cursor 4]: a view read forwards, then backwards
SELECT hour, location, n FROM diff_text_hourly WHERE location IN ('oslo', 'lagos') AND hour >= '2024-03-04 00:00+00' AND hour < '2024-03-04 06:00+00' ORDER BY hour, location;

-- full [scroll cursor 6]: one node's rows read forwards, then backwards
SELECT time, value, status FROM diff_num WHERE device = 6 AND time >= '2024-03-07 20:00+00' AND time < '2024-03-07 20:40+00' ORDER BY time;

-- fallback [scroll cursor 3]: a set operation read forwards, then backwards
SELECT time, 'text' AS source FROM diff_text WHERE location = 'Berlin' AND time >= '2024-03-01 08:00+00' AND time < '2024-03-01 08:05+00' UNION ALL SELECT time, 'num' FROM diff_num WHERE device = 1 AND time >= '2024-03-01 08:00+00' AND time < '2024-03-01 08:05+00' ORDER BY time, source;

-- fallback [hold cursor 10]: a WITH HOLD cursor over a join, fetched after its transaction ended
SELECT t.time, t.location, p.region FROM diff_text t JOIN diff_places p USING (location) WHERE t.time >= '2024-03-05 09:00+00' AND t.time < '2024-03-05 09:03+00' ORDER BY t.time;

-- full [hold cursor 100]: a WITH HOLD cursor over 720 rows of one device
SELECT time, value, level FROM diff_num WHERE device = 13 AND time >= '2024-03-06 00:00+00' AND time < '2024-03-07 00:00+00' ORDER BY time;

-- partial [hold cursor 2]: a WITH HOLD cursor over aggregates
SELECT status, count(*), avg(value) FROM diff_num WHERE time >= '2024-03-01 00:00+00' AND time < '2024-03-01 12:00+00' GROUP BY status ORDER BY status NULLS FIRST;

-- full [fetch size 50]: Execute with a row limit over a day of one location
SELECT time, reading, humidity FROM diff_text WHERE location = 'cairo' AND time >= '2024-03-06 00:00+00' AND time < '2024-03-07 00:00+00' ORDER BY time;

-- full [fetch size 100]: Execute with a row limit over an unordered scan of all nodes
SELECT time, device, price FROM diff_num WHERE time >= '2024-03-04 23:00+00' AND time < '2024-03-05 01:00+00';

-- fallback [fetch size 7]: a window function read seven rows at a time
SELECT location, time, reading, avg(reading) OVER (PARTITION BY location ORDER BY time ROWS 5 PRECEDING) AS recent FROM diff_text WHERE location IN ('Denver', 'Lima') AND time >= '2024-03-07 21:00+00' AND time < '2024-03-07 21:30+00' ORDER BY location, time;

-- partial [fetch size 2]: grouped rows two at a time
SELECT device % 4 AS class, count(*), min(level) FROM diff_num WHERE time >= '2024-03-03 00:00+00' AND time < '2024-03-03 02:00+00' GROUP BY 1 ORDER BY 1;

-- home [fetch size 3]: a set-returning function read in steps
SELECT * FROM diff_last_readings('Tokyo', 10) ORDER BY at;

-- error 22012 [fetch size 3]: a division by zero after the first rows
SELECT time, 60 / (extract(minute FROM time)::integer - 38) FROM diff_num WHERE device = 1 AND time >= '2024-03-02 10:00+00' AND time < '2024-03-02 10:30+00' ORDER BY time;

-- ===== Errors: the same SQLSTATE as PostgreSQL (issue 11) =====

-- error 22012: division by zero on a data node, pushed down
SELECT time, reading / (reading - reading) FROM diff_text WHERE location = 'paris' AND time >= '2024-03-01 01:00+00' AND time < '2024-03-01 01:10+00' AND reading IS NOT NULL;

-- error 22012: division by zero in a join at home
SELECT t.time, t.reading / 0 FROM diff_text t JOIN diff_places p USING (location) WHERE t.time >= '2024-03-01 01:00+00' AND t.time < '2024-03-01 01:01+00';

-- error 42703: an unknown column in a join
SELECT t.time, n.nosuch FROM diff_text t JOIN diff_num n ON n.time = t.time WHERE t.time < '2024-03-01 00:10+00';

-- error 42702: an ambiguous column between the two hypertables
SELECT time FROM diff_text t JOIN diff_num n ON n.time = t.time WHERE t.time < '2024-03-01 00:10+00';

-- error 21000: a scalar subquery over the hypertable returning several rows
SELECT p.location, (SELECT t.reading FROM diff_text t WHERE t.location = p.location AND t.time < '2024-03-01 00:05+00') FROM diff_places p;

-- error 42803: a column neither grouped nor aggregated
SELECT location, reading, count(*) FROM diff_text WHERE time < '2024-03-01 01:00+00' GROUP BY location;

-- error 22P02: a literal that is no integer for the integer space column
SELECT count(*) FROM diff_num WHERE device = 'seven' AND time < '2024-03-02 00:00+00';

-- error 22008: a time literal out of range in the time condition
SELECT count(*) FROM diff_text WHERE time >= '2024-13-01 00:00+00';

-- error 42P01: a join with a table that does not exist
SELECT count(*) FROM diff_text t JOIN diff_nowhere n ON n.location = t.location;

-- error 22023: generate_series with a zero step, joined with the hypertable
SELECT count(*) FROM diff_num n JOIN generate_series(1, 16, 0) AS d(device) USING (device) WHERE n.time < '2024-03-01 01:00+00';

-- error 42883: a function that does not exist
SELECT no_such_function(reading) FROM diff_text WHERE time < '2024-03-01 00:01+00';

-- error 42601: a syntax error after a hypertable
SELECT count(*) FROM diff_text WHERE;

-- error 42P10: ORDER BY a position beyond the select list of a set operation
SELECT location FROM diff_text WHERE time < '2024-03-01 00:01+00' UNION SELECT location FROM diff_places ORDER BY 2;

-- error 42P20: a window function in WHERE
SELECT time, location FROM diff_text WHERE row_number() OVER (ORDER BY time) < 3;

-- error 22003: a bigint overflow in a sum computed on the nodes
SELECT sum(level * 1000000) FROM diff_num WHERE device = 2 AND time < '2024-03-02 00:00+00';

-- error 2201B: an invalid regular expression
SELECT count(*) FROM diff_text WHERE note ~ '(' AND time < '2024-03-01 01:00+00';

-- error 42804: UNION of incompatible types from the two hypertables
SELECT reading FROM diff_text WHERE time < '2024-03-01 00:01+00' UNION SELECT ok FROM diff_num WHERE time < '2024-03-01 00:01+00';

-- error 42P19: a recursive CTE whose recursive term reads itself twice
WITH RECURSIVE r(t) AS (SELECT min(time) FROM diff_text UNION ALL SELECT a.t FROM r a, r b) SELECT count(*) FROM r;

-- error 22012: division by zero in a CTE pushed to the nodes
WITH w AS (SELECT location, sum(reading) / (count(*) - count(*)) AS x FROM diff_text WHERE time < '2024-03-01 01:00+00' GROUP BY location) SELECT * FROM w;

-- error 0A000: FOR UPDATE with a set operation
SELECT location FROM diff_text WHERE time < '2024-03-01 00:01+00' UNION SELECT location FROM diff_places FOR UPDATE;

-- ===== Latest rows per key: a LATERAL subquery's first rows per row of the table before it, read from the nodes =====

-- pushed: TSBS's lastpoint over the places: the latest reading of each region's places, one per region
SELECT DISTINCT ON (p.region) * FROM diff_places p INNER JOIN LATERAL (SELECT * FROM diff_text t WHERE t.location = p.location ORDER BY time DESC LIMIT 1) AS b ON true ORDER BY p.region, b.time DESC;

-- pushed: the earliest two readings of each place; Perth and Quito have none and drop out
SELECT p.location, b.time, b.reading FROM diff_places p CROSS JOIN LATERAL (SELECT time, reading FROM diff_text t WHERE p.location = t.location ORDER BY t.time ASC LIMIT 2) b ORDER BY p.location, b.time;

-- pushed: LEFT JOIN LATERAL keeps the places without rows; NULL temperatures are left out by the subquery's own filter
SELECT p.location, b.time, b.temperature FROM diff_places p LEFT JOIN LATERAL (SELECT time, temperature FROM diff_text t WHERE t.location = p.location AND temperature IS NOT NULL AND t.time < '2024-03-03 12:00+00' ORDER BY time DESC LIMIT 1) b ON true ORDER BY p.location;

-- pushed: a comma before LATERAL, no alias for the places, and an expression computed over the rows at home
SELECT diff_places.location, b.minute, b.reading * 2 FROM diff_places, LATERAL (SELECT date_trunc('minute', time) AS minute, reading FROM diff_text WHERE location = diff_places.location ORDER BY time DESC LIMIT 3) b ORDER BY 1, 2;

-- pushed [read only]: the latest rows per place inside START TRANSACTION READ ONLY
SELECT p.location, b.time FROM diff_places p JOIN LATERAL (SELECT time FROM diff_text t WHERE t.location = p.location ORDER BY time DESC LIMIT 1) b ON true ORDER BY p.location;

-- pushed [cursor 3]: the latest two per place through a cursor, three rows at a time
SELECT p.location, b.time FROM diff_places p JOIN LATERAL (SELECT time FROM diff_text t WHERE t.location = p.location ORDER BY time DESC LIMIT 2) b ON true ORDER BY p.location, b.time;

-- pushed: the statement has a WITH of its own, which the rows' CTE joins
WITH regions AS (SELECT DISTINCT region FROM diff_places) SELECT r.region, count(*) FROM diff_places p JOIN LATERAL (SELECT reading FROM diff_text t WHERE t.location = p.location AND t.time < '2024-03-02 00:00+00' ORDER BY time DESC LIMIT 2) b ON true JOIN regions r ON r.region = p.region GROUP BY r.region ORDER BY r.region;

-- fallback: the keys come from a derived table, not a table
SELECT v.location, b.time FROM (SELECT DISTINCT location FROM diff_places) v CROSS JOIN LATERAL (SELECT time FROM diff_text t WHERE t.location = v.location AND t.time < '2024-03-02 00:00+00' ORDER BY time DESC LIMIT 1) b ORDER BY v.location;

-- fallback: the subquery refers to the outer table beyond the one equality
SELECT p.location, b.time FROM diff_places p CROSS JOIN LATERAL (SELECT time FROM diff_text t WHERE t.location = p.location AND t.note = p.region ORDER BY time DESC LIMIT 1) b ORDER BY p.location;

-- fallback: no LIMIT in the LATERAL subquery
SELECT p.location, count(*) FROM diff_places p CROSS JOIN LATERAL (SELECT time FROM diff_text t WHERE t.location = p.location AND t.time < '2024-03-01 00:10+00' ORDER BY time DESC) b GROUP BY p.location ORDER BY p.location;

-- fallback: the device's latest value per place's minute is keyed by an OR, not by one equality
SELECT p.location, b.time FROM diff_places p CROSS JOIN LATERAL (SELECT time FROM diff_text t WHERE t.location = p.location OR t.location = 'Lima' ORDER BY time DESC LIMIT 1) b ORDER BY p.location;

-- fallback: the LATERAL subquery aggregates: its value needs every row, not the first ones
SELECT p.location, b.m FROM diff_places p CROSS JOIN LATERAL (SELECT max(reading) AS m FROM diff_text t WHERE t.location = p.location AND t.time < '2024-03-01 06:00+00' ORDER BY max(reading) LIMIT 1) b ORDER BY p.location;

-- fallback: ORDER BY a select-list alias that is also a column's name
SELECT p.location, b.reading FROM diff_places p CROSS JOIN LATERAL (SELECT -reading AS reading FROM diff_text t WHERE t.location = p.location AND t.time < '2024-03-01 06:00+00' AND reading IS NOT NULL ORDER BY reading, time LIMIT 1) b ORDER BY p.location;
