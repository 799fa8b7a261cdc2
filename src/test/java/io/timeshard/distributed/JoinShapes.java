package io.timeshard.distributed;

import io.timeshard.distributed.RandomClauses.Aggregate;
import io.timeshard.distributed.RandomQueries.QueryText;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.timeshard.distributed.DifferentialSchema.NUM_TABLE;
import static io.timeshard.distributed.DifferentialSchema.TEXT_TABLE;
import static java.util.Objects.requireNonNull;

/**
 * Joins: a hypertable with the local diff_places, the two hypertables with each other on time, and
 * LATERAL subqueries. Every hypertable is kept to a range of minutes to two hours, with the same
 * instants for both when they meet, so the joins find rows and stay cheap.
 */
final class JoinShapes {
    private static final int JOIN_MINUTES = 60;
    private static final String SAME_MINUTE = "date_trunc('minute', n.time) = date_trunc('minute', t.time)";

    private final RandomClauses random;

    JoinShapes(RandomClauses random) {
        this.random = requireNonNull(random, "random is null");
    }

    QueryText placesJoin() {
        String range = random.narrowTimeRange("t.time", RandomTimes.NARROW_MINUTES);
        String regionCondition = random.chance(0.4) ? random.columnCondition(DifferentialSchema.REGION, "p.") : "";
        String filter = random.maybeFilter(TEXT_TABLE, "t.", 0.4);
        return switch (random.between(0, 8)) {
            case 0, 1 -> {
                List<String> columns = new ArrayList<>(random.expressions(TEXT_TABLE, "t.", 3));
                columns.add(random.pick("p.region", "p.location", "upper(p.region)", "p.region || '/' || t.location"));
                String join = random.pick("JOIN", "INNER JOIN", "LEFT JOIN", "LEFT OUTER JOIN");
                yield ordered(select(columns) + " FROM diff_text t " + join + " diff_places p ON p.location = t.location"
                        + random.where(List.of(range, regionCondition, filter)), columns, 0.5);
            }
            case 2 -> {
                List<String> columns = new ArrayList<>(List.of("location", "region"));
                columns.addAll(random.expressions(TEXT_TABLE, "t.", 2));
                String join = switch (random.between(0, 2)) {
                    case 0 -> " JOIN diff_places p USING (location)";
                    case 1 -> " LEFT JOIN diff_places p USING (location)";
                    default -> " NATURAL JOIN diff_places p";
                };
                yield ordered(select(columns) + " FROM diff_text t" + join + random.where(List.of(range, regionCondition, filter)),
                        columns, 0.5);
            }
            case 3 -> {
                List<String> columns = new ArrayList<>(List.of("p.region"));
                random.aggregates(TEXT_TABLE, "t.", 3).forEach(aggregate -> columns.add(aggregate.sql()));
                yield ordered(select(columns) + " FROM diff_text t JOIN diff_places p ON p.location = t.location"
                        + random.where(List.of(range, filter)) + " GROUP BY p.region"
                        + (random.chance(0.3) ? " HAVING " + random.having(TEXT_TABLE, "t.") : ""), columns, 0.5);
            }
            case 4 -> {
                // Every place, with or without rows in the range.
                List<String> columns = new ArrayList<>(List.of("p.location", "p.region", "count(t.time)"));
                random.aggregates(TEXT_TABLE, "t.", 2).forEach(aggregate -> columns.add(aggregate.sql()));
                String on = "t.location = p.location AND " + random.constantTimeRange("t.time", RandomTimes.NARROW_MINUTES)
                        + (filter.isEmpty() ? "" : " AND " + filter);
                yield ordered(select(columns) + " FROM diff_places p LEFT JOIN diff_text t ON " + on
                        + random.where(List.of(regionCondition)) + " GROUP BY p.location, p.region", columns, 0.5);
            }
            case 5 -> {
                String join = random.pick("FULL JOIN", "RIGHT JOIN", "LEFT JOIN");
                List<String> columns = List.of("p.location", "p.region", "s.location", "s.readings", "s.highest");
                yield ordered(select(columns) + " FROM diff_places p " + join + " (SELECT location, count(*) AS readings, max(reading)"
                        + " AS highest FROM diff_text" + random.where(List.of(random.narrowTimeRange("time", RandomTimes.NARROW_MINUTES),
                        random.maybeFilter(TEXT_TABLE, "", 0.4))) + " GROUP BY location) s ON s.location = p.location", columns, 0.5);
            }
            case 6 -> {
                List<String> columns = new ArrayList<>(random.expressions(TEXT_TABLE, "t.", 2));
                columns.add("p.region");
                yield ordered(select(columns) + " FROM diff_text t, diff_places p" + random.where(List.of("t.location = p.location", range,
                        regionCondition, filter)), columns, 0.5);
            }
            case 7 -> {
                List<String> columns = new ArrayList<>(List.of("t.location", "v.rank"));
                columns.addAll(random.expressions(TEXT_TABLE, "t.", 2));
                yield ordered(select(columns) + " FROM diff_text t JOIN (VALUES ('paris', 1), ('Lima', 2), ('nowhere', 3), ('Zürich', 4))"
                        + " v(location, rank) ON v.location = t.location" + random.where(List.of(range, filter)), columns, 0.5);
            }
            default -> {
                // diff_num meets the places on a computed key: device = length(location).
                String numberRange = random.narrowTimeRange("n.time", RandomTimes.NARROW_MINUTES);
                List<String> columns = new ArrayList<>(random.expressions(NUM_TABLE, "n.", 2));
                columns.add("p.location");
                yield ordered(select(columns) + " FROM diff_num n JOIN diff_places p ON n.device = length(p.location)"
                        + random.where(List.of(numberRange, regionCondition, random.maybeFilter(NUM_TABLE, "n.", 0.4))), columns, 0.5);
            }
        };
    }

