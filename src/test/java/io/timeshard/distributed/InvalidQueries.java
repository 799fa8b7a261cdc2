package io.timeshard.distributed;

import io.timeshard.distributed.RandomQueries.QueryText;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static java.util.Objects.requireNonNull;

/**
 * Queries PostgreSQL refuses, when it plans them or on the first row: timeshard must refuse them
 * too, with the same SQLSTATE. Those that fail on a row read ten minutes inside the data.
 */
final class InvalidQueries {
    private final RandomClauses random;

    InvalidQueries(RandomClauses random) {
        this.random = requireNonNull(random, "random is null");
    }

    QueryText invalid() {
        String rows = rowsInData();
        String sql = switch (random.between(0, 11)) {
            case 0 -> "SELECT no_such_column FROM diff_text WHERE " + rows;
            case 1 -> "SELECT location, reading FROM diff_text WHERE " + rows + " GROUP BY location";
            case 2 -> "SELECT sum(note) FROM diff_text WHERE " + rows;
            case 3 -> "SELECT count(*) / 0 FROM diff_num WHERE " + rows;
            case 4 -> "SELECT location::integer FROM diff_text WHERE " + rows;
            case 5 -> "SELECT * FROM diff_text WHERE time > 'not a time'";
            case 6 -> "SELECT * FROM diff_text WHERE location = 1 AND " + rows;
            case 7 -> "SELECT * FROM diff_num WHERE time >= '2024-02-30 00:00+00'";
            case 8 -> "SELECT location FROM diff_text WHERE " + rows + " ORDER BY";
            case 9 -> "SELECT DISTINCT ON (location) location, time FROM diff_text WHERE " + rows + " ORDER BY time";
            case 10 -> "SELECT (SELECT time FROM diff_text WHERE " + rows + ")";
            default -> "SELECT * FROM diff_text WHERE location IN (SELECT location, region FROM diff_places) AND " + rows;
        };
        return QueryText.unordered(sql);
    }

    /** Ten minutes that hold rows of both hypertables. */
    private String rowsInData() {
        Instant start = DifferentialSchema.DATA_START.plus(random.between(0, 8 * 24 * 60 - 20), ChronoUnit.MINUTES);
        return "time >= " + random.typedTimestamp(start) + " AND time < " + random.typedTimestamp(start.plus(10, ChronoUnit.MINUTES));
    }
}
