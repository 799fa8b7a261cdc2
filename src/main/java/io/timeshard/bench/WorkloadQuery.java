package io.timeshard.bench;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** One of the queries of BENCHMARK.md on the {@code conditions} table, as sent to timeshard and as sent to plain PostgreSQL. */
public record WorkloadQuery(String name, String description, String sql) {
    private static final String TIME_BUCKET_HOUR = "time_bucket('1 hour', time)";
    /** BENCHMARK.md: plain PostgreSQL has no time_bucket; for 1-hour buckets date_trunc gives the same result. */
    private static final String DATE_TRUNC_HOUR = "date_trunc('hour', time)";

    private static final List<WorkloadQuery> STANDARD = List.of(
            new WorkloadQuery("Q1", "full push-down", "SELECT location, max(temperature) FROM conditions GROUP BY location"),
            new WorkloadQuery("Q2", "partial push-down", "SELECT max(temperature) FROM conditions"),
            new WorkloadQuery("Q3", "bucketed aggregate, ordered, limited",
                    "SELECT time_bucket('1 hour', time) AS hour, location, avg(temperature) "
                            + "FROM conditions GROUP BY hour, location ORDER BY hour, location LIMIT 100"),
            new WorkloadQuery("Q4", "one location (space exclusion)",
                    "SELECT time_bucket('1 hour', time) AS hour, avg(temperature) "
                            + "FROM conditions WHERE location = 'loc_1' GROUP BY hour ORDER BY hour LIMIT 100"),
            new WorkloadQuery("Q5", "latest rows (time exclusion, top-N)",
                    "SELECT * FROM conditions WHERE time > '2024-01-07' ORDER BY time DESC LIMIT 10"),
            new WorkloadQuery("Q6", "two hours (time exclusion)",
                    "SELECT count(*) FROM conditions WHERE time >= '2024-01-03 10:00' AND time < '2024-01-03 12:00'"));

    public WorkloadQuery {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(sql, "sql is null");
    }

    /** Q1 to Q6, in order. */
    public static List<WorkloadQuery> standard() {
        return STANDARD;
    }

    /** The query as the plain PostgreSQL baseline runs it. */
    public String plainSql() {
        return sql.replace(TIME_BUCKET_HOUR, DATE_TRUNC_HOUR);
    }

    /** The name and description, e.g. {@code Q1 full push-down}. */
    public String title() {
        return name + " " + description;
    }
}
