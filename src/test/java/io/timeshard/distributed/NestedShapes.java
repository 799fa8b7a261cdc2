package io.timeshard.distributed;

import io.timeshard.distributed.DifferentialSchema.Column;
import io.timeshard.distributed.DifferentialSchema.Hypertable;
import io.timeshard.distributed.RandomQueries.QueryText;

import java.util.ArrayList;
import java.util.List;

import static io.timeshard.distributed.DifferentialSchema.NUM_TABLE;
import static io.timeshard.distributed.DifferentialSchema.TEXT_TABLE;
import static java.util.Objects.requireNonNull;

/**
 * Queries with parts inside others: subqueries (IN, EXISTS, scalar, correlated, ANY and ALL), CTEs
 * and window functions. Correlated subqueries over a hypertable carry a time range of their own, so
 * that chunks are excluded when the query is planned rather than scanned once for each outer row.
 */
final class NestedShapes {
    private static final int INNER_MINUTES = 60;
    private static final int CORRELATED_MINUTES = 20;

    private final RandomClauses random;

    NestedShapes(RandomClauses random) {
        this.random = requireNonNull(random, "random is null");
    }

    QueryText subquery() {
        String range = random.narrowTimeRange("t.time", RandomTimes.NARROW_MINUTES);
        // For subqueries run again for each outer row: a few locations over minutes.
        String shortRange = random.constantTimeRange("t.time", CORRELATED_MINUTES);
        String filter = random.maybeFilter(TEXT_TABLE, "t.", 0.3);
        List<String> columns = new ArrayList<>(random.expressions(TEXT_TABLE, "t.", 3));
        String region = random.columnCondition(DifferentialSchema.REGION, "p.");
        String fewLocations = "t.location IN (" + random.literal(TEXT_TABLE.space()) + ", "
                + random.literal(TEXT_TABLE.space()) + ")";
        return switch (random.between(0, 11)) {
            case 0 -> query(columns, "diff_text t", range, "t.location " + random.pick("IN", "NOT IN")
                    + " (SELECT p.location FROM diff_places p WHERE " + region + ")", filter);
            case 1 -> query(columns, "diff_text t", range, random.pick("EXISTS", "NOT EXISTS")
                    + " (SELECT 1 FROM diff_places p WHERE p.location = t.location AND " + region + ")", filter);
            case 2 -> {
                columns.add("(SELECT p.region FROM diff_places p WHERE p.location = t.location) AS region");
                yield query(columns, "diff_text t", range, filter);
            }
            case 3 -> query(columns, "diff_text t", range, "t.reading " + random.pick(">", "<=")
                    + " (SELECT avg(t2.reading) FROM diff_text t2 WHERE " + random.narrowTimeRange("t2.time", 3 * 60) + ")", filter);
            case 4 -> {
                String name = random.pick("temperature", "humidity", "reading");
                yield query(columns, "diff_text t", shortRange, fewLocations, "t." + name + " " + random.pick(">", "<") + " (SELECT "
                        + random.pick("avg", "max", "min") + "(t2." + name + ") FROM diff_text t2 WHERE t2.location = t.location AND "
                        + random.constantTimeRange("t2.time", INNER_MINUTES) + ")");
            }
            case 5 -> {
                List<String> numberColumns = new ArrayList<>(random.expressions(NUM_TABLE, "n.", 3));
                yield query(numberColumns, "diff_num n", random.narrowTimeRange("n.time", RandomTimes.NARROW_MINUTES), "n.device "
                        + random.pick("IN", "NOT IN") + " (SELECT abs(t.reading) % 16 + 1 FROM diff_text t WHERE " + range
                        + " AND t.reading IS NOT NULL" + (filter.isEmpty() ? "" : " AND " + filter) + ")");
            }
            case 6 -> query(columns, "diff_text t", range, random.pick("EXISTS", "NOT EXISTS")
                    + " (SELECT 1 FROM diff_num n WHERE n.time = t.time AND " + range.replace("t.time", "n.time") + " AND "
                    + random.columnCondition(random.pick(NUM_TABLE.columns()), "n.") + ")", filter);
            case 7 -> query(columns, "diff_text t", range, fewLocations, "t.reading " + random.pick("> ALL", "< ANY", "= ANY", "<> ALL")
                    + " (SELECT n.device * " + random.between(1, 60) + " FROM diff_num n WHERE " + random.narrowTimeRange("n.time", 20)
                    + ")");
            case 8 -> {
                String inner = "SELECT " + random.pick("count(*)", "max(t.reading)", "string_agg(t.note, ',' ORDER BY t.time)",
                        "avg(t.humidity)") + " FROM diff_text t WHERE t.location = p.location AND " + shortRange;
                yield query(List.of("p.location", "p.region", "(" + inner + ") AS measured"), "diff_places p",
                        random.chance(0.4) ? region : "");
            }
            case 9 -> query(columns, "diff_text t", range, "(t.location, t.time) IN (SELECT location, " + random.pick("max", "min")
                    + "(time) FROM diff_text WHERE " + range.replace("t.time", "time") + " GROUP BY location)");
            case 10 -> QueryText.unordered(random.pick("SELECT (SELECT max(t.time) FROM diff_text t WHERE " + range + "), (SELECT count(*)"
                    + " FROM diff_num n WHERE " + range.replace("t.time", "n.time") + " AND " + random.spaceCondition(NUM_TABLE, "n.")
                    + ")",
                    "SELECT EXISTS (SELECT 1 FROM diff_text t WHERE " + range + (filter.isEmpty() ? "" : " AND " + filter) + ")",
                    "SELECT 1 AS one WHERE " + random.pick("", "NOT ") + "EXISTS (SELECT 1 FROM diff_text t WHERE " + range + ")"));
            default -> {
                columns.add("(SELECT max(n.value) FROM diff_num n WHERE n.time BETWEEN t.time - interval '2 minutes' AND t.time AND "
                        + shortRange.replace("t.time", "n.time") + ") AS latest");
                yield query(columns, "diff_text t", shortRange, fewLocations);
            }
        };
    }

