-- What the home database needs to combine the partial aggregates data nodes return.

-- stddev and variance of floats: data nodes return PostgreSQL's own transition state
-- {N, sum(x), sum of squared deviations}; float8_combine merges two states exactly as a
-- parallel aggregate does, and float8_var_samp & co. finish the result.
CREATE OR REPLACE AGGREGATE _timeshard_catalog.float8_combine_states(double precision[]) (
    SFUNC = float8_combine, STYPE = double precision[], INITCOND = '{0,0,0}', PARALLEL = SAFE
);

-- The square root of v correctly rounded to v's scale, as PostgreSQL's stddev gives it: sqrt()
-- rounds at a finer scale of its own, and rounding that again can be one unit off.
CREATE OR REPLACE FUNCTION _timeshard_catalog.rounded_sqrt(v numeric)
RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE
        WHEN v < (c - h) * (c - h) THEN round(c - 2 * h, scale(v))
        WHEN v >= (c + h) * (c + h) THEN round(c + 2 * h, scale(v))
        ELSE c
    END
    FROM (SELECT round(sqrt(v), scale(v)) AS c, 0.5 * power(10::numeric, -scale(v)) AS h) AS candidate
$$;

-- stddev and variance of integers and numerics from exact sums: the same arithmetic and result
-- scale as PostgreSQL's numeric_stddev_internal.
CREATE OR REPLACE FUNCTION _timeshard_catalog.numeric_variance(n numeric, sx numeric, sxx numeric, sample boolean, root boolean)
RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN n IS NULL OR n = 0 OR (sample AND n = 1) THEN NULL
        WHEN n * sxx - sx * sx <= 0 THEN 0::numeric
        WHEN root THEN _timeshard_catalog.rounded_sqrt(v)
        ELSE v
    END
    FROM (SELECT (n * sxx - sx * sx) / nullif(n * CASE WHEN sample THEN n - 1 ELSE n END, 0) AS v) AS variance
$$;