    /** The two hypertables on the same instants: equal times (Berlin and device 1), minutes, or a range join. */
    QueryText hypertableJoin() {
        String textRange = random.narrowTimeRange("t.time", JOIN_MINUTES);
        String numberRange = random.chance(0.8) ? textRange.replace("t.time", "n.time") : random.narrowTimeRange("n.time", JOIN_MINUTES);
        String textFilter = random.maybeFilter(TEXT_TABLE, "t.", 0.3);
        String numberFilter = random.maybeFilter(NUM_TABLE, "n.", 0.3);
        List<String> columns = new ArrayList<>(random.expressions(TEXT_TABLE, "t.", 2));
        columns.addAll(random.expressions(NUM_TABLE, "n.", 2));
        String locations = random.spaceCondition(TEXT_TABLE, "t.");
        String devices = random.spaceCondition(NUM_TABLE, "n.");
        return switch (random.between(0, 6)) {
            case 0 -> ordered(select(columns) + " FROM diff_text t JOIN diff_num n ON n.time = t.time"
                    + random.where(List.of(textRange, numberRange, textFilter, numberFilter)), columns, 0.5);
            case 1 -> ordered(select(columns) + " FROM diff_text t JOIN diff_num n ON " + random.pick(
                    "time_bucket('1 minute', n.time) = time_bucket('1 minute', t.time)", SAME_MINUTE)
                    + random.where(List.of(textRange, numberRange, locations, devices, textFilter)), columns, 0.5);
            case 2 -> {
                List<String> grouped = new ArrayList<>(List.of(random.pick("t.location", "n.device", "n.status", "t.note")));
                random.aggregates(TEXT_TABLE, "t.", 2).forEach(aggregate -> grouped.add(aggregate.sql()));
                random.aggregates(NUM_TABLE, "n.", 2).forEach(aggregate -> grouped.add(aggregate.sql()));
                yield ordered(select(grouped) + " FROM diff_text t JOIN diff_num n ON " + SAME_MINUTE
                        + random.where(List.of(textRange, numberRange, random.chance(0.5) ? locations : devices)) + " GROUP BY 1",
                        grouped, 0.5);
            }
            case 3 -> ordered(select(columns) + " FROM diff_text t JOIN diff_num n ON n.time >= t.time AND n.time < t.time + interval '"
                    + random.between(1, 3) + " minutes' AND n.device = abs(t.reading) % 16 + 1"
                    + random.where(List.of(textRange, numberRange, locations, numberFilter)), columns, 0.5);
            case 4 -> ordered(select(columns) + " FROM diff_text t LEFT JOIN diff_num n ON n.time = t.time AND " + numberRange
                    + random.where(List.of(textRange, locations, textFilter)), columns, 0.5);
            case 5 -> ordered(select(columns) + " FROM diff_text t, diff_num n" + random.where(List.of("t.time = n.time", textRange,
                    numberRange, numberFilter)), columns, 0.5);
            default -> {
                // diff_text with itself: other locations in the same minute.
                List<String> pair = List.of("t.location", "u.location", "t.time", "u.time", random.expression(TEXT_TABLE, "u."));
                yield ordered(select(pair) + " FROM diff_text t JOIN diff_text u ON " + SAME_MINUTE.replace("n.", "u.")
                        + " AND u.location <> t.location" + random.where(List.of(textRange, textRange.replace("t.time", "u.time"),
                        "t.location = " + random.literal(TEXT_TABLE.space()), "u.location IN (" + random.literal(TEXT_TABLE.space())
                        + ", " + random.literal(TEXT_TABLE.space()) + ")")), pair, 0.5);
            }
        };
    }