    QueryText commonTableExpression() {
        String width = random.pick("5 minutes", "10 minutes", "15 minutes", "1 hour");
        return switch (random.between(0, 4)) {
            case 0 -> {
                String measure = random.pick("avg", "sum", "max", "min", "stddev", "count") + "("
                        + random.pick("temperature", "humidity", "reading") + ")";
                String cte = "WITH s AS (SELECT location, time_bucket('" + width + "', time) AS bucket, " + measure + " AS measure,"
                        + " count(*) AS readings FROM diff_text" + random.where(List.of(random.narrowTimeRange("time", 3 * 60),
                        random.maybeFilter(TEXT_TABLE, "", 0.3))) + " GROUP BY 1, 2) ";
                yield ordered(cte + "SELECT location, count(*), max(measure), sum(readings) FROM s GROUP BY location", 4);
            }
            case 1 -> {
                String range = random.narrowTimeRange("time", RandomTimes.NARROW_MINUTES);
                String bucket = "time_bucket('" + width + "', time) AS bucket";
                String cte = "WITH a AS (SELECT " + bucket + ", avg(temperature) AS temperature, count(*) AS readings FROM diff_text WHERE "
                        + range + " GROUP BY 1), b AS (SELECT " + bucket + ", max(value) AS value, count(DISTINCT device) AS devices"
                        + " FROM diff_num WHERE " + range + " GROUP BY 1) ";
                yield ordered(cte + "SELECT a.bucket, a.temperature, a.readings, b.value, b.devices FROM a " + random.pick("JOIN",
                        "FULL JOIN", "LEFT JOIN") + " b USING (bucket)", 5);
            }
            case 2 -> {
                String cte = "WITH recent AS " + random.pick("", "MATERIALIZED ", "NOT MATERIALIZED ") + "(SELECT * FROM diff_num"
                        + random.where(List.of(random.narrowTimeRange("time", 3 * 60), random.spaceCondition(NUM_TABLE, ""))) + ") ";
                yield ordered(cte + "SELECT device, count(*), min(value), max(time), " + random.aggregate(NUM_TABLE, "").sql()
                        + " FROM recent GROUP BY device", 5);
            }
            case 3 -> {
                String cte = "WITH chosen AS (SELECT location FROM diff_places WHERE "
                        + random.columnCondition(DifferentialSchema.REGION, "") + ") ";
                List<String> columns = random.expressions(TEXT_TABLE, "", 3);
                yield ordered(cte + "SELECT " + String.join(", ", columns) + " FROM diff_text" + random.where(List.of(
                        "location IN (SELECT location FROM chosen)", random.narrowTimeRange("time", RandomTimes.NARROW_MINUTES))),
                        columns.size());
            }
            default -> {
                String cte = "WITH RECURSIVE steps(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM steps WHERE k < " + random.between(3, 17)
                        + ") ";
                yield ordered(cte + "SELECT s.k, count(n.time), max(n.level) FROM steps s LEFT JOIN diff_num n ON n.device = s.k AND "
                        + random.constantTimeRange("n.time", RandomTimes.NARROW_MINUTES) + " GROUP BY s.k", 3);
            }
        };
    }

