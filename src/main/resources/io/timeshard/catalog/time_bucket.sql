-- time_bucket with TimescaleDB's semantics, in plain SQL: buckets are aligned to 2000-01-03
-- (a Monday) for intervals of days and less, and to 2000-01-01 for intervals of months; an
-- offset shifts the buckets, an origin replaces the default alignment. Installed in the home
-- database and on every data node, so that queries using it mean the same wherever they run.

-- Buckets of months, apart so that the common case below stays one expression PostgreSQL can inline.
CREATE OR REPLACE FUNCTION public._timeshard_bucket_months(bucket_width interval, ts timestamp, origin timestamp)
RETURNS timestamp LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    -- Whole months from the origin to ts, counted down when ts is earlier in its month than the origin.
    SELECT origin + make_interval(months => (floor((elapsed - CASE WHEN ts < origin + make_interval(months => elapsed::int)
            THEN 1 ELSE 0 END) / months) * months)::int)
    FROM (SELECT extract(year FROM bucket_width) * 12 + extract(month FROM bucket_width) AS months,
                 (extract(year FROM ts) - extract(year FROM origin)) * 12 + extract(month FROM ts) - extract(month FROM origin) AS elapsed) AS bucket
$$;

-- The functions below are not STRICT and are single expressions: PostgreSQL inlines them into the
-- query, folds the constant width, and a bucket costs about what date_bin costs.
CREATE OR REPLACE FUNCTION public.time_bucket(bucket_width interval, ts timestamp, origin timestamp)
RETURNS timestamp LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN bucket_width <= interval '0' THEN NULL
        WHEN extract(year FROM bucket_width) = 0 AND extract(month FROM bucket_width) = 0 THEN date_bin(bucket_width, ts, origin)
        ELSE public._timeshard_bucket_months(bucket_width, ts, origin)
    END
$$;

CREATE OR REPLACE FUNCTION public.time_bucket(bucket_width interval, ts timestamp)
RETURNS timestamp LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT public.time_bucket(bucket_width, ts, CASE WHEN extract(month FROM bucket_width) = 0 AND extract(year FROM bucket_width) = 0
        THEN timestamp '2000-01-03' ELSE timestamp '2000-01-01' END)
$$;

CREATE OR REPLACE FUNCTION public.time_bucket(bucket_width interval, ts timestamp, "offset" interval)
RETURNS timestamp LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT public.time_bucket(bucket_width, ts - "offset") + "offset"
$$;

-- timestamptz: buckets in UTC, as TimescaleDB does without a time zone argument.
CREATE OR REPLACE FUNCTION public.time_bucket(bucket_width interval, ts timestamptz)
RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT public.time_bucket(bucket_width, ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
$$;

CREATE OR REPLACE FUNCTION public.time_bucket(bucket_width interval, ts timestamptz, "offset" interval)
RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT public.time_bucket(bucket_width, ts AT TIME ZONE 'UTC', "offset") AT TIME ZONE 'UTC'
$$;

CREATE OR REPLACE FUNCTION public.time_bucket(bucket_width interval, ts timestamptz, origin timestamptz)
RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT public.time_bucket(bucket_width, ts AT TIME ZONE 'UTC', origin AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
$$;

CREATE OR REPLACE FUNCTION public.time_bucket(bucket_width interval, ts date)
RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT public.time_bucket(bucket_width, ts::timestamp)::date
$$;

CREATE OR REPLACE FUNCTION public.time_bucket(bucket_width interval, ts date, "offset" interval)
RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT public.time_bucket(bucket_width, ts::timestamp, "offset")::date
$$;

CREATE OR REPLACE FUNCTION public.time_bucket(bucket_width interval, ts date, origin date)
RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT public.time_bucket(bucket_width, ts::timestamp, origin::timestamp)::date
$$;

-- Integer time: buckets aligned to 0, shifted by an optional offset.
CREATE OR REPLACE FUNCTION public.time_bucket(bucket_width bigint, ts bigint, "offset" bigint DEFAULT 0)
RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN bucket_width <= 0 THEN NULL
        ELSE floor((ts - "offset")::numeric / bucket_width)::bigint * bucket_width + "offset" END
$$;

CREATE OR REPLACE FUNCTION public.time_bucket(bucket_width integer, ts integer, "offset" integer DEFAULT 0)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT public.time_bucket(bucket_width::bigint, ts::bigint, "offset"::bigint)::integer
$$;

CREATE OR REPLACE FUNCTION public.time_bucket(bucket_width smallint, ts smallint, "offset" smallint DEFAULT 0)
RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT public.time_bucket(bucket_width::bigint, ts::bigint, "offset"::bigint)::smallint
$$;