    QueryText lateral() {
        // The subquery runs again for each outer row.
        String range = random.constantTimeRange("t.time", JOIN_MINUTES);
        return switch (random.between(0, 3)) {
            case 0 -> {
                String inner = "SELECT t.time AS at, " + random.expression(TEXT_TABLE, "t.") + " AS measured FROM diff_text t WHERE"
                        + " t.location = p.location AND " + range + " ORDER BY t.time" + random.direction() + " LIMIT "
                        + random.between(1, 4);
                yield ordered("SELECT p.location, p.region, x.at, x.measured FROM diff_places p " + random.pick("CROSS JOIN LATERAL ("
                        + inner + ") x", "LEFT JOIN LATERAL (" + inner + ") x ON true"), 4, 0.5);
            }
            case 1 -> {
                List<Aggregate> aggregates = random.aggregates(TEXT_TABLE, "t.", 2);
                String inner = "SELECT count(*) AS readings, " + aggregates.stream().map(Aggregate::sql)
                        .collect(Collectors.joining(", ")) + " FROM diff_text t WHERE t.location = p.location AND " + range;
                yield ordered("SELECT p.location, x.* FROM diff_places p LEFT JOIN LATERAL (" + inner + ") x ON true"
                        + random.where(List.of(random.chance(0.4) ? random.columnCondition(DifferentialSchema.REGION, "p.") : "")),
                        2 + aggregates.size(), 0.5);
            }
            case 2 -> {
                // One row of diff_text or two for each of a few rows of diff_num: each runs the subquery again.
                String numberRange = random.constantTimeRange("n.time", 30);
                String textRange = numberRange.replace("n.time", "t.time");
                String inner = "SELECT t.location, t.temperature FROM diff_text t WHERE t.time <= n.time AND t.time > n.time - interval '"
                        + random.between(1, 5) + " minutes' AND " + textRange + " ORDER BY t.time DESC LIMIT " + random.between(1, 3);
                yield ordered("SELECT n.time, n.device, x.location, x.temperature FROM diff_num n CROSS JOIN LATERAL (" + inner + ") x"
                        + random.where(List.of(numberRange, "n.device IN (" + random.literal(NUM_TABLE.space()) + ", "
                        + random.literal(NUM_TABLE.space()) + ")")), 4, 0.5);
            }
            default -> {
                Instant start = random.instant();
                String first = random.typedTimestamp(start);
                int minutes = random.between(2, 15);
                String inner = "SELECT count(*) AS rows, avg(n.value) AS average, max(n.status) AS status FROM diff_num n"
                        + " WHERE n.time >= g.bucket AND n.time < g.bucket + interval '" + minutes + " minutes' AND n.time >= " + first
                        + " AND n.time < " + random.typedTimestamp(start.plus(minutes * 6L, ChronoUnit.MINUTES));
                yield ordered("SELECT g.bucket, x.* FROM generate_series(" + first + ", " + first + " + interval '" + (minutes * 5)
                        + " minutes', interval '" + minutes + " minutes') g(bucket) LEFT JOIN LATERAL (" + inner + ") x ON true", 4, 0.5);
            }
        };
    }

    private static String select(List<String> columns) {
        return "SELECT " + String.join(", ", columns);
    }

    /** With the given probability the query ordered by every output column, and then perhaps limited. */
    private QueryText ordered(String sql, int columns, double probability) {
        return random.chance(probability) ? random.orderedByEveryColumn(sql, columns, 0.4) : QueryText.unordered(sql);
    }

    private QueryText ordered(String sql, List<String> columns, double probability) {
        return random.chance(probability) ? random.orderedByEveryColumn(sql, columns, 0.4) : QueryText.unordered(sql);
    }
}