    /** Window functions whose ORDER BY ends with time, unique in both hypertables, so every value they give is decided. */
    QueryText window() {
        Hypertable table = random.pick(DifferentialSchema.HYPERTABLES);
        String qualifier = table.alias() + ".";
        String from = table.name() + " " + table.alias();
        String range = random.narrowTimeRange(qualifier + "time", INNER_MINUTES);
        String space = qualifier + table.space().name();
        String spaceFilter = random.chance(0.6) ? random.spaceCondition(table, qualifier) : "";
        return switch (random.between(0, 3)) {
            case 0, 1 -> {
                List<String> columns = new ArrayList<>(List.of(space, qualifier + "time"));
                for (int i = random.between(1, 3); i > 0; i--) {
                    columns.add(windowFunction(table, qualifier, "OVER (" + (random.chance(0.7) ? "PARTITION BY " + space + " " : "")
                            + "ORDER BY " + qualifier + "time" + random.pick("", " DESC") + ")", "OVER (PARTITION BY " + space + ")"));
                }
                yield ordered("SELECT " + String.join(", ", columns) + " FROM " + from + random.where(List.of(range, spaceFilter)),
                        columns);
            }
            case 2 -> {
                Column measure = random.pick(table.measures());
                String name = qualifier + measure.name();
                String place = "row_number() OVER (PARTITION BY " + space + " ORDER BY " + name + random.direction() + ", " + qualifier
                        + "time) AS place";
                String inner = "SELECT " + space + ", " + qualifier + "time, " + name + ", " + place + " FROM " + from
                        + random.where(List.of(range, spaceFilter));
                yield ordered("SELECT * FROM (" + inner + ") ranked WHERE place <= " + random.between(1, 3), 4);
            }
            default -> {
                String key = random.groupKey(table, qualifier);
                yield ordered("SELECT " + key + ", count(*), sum(count(*)) OVER (), rank() OVER (ORDER BY count(*) DESC), "
                        + "count(*) * 100 / sum(count(*)) OVER () AS share FROM " + from + random.where(List.of(range, spaceFilter))
                        + " GROUP BY 1", 5);
            }
        };
    }

    /** A window function with a total ORDER BY ({@code ordered}), or an aggregate over a whole partition ({@code partition}). */
    private String windowFunction(Hypertable table, String qualifier, String ordered, String partition) {
        Column measure = random.pick(table.measures());
        String name = qualifier + measure.name();
        Column number = random.pick(table.measures().stream().filter(column -> column.type().isNumber()).toList());
        String numeric = qualifier + number.name();
        return switch (random.between(0, 12)) {
            case 0 -> "row_number() " + ordered;
            case 1 -> "rank() OVER (PARTITION BY " + qualifier + table.space().name() + " ORDER BY " + numeric + random.direction() + ")";
            case 2 -> "dense_rank() OVER (ORDER BY " + name + random.direction() + ")";
            case 3 -> "lag(" + name + ") " + ordered;
            case 4 -> "lead(" + name + ", 2) " + ordered;
            case 5 -> "sum(" + numeric + ") " + ordered.replace(")", " ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)");
            case 6 -> "avg(" + numeric + ") " + partition;
            case 7 -> "count(*) OVER ()";
            case 8 -> "first_value(" + name + ") " + ordered;
            case 9 -> "last_value(" + name + ") " + ordered.replace(")", " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)");
            case 10 -> "ntile(3) " + ordered;
            // max picks one of the values: one spelled alike for all that are equal.
            case 11 -> "max(" + qualifier + random.pick(table.measures().stream()
                    .filter(column -> column.type().isNumber() && column.spelledAlike())
                    .toList()).name() + ") " + ordered.replace(")", " RANGE BETWEEN interval '5 minutes' PRECEDING AND CURRENT ROW)");
            default -> "percent_rank() OVER (PARTITION BY " + qualifier + table.space().name() + " ORDER BY " + numeric + ")";
        };
    }

    private QueryText query(List<String> columns, String from, String... conditions) {
        return ordered("SELECT " + String.join(", ", columns) + " FROM " + from + random.where(List.of(conditions)), columns);
    }

    /** Half the time ordered by every output column, and then perhaps limited. */
    private QueryText ordered(String sql, int columns) {
        return random.chance(0.5) ? random.orderedByEveryColumn(sql, columns, 0.4) : QueryText.unordered(sql);
    }

    private QueryText ordered(String sql, List<String> columns) {
        return random.chance(0.5) ? random.orderedByEveryColumn(sql, columns, 0.4) : QueryText.unordered(sql);
    }
}
